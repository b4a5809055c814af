"""The frame of the staff pages (/obsluga): a top bar with the sections the employee may use, who is
signed in and the way out. Plain and dense, the way back-office screens are; wraps on a phone."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.feedback import error_callout
from ebok_app.components.shell import brand, demo_badge, idle_guard
from ebok_app.state.staff_auth import NO_STAFF_RIGHT_PL, StaffAuthState

NEEDS_ACTIVATE = {routes.STAFF_ACTIVATION}


def staff_nav_item(section: routes.Section, active: bool) -> rx.Component:
    link = rx.link(
        rx.hstack(
            rx.icon(section.icon, size=16),
            rx.text(section.label, size="2", weight="medium" if active else "regular"),
            align="center",
            spacing="2",
            padding="6px 10px",
            border_radius="8px",
            color="white" if active else "rgba(255,255,255,0.8)",
            background=theme.NAVY_SOFT if active else "transparent",
            border_bottom=f"2px solid {theme.ACCENT if active else 'transparent'}",
            _hover={"background": theme.NAVY_SOFT, "color": "white"},
        ),
        href=section.route,
        underline="none",
        aria_current="page" if active else None,
    )
    shown = StaffAuthState.can_activate if section.route in NEEDS_ACTIVATE else StaffAuthState.can_helpdesk
    return rx.cond(shown, link)  # display only: every page checks the rights on the server


def staff_topbar(active_route: str) -> rx.Component:
    return rx.vstack(
        rx.flex(
            brand(compact=True),
            rx.text(
                "Obsługa klienta",
                size="2",
                color="rgba(255,255,255,0.75)",
                padding_left="12px",
                border_left="1px solid rgba(255,255,255,0.3)",
                white_space="nowrap",
            ),
            rx.spacer(),
            rx.box(demo_badge(on_dark=True), display=["none", "none", "block"]),
            rx.text(
                StaffAuthState.staff_name,
                size="2",
                color="white",
                display=["none", "block"],
                data_testid="signed-in-staff",
            ),
            rx.button(
                rx.icon("log-out", size=16),
                "Wyloguj",
                on_click=StaffAuthState.logout,
                variant="outline",
                size="1",
                color="white",
                box_shadow="inset 0 0 0 1px rgba(255,255,255,0.5)",
            ),
            align="center",
            spacing="3",
            width="100%",
        ),
        rx.el.nav(
            rx.flex(
                *[staff_nav_item(s, s.route == active_route) for s in routes.STAFF_SECTIONS],
                spacing="1",
                wrap="wrap",
            ),
            aria_label="Menu obsługi",
            width="100%",
        ),
        spacing="2",
        padding="10px 16px",
        background=theme.NAVY,
        width="100%",
    )


def staff_shell(active_route: str, *children: rx.Component) -> rx.Component:
    """A staff page: the top bar, the section's title and lead, `children`."""
    section = routes.section(active_route)
    return rx.box(
        staff_topbar(active_route),
        rx.el.main(
            rx.vstack(
                rx.heading(section.label, size="6", color=theme.NAVY, as_="h1"),
                rx.text(section.lead, size="2", color=theme.MUTED),
                spacing="1",
                padding_bottom="16px",
            ),
            *children,
            width="100%",
            max_width="1200px",
            margin="0 auto",
            padding=["12px", "20px", "24px"],
        ),
        idle_guard(StaffAuthState.keep_alive, StaffAuthState.logout_idle),
        min_height="100vh",
        background=theme.PAGE_BG,
        width="100%",
    )


def unless_refused(error: rx.Var[str], content: rx.Component) -> rx.Component:
    """`content`, or only the refusal when the employee lacks the page's right."""
    return rx.cond(error == NO_STAFF_RIGHT_PL, error_callout(error), content)
