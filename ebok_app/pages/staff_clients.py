"""Obsługa > Klienci: find a company or a user, see the user's state and help them."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.client_user import account_line, log_in_line, phone_form, state_badge
from ebok_app.components.feedback import error_callout, success_callout
from ebok_app.components.shell import card
from ebok_app.components.staff_shell import staff_shell, unless_refused
from ebok_app.helpdesk import ClientUserRow
from ebok_app.state.helpdesk import HelpdeskState


def search_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.input(
                name="q",
                default_value=HelpdeskState.query,
                placeholder="MilleKod, NIP, nazwa firmy, login lub nazwisko",
                aria_label="Szukaj klienta",
                size="3",
                flex="1",
                min_width="0",
            ),
            rx.button(rx.icon("search", size=16), "Szukaj", type="submit", size="3"),
            spacing="2",
            width="100%",
        ),
        on_submit=HelpdeskState.search,
        width="100%",
    )


def user_actions(user: rx.Var[ClientUserRow]) -> rx.Component:
    return rx.flex(
        rx.cond(
            user["state"] == "locked",
            rx.button("Odblokuj obecne hasło", size="2", on_click=HelpdeskState.unlock_current(user["id"])),
        ),
        rx.cond(
            user["state"] != "disabled",
            rx.fragment(
                rx.button(
                    "Odblokuj generowanie nowego hasła",
                    size="2",
                    variant="outline",
                    on_click=HelpdeskState.unlock_new_password(user["id"]),
                ),
                rx.alert_dialog.root(
                    rx.alert_dialog.trigger(
                        rx.button("Wyłącz użytkownika", size="2", variant="soft", color_scheme="gray")
                    ),
                    rx.alert_dialog.content(
                        rx.alert_dialog.title("Wyłączyć użytkownika?"),
                        rx.alert_dialog.description(
                            "Użytkownik "
                            + user["name"]
                            + " nie zaloguje się więcej; jego sesje się zakończą."
                        ),
                        rx.flex(
                            rx.alert_dialog.cancel(rx.button("Anuluj", variant="soft", color_scheme="gray")),
                            rx.alert_dialog.action(
                                rx.button(
                                    "Wyłącz",
                                    color_scheme="red",
                                    on_click=HelpdeskState.deactivate(user["id"]),
                                )
                            ),
                            spacing="2",
                            justify="end",
                            padding_top="12px",
                        ),
                        max_width="420px",
                    ),
                ),
            ),
        ),
        spacing="2",
        wrap="wrap",
    )


def client_user_card(user: rx.Var[ClientUserRow]) -> rx.Component:
    return card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.text(user["name"], weight="bold", color=theme.NAVY),
                    rx.text(
                        user["company"] + " · MilleKod " + user["millekod"] + " · NIP " + user["nip"],
                        size="1",
                        color=theme.MUTED,
                    ),
                    rx.text(user["einvoices"], size="1", color=theme.MUTED, data_testid="company-einvoices"),
                    account_line(user, with_phone=True),
                    spacing="0",
                    min_width="0",
                ),
                rx.spacer(),
                state_badge(user),
                width="100%",
                align="start",
                spacing="2",
            ),
            log_in_line(user),
            user_actions(user),
            rx.cond(
                user["state"] != "disabled",
                rx.flex(
                    phone_form(user, HelpdeskState.change_phone),
                    rx.button(
                        rx.cond(user["other_method"] == "token", "Zmień na token", "Zmień na H@sło SMS"),
                        size="2",
                        variant="outline",
                        on_click=HelpdeskState.set_auth_method(user["id"], user["other_method"]),
                    ),
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
        data_testid="client-user",
    )


def staff_clients_page() -> rx.Component:
    return staff_shell(
        routes.STAFF_CLIENTS,
        unless_refused(
            HelpdeskState.error,
            rx.vstack(
                search_form(),
                success_callout(HelpdeskState.message),
                error_callout(HelpdeskState.error),
                rx.cond(
                    HelpdeskState.searched & (HelpdeskState.users.length() == 0),
                    rx.text("Nic nie znaleziono.", color=theme.MUTED),
                ),
                rx.foreach(HelpdeskState.users, client_user_card),
                spacing="3",
                width="100%",
            ),
        ),
    )
