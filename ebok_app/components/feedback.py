"""Messages to the user: errors, a list of problems, confirmations."""

from __future__ import annotations

import reflex as rx

from ebok_app.components.translated import t
from ebok_app.security.policy import MAX_LENGTH, MIN_LENGTH, RULES_PL


def problems_callout(problems: rx.Var[list[str]]) -> rx.Component:
    """Every problem with what the user typed, one per line (shown only when there are any)."""
    return rx.cond(
        problems.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.vstack(rx.foreach(problems, lambda p: rx.text(p, size="2")), spacing="1"),
            color_scheme="red",
            role="alert",
            width="100%",
        ),
    )


def error_callout(message: rx.Var[str]) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", width="100%"),
    )


def success_callout(message: rx.Var[str]) -> rx.Component:
    return rx.cond(
        message != "", rx.callout(message, icon="circle-check", color_scheme="green", width="100%")
    )


def password_rules(size: str = "2") -> rx.Component:
    """The password policy, explained where a password is set."""
    return rx.el.ul(
        *[rx.el.li(rx.text(t(rule, low=MIN_LENGTH, high=MAX_LENGTH), size=size)) for rule in RULES_PL],
        padding_left="20px",
        margin="0",
        list_style_type="disc",
    )
