"""Pulpit: the first page after log-in."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.shell import card, shell
from ebok_app.settings import get_settings


def section_tile(section: routes.Section) -> rx.Component:
    return rx.link(
        card(
            rx.flex(
                rx.center(
                    rx.icon(section.icon, size=20, color=theme.ACCENT),
                    width="40px",
                    height="40px",
                    min_width="40px",
                    border_radius="10px",
                    background="#fdecef",
                ),
                rx.vstack(
                    rx.heading(section.label, size="4", color=theme.NAVY, as_="h3"),
                    rx.text(section.lead, size="2", color=theme.MUTED),
                    spacing="1",
                ),
                direction=rx.breakpoints(initial="row", sm="column"),
                spacing="3",
            ),
            height="100%",
            _hover={"border_color": theme.ACCENT, "box_shadow": "0 4px 16px rgba(11,37,69,0.08)"},
            transition="all 120ms ease",
        ),
        href=section.route,
        underline="none",
        color="inherit",
    )


def security_notice() -> rx.Component:
    return card(
        rx.hstack(
            rx.icon("lock-keyhole", size=22, color=theme.NAVY, flex_shrink="0"),
            rx.vstack(
                rx.heading("Bezpieczeństwo", size="3", color=theme.NAVY, as_="h2"),
                rx.text(
                    "Logujesz się MilleKodem firmy, loginem, hasłem maskowanym i jednorazowym kodem SMS "
                    "lub z tokena. System nigdy nie prosi o podanie innych danych.",
                    size="2",
                    color=theme.MUTED,
                ),
                rx.text(
                    f"Problem z logowaniem? HelpDesk: {get_settings().helpdesk_phone}",
                    size="2",
                    weight="medium",
                    color=theme.NAVY,
                ),
                spacing="1",
            ),
            spacing="3",
            align="start",
        ),
        margin_top="20px",
    )


def dashboard_page() -> rx.Component:
    tiles = [section_tile(s) for s in routes.SECTIONS if s.route != routes.DASHBOARD]
    return shell(
        routes.DASHBOARD,
        rx.grid(*tiles, columns=rx.breakpoints(initial="1", sm="2", lg="3"), spacing="4", width="100%"),
        security_notice(),
    )
