"""Logowanie pracownika (/obsluga/logowanie): login, password and the code of the employee's token."""

from __future__ import annotations

import reflex as rx

from ebok_app import theme
from ebok_app.components.feedback import error_callout
from ebok_app.components.shell import brand, demo_badge
from ebok_app.pages.login import field
from ebok_app.state.staff_auth import StaffAuthState


def staff_login_page() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.hstack(
                rx.box(brand(compact=True), background=theme.NAVY, padding="10px 14px", border_radius="12px"),
                rx.spacer(),
                demo_badge(),
                width="100%",
                align="center",
            ),
            rx.heading("Logowanie pracownika", size="6", color=theme.NAVY, as_="h1"),
            rx.text(
                "Dla konsultantów i HelpDesku. Wymagany jest login, hasło i kod z tokena (aplikacji TOTP).",
                size="2",
                color=theme.MUTED,
            ),
            error_callout(StaffAuthState.error),
            rx.form(
                rx.vstack(
                    field(
                        "Login",
                        rx.input(
                            name="login", auto_complete="username", size="3", width="100%", aria_label="Login"
                        ),
                    ),
                    field(
                        "Hasło",
                        rx.input(
                            name="password",
                            type="password",
                            auto_complete="current-password",
                            size="3",
                            width="100%",
                            aria_label="Hasło",
                        ),
                    ),
                    field(
                        "Kod z tokena",
                        rx.input(
                            name="code",
                            input_mode="numeric",
                            auto_complete="one-time-code",
                            max_length=6,
                            size="3",
                            width="100%",
                            aria_label="Kod z tokena",
                        ),
                    ),
                    rx.button(
                        "Zaloguj", type="submit", size="3", width="100%", disabled=~StaffAuthState.ready
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=StaffAuthState.submit_login,
                reset_on_submit=True,
                width="100%",
            ),
            spacing="4",
            width="100%",
            max_width="420px",
            background="white",
            padding=["20px", "32px"],
            border_radius="16px",
            border=f"1px solid {theme.CARD_BORDER}",
        ),
        min_height="100vh",
        padding=["12px", "24px"],
        background=theme.PAGE_BG,
        align_items=["start", "center"],
    )
