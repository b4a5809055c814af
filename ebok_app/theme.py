"""Brand colours and the Radix theme: the one place that decides how eBOK looks."""

from __future__ import annotations

import reflex as rx

NAVY = "#0b2545"  # side bar, headings
NAVY_SOFT = "#13315c"  # hovered item on the side bar
ACCENT = "#c8102e"  # brand red: active item, primary actions
PAGE_BG = "#f4f6fa"
CARD_BORDER = "#e3e8f0"
MUTED = "#5b6b82"

SIDEBAR_WIDTH = "264px"
NATIVE_SELECT: dict = {  # a plain <select> in a form, sized like a Radix input of size 2
    "height": "32px",
    "padding": "0 8px",
    "border": f"1px solid {CARD_BORDER}",
    "border_radius": "6px",
    "background": "white",
    "width": "100%",
    "font_size": "var(--font-size-2)",
}
FOCUS = "#0b57d0"  # focus ring on light backgrounds (6:1 on white)
FOCUS_ON_DARK = "#ffbf47"  # on the navy bars (8:1 on navy)
ACCENT_STRONG = "#a50d26"  # hovered primary button
# WCAG 2.1 AA on Radix's colours: white on the primary buttons >= 4.5:1 (Radix's red 9 gives 3.9:1), the
# text of soft badges and callouts >= 4.5:1 (Radix's 11 steps give 3.98-4.33:1), a focus ring >= 3:1.
# A <style> in the page's head sets them with a selector stronger than Radix's own.
RADIX_OVERRIDES: dict[str, str] = {
    "--red-9": ACCENT,
    "--red-10": ACCENT_STRONG,
    "--red-11": "#a4161a",
    "--red-a11": "#a4161a",
    "--amber-11": "#8a4f00",
    "--amber-a11": "#8a4f00",
    "--orange-11": "#9a3a00",  # the "wymaga uzupełnienia" badge of requests
    "--orange-a11": "#9a3a00",
    "--green-9": "#1a7f4b",  # white on the solid green "Zapłać online" (Radix's green 9 gives 3.2:1)
    "--green-10": "#166c40",
    "--green-11": "#176640",
    "--green-a11": "#176640",
    "--blue-11": "#0b5cad",
    "--blue-a11": "#0b5cad",
    "--focus-8": FOCUS,
}


def radix_overrides_css() -> str:
    """The <style> of the page's head: Radix's colours set right, and STYLE's own classes as plain CSS, so
    that the server's HTML is painted with them before the scripts run (Emotion adds STYLE only then: a
    skip link, a hidden hint or a folded panel would show for a moment and the page would jump)."""
    body = "".join(f"{name}:{value};" for name, value in RADIX_OVERRIDES.items())
    rules = "".join(_css_rule(selector, rule) for selector, rule in STYLE.items() if isinstance(rule, dict))
    return f".radix-themes.radix-themes{{{body}}}{rules}"


def _css_rule(selector: str, rule: dict) -> str:
    if selector.startswith("@media"):
        return f"{selector}{{{''.join(_css_rule(inner, r) for inner, r in rule.items())}}}"
    body = "".join(f"{name.replace('_', '-')}:{value};" for name, value in rule.items())
    return f"{selector}{{{body}}}"


FONT_STACK = "'Inter', 'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif"

STYLE: dict = {
    "font_family": FONT_STACK,
    # a focus ring >= 3:1 on light backgrounds and on the navy bars
    ":focus-visible": {"outline": f"2px solid {FOCUS}", "outline_offset": "2px"},
    ".ebok-dark :focus-visible": {"outline_color": FOCUS_ON_DARK},
    ".ebok-sr-only": {
        "position": "absolute",
        "width": "1px",
        "height": "1px",
        "overflow": "hidden",
        "clip": "rect(0 0 0 0)",
        "white_space": "nowrap",
    },
    ".ebok-skip": {
        "position": "absolute",
        "left": "8px",
        "top": "-48px",
        "z_index": "200",
        "padding": "8px 14px",
        "background": "white",
        "color": NAVY,
        "border_radius": "6px",
        "font_weight": "600",
    },
    ".ebok-skip:focus": {"top": "8px"},
    "background_color": PAGE_BG,
    "::selection": {"background_color": "#ffd5db"},
    # a link inside a sentence is underlined, not told apart by its colour alone (WCAG 1.4.1)
    ":is(p, li) > a.rt-Link, .rt-Text a.rt-Link": {"text_decoration_line": "underline"},
    ".ebok-mask-box": {
        "width": "34px",
        "height": "42px",
        "text_align": "center",
        "font_size": "18px",
        "border": "1px solid #9aa8bb",
        "border_radius": "6px",
        "background": "white",
    },
    ".ebok-mask-box:disabled": {"background": "#e9edf3", "border_color": "#dde3ea", "cursor": "not-allowed"},
    "input[data-vk-current]": {"outline": f"2px solid {ACCENT}", "outline_offset": "1px"},
    ".ebok-filters > summary": {"list_style": "none", "display": "flex"},
    ".ebok-filters > summary::-webkit-details-marker": {"display": "none"},
    ".ebok-filters .rt-TextFieldRoot, .ebok-filters .rt-SelectTrigger": {"width": "100%"},
    # filter panels arrive folded and a desktop shows them at once (assets/ebok.js then marks them open):
    # no jump of the page when the script runs
    "@media (min-width: 768px)": {"details.ebok-filters::details-content": {"content_visibility": "visible"}},
    # sortable column headers (components/listing.py): a button that looks like the header's text
    ".ebok-sort": {
        "all": "unset",
        "display": "inline-flex",
        "align_items": "center",
        "gap": "4px",
        "cursor": "pointer",
        "font_weight": "inherit",
        "text_align": "left",
    },
    ".ebok-sort:focus-visible": {"outline": f"2px solid {FOCUS}", "outline_offset": "2px"},
    # tables that scroll inside their box, header kept in view; the hint shows only when they overflow
    ".ebok-scroll": {"overflow": "auto", "max_height": "75vh", "width": "100%"},
    # Radix's table scrolls inside its own area with a hidden scroll bar: the region above scrolls instead
    ".ebok-scroll .rt-ScrollAreaRoot, .ebok-scroll .rt-ScrollAreaViewport": {
        "overflow": "visible !important"
    },
    ".ebok-scroll .rt-TableRoot": {"--table-cell-padding": "6px"},
    ".ebok-scroll thead th": {"position": "sticky", "top": "0", "background": "white", "z_index": "1"},
    ".ebok-scroll-hint": {"display": "none", "align_items": "center", "gap": "6px", "padding_bottom": "6px"},
    ".ebok-scroll-hint[data-overflows]": {"display": "flex"},
    # big amounts (components/figures.py): the card is a size container and the type scales with its
    # width; the widest amount is ~10.2 em of bold digits, so 9 % of the width per em leaves a margin
    ".ebok-figure": {"container_type": "inline-size"},
    ".ebok-amount": {
        "font_size": "clamp(13px, 9cqi, var(--ebok-amount-max, 28px))",
        "line_height": "1.25",
        "min_height": "1.25em",
        "font_weight": "700",
        "font_variant_numeric": "tabular-nums",
        "overflow_wrap": "anywhere",  # a last resort: never outside the card
    },
}


def radix_theme() -> rx.Component:
    return rx.theme(appearance="light", accent_color="red", gray_color="slate", radius="medium")
