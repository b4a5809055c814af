"""The page of an address that does not exist: in Polish, with a heading and a way back."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.public import public_frame
from ebok_app.components.shell import card
from ebok_app.components.translated import t

TITLE = t("Nie znaleziono strony · eBOK")


def not_found_page() -> rx.Component:
    return public_frame(
        card(
            rx.vstack(
                rx.icon("map-pin-off", size=32, color=theme.MUTED, aria_hidden="true"),
                rx.heading(t("Nie ma takiej strony"), as_="h1", size="7", color=theme.NAVY),
                rx.text(
                    t("Adres mógł się zmienić albo zawiera literówkę. Sprawdź go lub wróć do eBOK."),
                    size="3",
                    color=theme.MUTED,
                ),
                rx.hstack(
                    rx.button(rx.el.a(t("Wróć do Pulpitu"), href=routes.DASHBOARD), as_child=True),
                    rx.button(
                        rx.el.a(t("Zaloguj się"), href=routes.LOGIN),
                        as_child=True,
                        variant="soft",
                        color_scheme="gray",
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="3",
                align="start",
            ),
            data_testid="not-found",
        )
    )
