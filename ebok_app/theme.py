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
FONT_STACK = "'Inter', 'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif"

STYLE: dict = {
    "font_family": FONT_STACK,
    "background_color": PAGE_BG,
    "::selection": {"background_color": "#ffd5db"},
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
}


def radix_theme() -> rx.Component:
    return rx.theme(appearance="light", accent_color="red", gray_color="slate", radius="medium")
