"""What the company administrator's and the helpdesk's user cards both show of a client user."""

from __future__ import annotations

import reflex as rx

from ebok_app import theme

STATE_COLORS = {"active": "green", "locked": "red", "first_login": "amber", "disabled": "gray"}


def state_badge(user: rx.Var[dict]) -> rx.Component:
    return rx.badge(
        user["state_label"],
        color_scheme=rx.match(user["state"], *STATE_COLORS.items(), "gray"),
        variant="soft",
    )


def account_line(user: rx.Var[dict], with_phone: bool = False) -> rx.Component:
    """Login, rights and the one-time code method (and the phone, for the helpdesk)."""
    text = "login: " + user["login"].to(str) + " · " + user["role"].to(str) + " · " + user["method"].to(str)
    if with_phone:
        text = text + " · tel. " + user["phone"].to(str)
    return rx.text(text, size="1", color=theme.MUTED)


def log_in_line(user: rx.Var[dict]) -> rx.Component:
    return rx.text(
        "Ostatnie logowanie: "
        + user["last_login"].to(str)
        + " · nieudane: "
        + user["last_failed"].to(str)
        + " · błędne próby: "
        + user["failed"].to_string(),
        size="1",
        color=theme.MUTED,
    )
