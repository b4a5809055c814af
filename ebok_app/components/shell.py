"""The frame around every page of the portal: side bar on a desktop, top bar and drawer on a phone."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.contact_numbers import contact_numbers
from ebok_app.components.translated import language_switch, language_toggle, t
from ebok_app.settings import get_settings
from ebok_app.state.auth import AuthState


def brand(compact: bool = False) -> rx.Component:
    """The eBOK mark and the lessor's name."""
    return rx.hstack(
        rx.center(
            rx.text("e", weight="bold", size="5", color="white"),
            width="36px",
            height="36px",
            border_radius="10px",
            background=theme.ACCENT,
            flex_shrink="0",
        ),
        rx.vstack(
            rx.text("eBOK", weight="bold", size="4", color="white", line_height="1"),
            *(
                []
                if compact
                else [
                    rx.text(
                        get_settings().brand_name, size="1", color="rgba(255,255,255,0.7)", line_height="1.2"
                    )
                ]
            ),
            spacing="1",
        ),
        align="center",
        spacing="3",
    )


# 40 px targets in the phone's drawer, 36 px on a desktop: the menu with every section, who is signed in
# and the helpdesk's numbers fits a 390x844 phone and a 1280x800 screen without scrolling
NAV_ITEM_PADDING_Y = ["8px", "8px", "8px", "6px"]


def nav_item(section: routes.Section, active: bool) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon(section.icon, size=18),
            rx.text(t(section.label), size="3", weight="medium" if active else "regular"),
            align="center",
            spacing="3",
            padding_x="14px",
            padding_y=NAV_ITEM_PADDING_Y,
            border_radius="8px",
            color="white" if active else "rgba(255,255,255,0.78)",
            background=theme.NAVY_SOFT if active else "transparent",
            border_left=f"3px solid {theme.ACCENT if active else 'transparent'}",
            _hover={"background": theme.NAVY_SOFT, "color": "white"},
            width="100%",
        ),
        href=section.route,
        underline="none",
        width="100%",
        aria_current="page" if active else None,
    )


def nav_list(active_route: str, close_on_click: bool = False) -> rx.Component:
    def items(sections: tuple[routes.Section, ...]) -> list[rx.Component]:
        built = [nav_item(s, s.route == active_route) for s in sections]
        return [rx.drawer.close(item) for item in built] if close_on_click else built

    gap = "0" if close_on_click else "1"  # the drawer's 40 px items touch; the side bar's keep a gap
    admin = rx.cond(
        AuthState.show_admin_menu,  # display only: the pages check the role on the server
        rx.vstack(
            rx.text(t("Administracja"), size="1", color="rgba(255,255,255,0.5)", padding="8px 14px 2px"),
            *items(routes.ADMIN_SECTIONS),
            spacing=gap,
            width="100%",
        ),
    )
    return rx.el.nav(
        rx.vstack(*items(routes.SECTIONS), admin, spacing=gap, width="100%"),
        aria_label=t("Menu główne"),
        width="100%",
    )


def user_menu() -> rx.Component:
    """Who is signed in, for which company, and the way out."""
    return rx.hstack(
        rx.vstack(
            rx.text(
                AuthState.user_name, size="2", weight="medium", color=theme.NAVY, data_testid="signed-in-user"
            ),
            rx.text(
                AuthState.company_name + " · MilleKod " + AuthState.millekod, size="1", color=theme.MUTED
            ),
            spacing="0",
            align="end",
            display=["none", "flex"],
        ),
        logout_button(),
        align="center",
        spacing="3",
    )


def logout_button(**props) -> rx.Component:
    style = {"variant": "soft", "color_scheme": "gray", "size": "2", **props}
    return rx.button(rx.icon("log-out", size=16), t("Wyloguj"), on_click=AuthState.logout, **style)


def drawer_user() -> rx.Component:
    """Who is signed in and the way out, at the foot of the phone's menu."""
    return rx.vstack(
        rx.text(AuthState.user_name, size="2", weight="medium", color="white"),
        rx.text(AuthState.company_name, size="1", color="rgba(255,255,255,0.7)"),
        logout_button(width="100%", variant="solid", color_scheme="gray", high_contrast=True),
        spacing="1",
        width="100%",
        padding="8px 14px",
    )


