"""Użytkownicy (company administrators): who may log in, who is locked, and the two ways to unlock."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.accounts.cards import ColleagueRow, PhoneChangeRow
from ebok_app.components.client_user import account_line, code_form, log_in_line, phone_form, state_badge
from ebok_app.components.feedback import error_callout, success_callout
from ebok_app.components.shell import card, shell
from ebok_app.security.rights import RoleRights
from ebok_app.state.company_users import CompanyUsersState


def unlock_actions(user: rx.Var[ColleagueRow]) -> rx.Component:
    """A locked colleague: the two unlocks of guide 001. Anybody else (not oneself): a new temporary
    password for a colleague who forgot theirs, without waiting for the lockout."""
    return rx.cond(
        user["is_me"] | (user["state"] == "disabled"),
        rx.fragment(),
        rx.cond(
            user["state"] == "locked",
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
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button("Nadaj nowe hasło", size="2", variant="outline")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Nadać nowe hasło tymczasowe?"),
                    rx.alert_dialog.description(
                        user["name"] + " dostanie SMS-em hasło tymczasowe i przy logowaniu ustawi własne. "
                        "Obecne hasło przestanie działać, otwarte sesje zostaną zakończone."
                    ),
                    rx.flex(
                        rx.alert_dialog.cancel(rx.button("Anuluj", variant="soft", color_scheme="gray")),
                        rx.alert_dialog.action(
                            rx.button("Nadaj hasło", on_click=CompanyUsersState.reset_password(user["id"]))
                        ),
                        spacing="3",
                        justify="end",
                        padding_top="16px",
                    ),
                ),
            ),
        ),
    )


def role_picker(user: rx.Var[ColleagueRow]) -> rx.Component:
    """Uprawnienia: administrator, finanse, podgląd (the change is saved at once, and audited)."""
    return rx.hstack(
        rx.text("Uprawnienia:", size="1", color=theme.MUTED),
        rx.select.root(
            rx.select.trigger(aria_label="Uprawnienia " + user["login"]),
            rx.select.content(
                rx.select.item("administrator", value="admin"),
                rx.select.item("finanse", value="finance"),
                rx.select.item("podgląd", value="viewer"),
            ),
            value=user["role_key"],
            on_change=lambda role: CompanyUsersState.change_role(user["id"], role),
            size="1",
        ),
        align="center",
        spacing="2",
    )


def tool_control(user: rx.Var[ColleagueRow]) -> rx.Component:
    """Set a colleague's authorisation tool; the colleague finishes the change in Profil."""
    return rx.cond(
        user["tool_change"] != "",
        rx.badge("zmiana narzędzia czeka na użytkownika", color_scheme="amber", variant="soft"),
        rx.button(
            rx.cond(user["other_method"] == "token", "Zmień na token", "Zmień na H@sło SMS"),
            size="2",
            variant="outline",
            on_click=CompanyUsersState.set_auth_method(user["id"], user["other_method"]),
        ),
    )


def user_card(user: rx.Var[ColleagueRow]) -> rx.Component:
    return card(
        rx.vstack(
            rx.flex(
                rx.icon("circle-user", size=22, color=theme.NAVY),
                rx.vstack(
                    rx.text(user["name"], weight="bold", color=theme.NAVY),
                    account_line(user, with_phone=True),
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
            rx.cond(
                ~user["is_me"] & (user["state"] != "disabled"),
                rx.flex(
                    phone_form(user, CompanyUsersState.start_phone_change),
                    tool_control(user),
                    gap="3",
                    wrap="wrap",
                    align="center",
                    width="100%",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        padding="16px",
        width="100%",
        data_testid="company-user",
    )


ROLE_COLUMNS = (("administrator", "adm."), ("finanse", "fin."), ("podgląd", "podgl."))  # full, on a phone


def _granted(row: rx.Var[RoleRights], role: str) -> rx.Component:
    return rx.table.cell(
        rx.center(
            rx.cond(
                row[role],
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


def phone_change_item(change: rx.Var[PhoneChangeRow]) -> rx.Component:
    """An open change of a colleague's number: approve or refuse a request, or type the code."""
    return rx.flex(
        rx.vstack(
            rx.text(change["name"], " (", change["login"], ")", weight="medium", size="2"),
            rx.text(
                "nowy numer " + change["new_phone"] + " · od " + change["since"],
                size="1",
                color=theme.MUTED,
            ),
            spacing="0",
            flex="1 1 220px",
            min_width="0",
        ),
        rx.flex(
            rx.cond(
                change["waits_for_code"],
                code_form(change["id"], CompanyUsersState.confirm_phone_change),
                rx.button(
                    "Akceptuj i wyślij kod",
                    size="2",
                    on_click=CompanyUsersState.approve_phone_change(change["id"]),
                ),
            ),
            rx.button(
                rx.cond(change["waits_for_code"], "Anuluj", "Odrzuć"),
                size="2",
                variant="soft",
                color_scheme="gray",
                on_click=CompanyUsersState.cancel_phone_change(change["id"]),
            ),
            gap="2",
            wrap="wrap",
            align="center",
        ),
        gap="3",
        wrap="wrap",
        align="center",
        width="100%",
        padding_top="8px",
        border_top=f"1px solid {theme.CARD_BORDER}",
        data_testid="phone-change",
    )


def phone_changes_card() -> rx.Component:
    return rx.cond(
        CompanyUsersState.phone_changes.length() > 0,
        card(
            rx.heading("Zmiany numerów telefonu do SMS", size="4", color=theme.NAVY, as_="h2"),
            rx.text(
                "Nowy numer działa dopiero po wpisaniu kodu, który przyszedł na niego SMS-em "
                "(użytkownik wpisuje go w Profilu albo podaje Tobie).",
                size="1",
                color=theme.MUTED,
            ),
            rx.vstack(rx.foreach(CompanyUsersState.phone_changes, phone_change_item), spacing="3"),
            padding="16px",
            width="100%",
        ),
    )


def company_users_page() -> rx.Component:
    return shell(
        routes.COMPANY_USERS,
        rx.vstack(
            success_callout(CompanyUsersState.message),
            error_callout(CompanyUsersState.error),
            rx.cond(CompanyUsersState.users.length() > 0, einvoices_card()),
            phone_changes_card(),
            rx.foreach(CompanyUsersState.users, user_card),
            rx.cond(CompanyUsersState.rights.length() > 0, rights_table()),
            spacing="3",
            width="100%",
        ),
    )
