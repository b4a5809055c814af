"""Użytkownicy (company administrators): who may log in, who is locked, and the two ways to unlock."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.client_user import account_line, log_in_line, state_badge
from ebok_app.components.feedback import error_callout, success_callout
from ebok_app.components.shell import card, shell
from ebok_app.state.company_users import CompanyUsersState


def unlock_actions(user: rx.Var[dict]) -> rx.Component:
    return rx.cond(
        (user["state"] == "locked") & ~user["is_me"].to(bool),
        rx.flex(
            rx.button(
                "Odblokuj obecne hasło", size="2", on_click=CompanyUsersState.unlock_current(user["id"])
            ),
            rx.button(
                "Odblokuj generowanie nowego hasła",
                size="2",
                variant="outline",
                on_click=CompanyUsersState.unlock_new_password(user["id"]),
            ),
            spacing="2",
            wrap="wrap",
        ),
    )


def role_picker(user: rx.Var[dict]) -> rx.Component:
    """Uprawnienia: administrator, finanse, podgląd (the change is saved at once, and audited)."""
    return rx.hstack(
        rx.text("Uprawnienia:", size="1", color=theme.MUTED),
        rx.select.root(
            rx.select.trigger(aria_label="Uprawnienia " + user["login"].to(str)),
            rx.select.content(
                rx.select.item("administrator", value="admin"),
                rx.select.item("finanse", value="finance"),
                rx.select.item("podgląd", value="viewer"),
            ),
            value=user["role_key"].to(str),
            on_change=lambda role: CompanyUsersState.change_role(user["id"], role),
            size="1",
        ),
        align="center",
        spacing="2",
    )


def user_card(user: rx.Var[dict]) -> rx.Component:
    return card(
        rx.vstack(
            rx.flex(
                rx.icon("circle-user", size=22, color=theme.NAVY),
                rx.vstack(
                    rx.text(user["name"], weight="bold", color=theme.NAVY),
                    account_line(user),
                    spacing="0",
                    min_width="0",
                ),
                rx.spacer(),
                state_badge(user),
                width="100%",
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            log_in_line(user),
            rx.flex(role_picker(user), unlock_actions(user), spacing="3", wrap="wrap", align="center"),
            spacing="2",
            width="100%",
        ),
        padding="16px",
        width="100%",
        data_testid="company-user",
    )


def einvoices_card() -> rx.Component:
    """Guide 000: e-invoices instead of paper ones, chosen by the company administrator."""
    return card(
        rx.flex(
            rx.vstack(
                rx.text("Faktury elektroniczne", weight="bold", color=theme.NAVY),
                rx.text(
                    "Faktury elektroniczne (KSeF) zamiast papierowych: pobierzesz je w portalu"
                    " w każdej chwili, a papierowe nie będą już wysyłane.",
                    size="2",
                ),
                rx.text("Teraz: " + CompanyUsersState.einvoices_label, size="1", color=theme.MUTED),
                spacing="1",
                min_width="0",
                flex="1 1 320px",
            ),
            rx.hstack(
                rx.text("papierowe", size="2"),
                rx.switch(
                    checked=CompanyUsersState.einvoices,
                    on_change=CompanyUsersState.set_einvoices,
                    aria_label="Faktury elektroniczne zamiast papierowych",
                ),
                rx.text("elektroniczne", size="2"),
                align="center",
                spacing="2",
            ),
            gap="3",
            wrap="wrap",
            align="center",
            width="100%",
        ),
        padding="16px",
        width="100%",
        data_testid="einvoices",
    )


def company_users_page() -> rx.Component:
    return shell(
        routes.COMPANY_USERS,
        rx.vstack(
            success_callout(CompanyUsersState.message),
            error_callout(CompanyUsersState.error),
            rx.cond(CompanyUsersState.users.length() > 0, einvoices_card()),
            rx.foreach(CompanyUsersState.users, user_card),
            spacing="3",
            width="100%",
        ),
    )
