"""What the company administrator's and the helpdesk's user cards both show of a client user."""

from __future__ import annotations

import reflex as rx

from ebok_app import theme
from ebok_app.accounts.cards import UserCard

STATE_COLORS = {"active": "green", "locked": "red", "first_login": "amber", "disabled": "gray"}


def state_badge(user: rx.Var[UserCard]) -> rx.Component:
    return rx.badge(
        user["state_label"],
        color_scheme=rx.match(user["state"], *STATE_COLORS.items(), "gray"),
        variant="soft",
    )


def account_line(user: rx.Var[UserCard], with_phone: bool = False) -> rx.Component:
    """Login, rights and the one-time code method (and the phone, for the helpdesk)."""
    text = "login: " + user["login"] + " · " + user["role"] + " · " + user["method"]
    if with_phone:
        text = text + " · tel. " + user["phone"]
    return rx.text(text, size="1", color=theme.MUTED)


def log_in_line(user: rx.Var[UserCard]) -> rx.Component:
    return rx.text(
        "Ostatnie logowanie: "
        + user["last_login"]
        + " · nieudane: "
        + user["last_failed"]
        + " · błędne próby: "
        + user["failed"].to_string(),
        size="1",
        color=theme.MUTED,
    )


def phone_form(user: rx.Var[UserCard], on_submit: rx.EventHandler) -> rx.Component:
    """A new mobile number for a user (the helpdesk's and the company administrator's control)."""
    return rx.form(
        rx.flex(
            rx.el.input(type="hidden", name="user_id", value=user["id"].to_string()),
            rx.input(
                name="phone",
                placeholder="nowy numer, np. 601 234 567",
                aria_label="Nowy numer telefonu " + user["login"],
                size="2",
                flex="1",
                min_width="0",
                input_mode="tel",
            ),
            rx.button("Zmień numer", type="submit", size="2", variant="soft"),
            spacing="2",
            width="100%",
            max_width="420px",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
        width="100%",
    )


def code_form(
    change_id: rx.Var, on_submit: rx.EventHandler, label: str = "Potwierdź", field: str = "Kod z SMS"
) -> rx.Component:
    """The six-digit code (from an SMS or a token) that confirms a change (sent as `change_id`, `code`)."""
    return rx.form(
        rx.flex(
            rx.el.input(type="hidden", name="change_id", value=change_id.to_string()),
            rx.input(
                name="code",
                placeholder="6 cyfr",
                aria_label=field,
                input_mode="numeric",
                auto_complete="one-time-code",
                max_length=6,
                size="2",
                width="150px",
            ),
            rx.button(label, type="submit", size="2"),
            spacing="2",
            align="center",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
    )