def _idle_texts() -> dict[str, object]:
    """The limit and what screen readers hear in the tab's language, for assets/ebok.js: the whole
    warning, then the time left; {time} is one of the three Polish forms of "{n} seconds"."""
    return {
        "data-timeout": str(get_settings().idle_timeout_s),
        "data-warning": t(
            "Za chwilę wylogujemy Cię z powodu braku aktywności. Wylogowanie za {time}. "
            "Aby zostać, naciśnij przycisk Pozostań zalogowany."
        ),
        "data-left": t("Wylogowanie za {time}."),
        "data-seconds-one": t("{n} sekundę"),
        "data-seconds-few": t("{n} sekundy"),
        "data-seconds-many": t("{n} sekund"),
    }


def idle_guard(keep_alive=AuthState.keep_alive, logout_idle=AuthState.logout_idle) -> rx.Component:
    """The inactivity timer's parts (driven by assets/ebok.js): its limit, the warning, two hidden
    triggers for the server (activity ping, sign-out); the staff pages pass their own handlers."""
    hidden = {"display": "none"}
    return rx.fragment(
        rx.el.div(id="ebok-idle", custom_attrs=_idle_texts(), style=hidden),
        rx.el.button(id="ebok-keepalive", on_click=keep_alive, style=hidden, tab_index=-1),
        rx.el.button(id="ebok-idle-logout", on_click=logout_idle, style=hidden, tab_index=-1),
        # what screen readers hear (the warning, then the seconds left): in the page from the start, so
        # that its changes are announced; the visible countdown below is hidden from them
        # assertive, not role="alert": read at once, yet not a second alert beside a page's own error
        rx.el.div(id="ebok-idle-live", aria_live="assertive", aria_atomic="true", class_name="ebok-sr-only"),
        rx.flex(
            rx.icon("timer", size=18),
            rx.text(
                t("Za chwilę wylogujemy Cię z powodu braku aktywności: "),
                rx.el.span(id="ebok-idle-countdown", aria_hidden="true", style={"font_weight": "700"}),
                size="2",
                weight="medium",
            ),
            rx.button(t("Pozostań zalogowany"), on_click=keep_alive, size="2", variant="solid"),
            id="ebok-idle-warning",
            style=hidden,
            position="fixed",
            bottom="16px",
            left="50%",
            transform="translateX(-50%)",
            z_index="100",
            gap="3",
            align="center",
            wrap="wrap",
            padding="12px 16px",
            border_radius="12px",
            background="#fff7e0",
            border="1px solid #f1c24b",
            box_shadow="0 8px 24px rgba(0,0,0,0.12)",
            max_width="92vw",
        ),
    )


def helpdesk_note() -> rx.Component:
    return rx.vstack(
        contact_numbers(dark=True),
        rx.flex(
            rx.link(t("Pomoc"), href=routes.HELP, color="white", size="1"),
            rx.link(t("Regulamin"), href=routes.TERMS, color="white", size="1"),
            style={"column_gap": "14px"},
        ),
        spacing="2",
        padding="10px 14px",
        border_radius="8px",
        background="rgba(255,255,255,0.06)",
        width="100%",
    )


def sidebar(active_route: str) -> rx.Component:
    """Navy down to the foot of the longest page; its content stays in view while the page scrolls."""
    return rx.box(
        rx.vstack(
            rx.box(brand(), padding_x="8px", padding_bottom="12px"),
            nav_list(active_route),
            rx.spacer(),
            helpdesk_note(),
            height="100vh",
            position="sticky",
            top="0",
            padding="16px",
            spacing="2",
            overflow_y="auto",
        ),
        display=["none", "none", "none", "block"],
        width=theme.SIDEBAR_WIDTH,
        min_width=theme.SIDEBAR_WIDTH,
        align_self="stretch",
        background=theme.NAVY,
        class_name="ebok-dark",
    )


def demo_badge(on_dark: bool = False) -> rx.Component:
    """Tells whoever looks that this is a demo installation (demo data, SMS codes shown on screen)."""
    if not get_settings().demo_mode:
        return rx.fragment()
    return rx.badge(
        rx.icon("flask-conical", size=12),
        t("Demo") if on_dark else t("Tryb demonstracyjny"),  # the phone's top bar has room for a word
        color_scheme="amber",
        variant="solid" if on_dark else "soft",
        size="2",
    )


