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


ROLE_COLUMNS = (("administrator", "adm."), ("finanse", "fin."), ("podgląd", "podgl."))  # full, on a phone


def _granted(row: rx.Var[dict], role: str) -> rx.Component:
    return rx.table.cell(
        rx.center(
            rx.cond(
                row[role].to(bool),
                rx.icon("check", size=16, color=theme.NAVY, aria_label="tak"),
                rx.text("—", color=theme.MUTED, aria_label="nie"),
            )
        ),
        padding_x="4px",
    )


def _role_header(full: str, short: str) -> rx.Component:
    return rx.table.column_header_cell(
        rx.text(full, display=["none", "inline"]),
        rx.text(short, display=["inline", "none"], title=full),
        text_align="center",
        padding_x="4px",
    )


def rights_table() -> rx.Component:
    """What each role may do (security/rights.py): the same table the server enforces."""
    return card(
        rx.heading("Co może każda rola", as_="h2", size="3", color=theme.NAVY),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Uprawnienie"),
                        *[_role_header(full, short) for full, short in ROLE_COLUMNS],
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        CompanyUsersState.rights,
                        lambda row: rx.table.row(
                            rx.table.cell(row["right"]),
                            _granted(row, "admin"),
                            _granted(row, "finance"),
                            _granted(row, "viewer"),
                            data_testid="rights-row",
                        ),
                    )
                ),
                size="1",
                width="100%",
            ),
            overflow_x="auto",
            width="100%",
        ),
        padding=["8px", "12px", "16px"],
        width="100%",
    )


def company_users_page() -> rx.Component:
    return shell(
        routes.COMPANY_USERS,
        rx.vstack(
            success_callout(CompanyUsersState.message),
            error_callout(CompanyUsersState.error),
            rx.foreach(CompanyUsersState.users, user_card),
            rx.cond(CompanyUsersState.rights.length() > 0, rights_table()),
            spacing="3",
            width="100%",
        ),
    )
