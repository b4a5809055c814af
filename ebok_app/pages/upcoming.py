"""Sections of the portal that are still being built: each says what it will hold, with no made-up data."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.shell import card, shell

UPCOMING_ROUTES: tuple[str, ...] = (routes.NOTIFICATIONS,)


def feature_row(text: str) -> rx.Component:
    return rx.hstack(
        rx.icon("circle-check", size=18, color=theme.ACCENT, flex_shrink="0", margin_top="2px"),
        rx.text(text, size="3"),
        align="start",
        spacing="3",
    )


def upcoming_page(route: str) -> rx.Component:
    section = routes.section(route)
    return shell(
        route,
        card(
            rx.vstack(
                rx.hstack(
                    rx.icon(section.icon, size=22, color=theme.NAVY),
                    rx.heading("Co znajdziesz w tej sekcji", size="4", color=theme.NAVY, as_="h2"),
                    rx.badge("W przygotowaniu", color_scheme="gray", variant="surface"),
                    align="center",
                    spacing="3",
                    wrap="wrap",
                ),
                *[feature_row(text) for text in section.features],
                spacing="3",
            ),
            data_testid="section-preview",
        ),
    )