def mobile_topbar(active_route: str) -> rx.Component:
    return rx.hstack(
        rx.drawer.root(
            rx.drawer.trigger(
                rx.icon_button(
                    rx.icon("menu", size=22),
                    variant="ghost",
                    color="white",
                    size="3",
                    aria_label=t("Otwórz menu"),
                )
            ),
            rx.drawer.overlay(z_index="50"),
            rx.drawer.portal(
                rx.drawer.content(
                    rx.drawer.title(t("Menu"), class_name="ebok-sr-only"),
                    rx.drawer.description(t("Sekcje eBOK i wylogowanie"), class_name="ebok-sr-only"),
                    rx.vstack(
                        rx.hstack(
                            brand(),
                            rx.spacer(),
                            rx.drawer.close(
                                rx.icon_button(
                                    rx.icon("x", size=20),
                                    variant="ghost",
                                    color="white",
                                    aria_label=t("Zamknij menu"),
                                )
                            ),
                            width="100%",
                            align="center",
                            padding_bottom="8px",
                        ),
                        nav_list(active_route, close_on_click=True),
                        rx.spacer(),
                        drawer_user(),
                        helpdesk_note(),
                        height="100%",
                        width="100%",
                        spacing="2",
                        overflow_y="auto",  # a shorter phone scrolls the menu, never cuts it
                    ),
                    background=theme.NAVY,
                    class_name="ebok-dark",
                    width="84vw",
                    max_width="320px",
                    height="100%",
                    padding="16px",
                    z_index="60",
                )
            ),
            direction="left",
        ),
        brand(compact=True),
        rx.spacer(),
        demo_badge(on_dark=True),
        language_toggle(),
        display=["flex", "flex", "flex", "none"],
        class_name="ebok-dark",
        align="center",
        spacing="2",
        padding_x="12px",
        height="56px",
        background=theme.NAVY,
        position="sticky",
        top="0",
        z_index="40",
        width="100%",
    )


def page_header(
    section: routes.Section, title: rx.Var | str | None, lead: rx.Component | None
) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.link(
                "eBOK · " + t(section.label), href=section.route, size="1", color=theme.MUTED, weight="medium"
            ),
            rx.heading(
                title if title is not None else t(section.label), size="7", color=theme.NAVY, as_="h1"
            ),
            lead if lead is not None else rx.text(t(section.lead), size="3", color=theme.MUTED),
            spacing="1",
        ),
        rx.spacer(),
        rx.vstack(
            rx.hstack(demo_badge(), language_switch(), align="center", spacing="3"),
            user_menu(),
            align="end",
            spacing="2",
            display=["none", "none", "none", "flex"],
        ),
        width="100%",
        align="start",
        padding_bottom="20px",
    )


MAIN_ID = "tresc"


def page_footer() -> rx.Component:
    return rx.el.footer(
        rx.link(t("Deklaracja dostępności"), href=routes.ACCESSIBILITY, size="2", color=theme.MUTED),
        padding_top="32px",
    )


def skip_link() -> rx.Component:
    """The first stop of Tab: straight to the page's content, past the menu."""
    return rx.el.a(t("Przejdź do treści"), href=f"#{MAIN_ID}", class_name="ebok-skip")


def shell(
    active_route: str,
    *children: rx.Component,
    title: rx.Var | str | None = None,
    lead: rx.Component | None = None,
) -> rx.Component:
    """A page of the portal: navigation, a header (the section's, or `title` and `lead`), `children`."""
    section = routes.section(active_route)
    return rx.hstack(
        skip_link(),
        sidebar(active_route),
        rx.vstack(
            mobile_topbar(active_route),
            rx.el.main(
                page_header(section, title, lead),
                *children,
                page_footer(),
                id=MAIN_ID,
                tab_index=-1,
                outline="none",
                width="100%",
                max_width="1200px",
                padding=["16px", "20px", "24px", "32px"],
            ),
            spacing="0",
            width="100%",
            min_width="0",
        ),
        idle_guard(),
        spacing="0",
        width="100%",
        min_height="100vh",
        background=theme.PAGE_BG,
        align="start",
    )


def card(*children: rx.Component, **props) -> rx.Component:
    """A white panel with the portal's border and padding (any of them can be overridden)."""
    style = {
        "background": "white",
        "border": f"1px solid {theme.CARD_BORDER}",
        "border_radius": "12px",
        "padding": ["16px", "20px", "24px"],
    }
    return rx.box(*children, **{**style, **props})
