"""Profil: the user's data and Ustawienia haseł (masking, password change, recent log-ins)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.feedback import password_rules, problems_callout, success_callout
from ebok_app.components.shell import card, shell
from ebok_app.state.auth import AuthState
from ebok_app.state.profile import ProfileState


def fact(label: str, value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=theme.MUTED), rx.text(value, size="2", weight="medium"), spacing="0"
    )


def data_card() -> rx.Component:
    return card(
        rx.heading("Twoje dane", size="4", color=theme.NAVY, as_="h2"),
        rx.grid(
            fact("Imię i nazwisko", ProfileState.full_name),
            fact("Login", ProfileState.login),
            fact("Uprawnienia", ProfileState.role),
            fact("Kod jednorazowy", ProfileState.auth_method),
            fact("Telefon do SMS", ProfileState.phone),
            fact("Poprzednie udane logowanie", ProfileState.last_login),
            fact("Ostatnie nieudane logowanie", ProfileState.last_failed),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            padding_top="12px",
        ),
        rx.text(
            "Numer telefonu zmienia administrator Twojej firmy albo HelpDesk.",
            size="1",
            color=theme.MUTED,
            padding_top="12px",
        ),
    )


def masking_card() -> rx.Component:
    return card(
        rx.heading("Maskowanie hasła", size="4", color=theme.NAVY, as_="h2"),
        rx.hstack(
            rx.switch(
                checked=ProfileState.masking_enabled,
                on_change=ProfileState.set_masking,
                aria_label="Maskowanie hasła",
            ),
            rx.text(
                rx.cond(
                    ProfileState.masking_enabled,
                    "Włączone: przy logowaniu podajesz tylko wybrane znaki hasła.",
                    "Wyłączone: przy logowaniu podajesz całe hasło.",
                ),
                size="2",
            ),
            spacing="3",
            align="center",
            padding_top="10px",
        ),
    )


def password_card() -> rx.Component:
    return card(
        rx.heading("Zmiana hasła", size="4", color=theme.NAVY, as_="h2"),
        password_rules("1"),
        problems_callout(ProfileState.problems),
        rx.form(
            rx.vstack(
                rx.input(
                    name="current_password",
                    type="password",
                    placeholder="Obecne hasło",
                    auto_complete="current-password",
                    width="100%",
                    aria_label="Obecne hasło",
                ),
                rx.input(
                    name="new_password",
                    type="password",
                    placeholder="Nowe hasło",
                    auto_complete="new-password",
                    width="100%",
                    aria_label="Nowe hasło",
                ),
                rx.input(
                    name="repeat",
                    type="password",
                    placeholder="Powtórz nowe hasło",
                    auto_complete="new-password",
                    width="100%",
                    aria_label="Powtórz nowe hasło",
                ),
                rx.button("Zmień hasło", type="submit"),
                spacing="2",
                width="100%",
                max_width="360px",
            ),
            on_submit=ProfileState.change_password,
            reset_on_submit=True,
            padding_top="8px",
        ),
    )


def history_card() -> rx.Component:
    return card(
        rx.heading("Ostatnie logowania", size="4", color=theme.NAVY, as_="h2"),
        rx.vstack(
            rx.foreach(
                ProfileState.history,
                lambda h: rx.hstack(
                    rx.icon(
                        rx.cond(h["ok"], "circle-check", "circle-x"),
                        size=16,
                        color=rx.cond(h["ok"], "green", theme.ACCENT),
                    ),
                    rx.text(h["at"], size="2"),
                    rx.text(h["result"], size="2", color=theme.MUTED),
                    rx.spacer(),
                    rx.text(h["ip"], size="1", color=theme.MUTED),
                    width="100%",
                ),
            ),
            spacing="2",
            padding_top="10px",
        ),
        rx.button(
            "Wyloguj ze wszystkich urządzeń",
            on_click=AuthState.logout_everywhere,
            variant="outline",
            color_scheme="red",
            margin_top="14px",
        ),
    )


def profile_page() -> rx.Component:
    return shell(
        routes.PROFILE,
        rx.box(success_callout(ProfileState.message), margin_bottom="16px"),
        rx.grid(
            data_card(),
            masking_card(),
            password_card(),
            history_card(),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
    )
