"""Demo token emulator (/demo/token): type the digits printed under the log-in page's graphic code and
read what the demo user's reader token would show."""

from __future__ import annotations

import reflex as rx

from ebok_app import theme
from ebok_app.components.feedback import error_callout
from ebok_app.components.shell import brand, card
from ebok_app.components.translated import t
from ebok_app.state.demo_token import DemoTokenState


def _field(label: str, name: str, **props) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium", as_="label"),
        rx.input(name=name, aria_label=label, size="3", width="100%", auto_complete="off", **props),
        spacing="1",
        width="100%",
    )


def emulator_form() -> rx.Component:
    return card(
        rx.form(
            rx.vstack(
                _field(t("MilleKod"), "millekod", input_mode="numeric", max_length=10),
                _field(t("Login"), "login", max_length=64),
                _field(t("Kod spod obrazka"), "challenge", input_mode="numeric", max_length=9),
                rx.button(t("Pokaż odpowiedź tokena"), type="submit", size="3", width="100%"),
                error_callout(DemoTokenState.error),
                rx.cond(
                    DemoTokenState.answer != "",
                    rx.vstack(
                        rx.text(t("Token pokazuje:"), size="2", color=theme.MUTED),
                        rx.code(DemoTokenState.answer, size="7", weight="bold", data_testid="token-answer"),
                        spacing="1",
                        align="center",
                        width="100%",
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=DemoTokenState.respond,
            width="100%",
        ),
        padding="20px",
        width="100%",
    )


def demo_token_page() -> rx.Component:
    return rx.box(
        rx.hstack(brand(), padding="14px 20px", background=theme.NAVY, align="center"),
        rx.el.main(
            rx.vstack(
                rx.heading(t("Emulator tokena z czytnikiem"), size="6", color=theme.NAVY, as_="h1"),
                rx.text(
                    t(
                        "Token z czytnikiem odczytuje kod graficzny ze strony logowania i pokazuje "
                        "odpowiedź. "
                        "Tutaj zamiast skanowania wpisz cyfry wydrukowane pod kodem graficznym."
                    ),
                    color=theme.MUTED,
                    size="2",
                ),
                rx.cond(
                    DemoTokenState.enabled,
                    emulator_form(),
                    rx.callout(
                        t("Emulator jest dostępny tylko w trybie demonstracyjnym."),
                        icon="lock",
                        color_scheme="gray",
                    ),
                ),
                spacing="4",
                padding=["16px", "32px"],
                max_width="520px",
                margin="0 auto",
            ),
        ),
        min_height="100vh",
        background=theme.PAGE_BG,
    )
