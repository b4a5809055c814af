"""Powiadomienia: SMS about new invoices and coming due dates, and the SMS history."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.feedback import problems_callout, success_callout
from ebok_app.components.listing import status_badge
from ebok_app.components.shell import card, shell
from ebok_app.models import NoticeKind
from ebok_app.sms.rows import HistorySms
from ebok_app.state.notifications import NotificationsState


def kind_row(title: str, hint: str, kind: str, checked: rx.Var[bool], *extra) -> rx.Component:
    return rx.hstack(
        rx.switch(
            checked=checked,
            on_change=lambda value: NotificationsState.switch(kind, value),
            aria_label=title,
            margin_top="3px",
        ),
        rx.vstack(
            rx.text(title, size="3", weight="medium"),
            rx.text(hint, size="2", color=theme.MUTED),
            *extra,
            spacing="1",
            width="100%",
        ),
        spacing="3",
        align="start",
        width="100%",
    )


def days_field() -> rx.Component:
    return rx.hstack(
        rx.input(
            name="days_before",
            type="number",
            input_mode="numeric",
            default_value=NotificationsState.days_before,
            key=NotificationsState.days_before,
            disabled=~NotificationsState.due_reminder,
            width="80px",
            aria_label="Ile dni przed terminem płatności",
        ),
        rx.text("dni przed terminem (od 1 do 30)", size="2"),
        align="center",
        spacing="2",
        padding_top="4px",
        wrap="wrap",
    )


def settings_card() -> rx.Component:
    return card(
        rx.heading("Powiadomienia SMS", size="4", color=theme.NAVY, as_="h2"),
        rx.text(
            "Wysyłamy je na numer ",
            rx.text.strong(NotificationsState.phone),
            ". O zmianę numeru poprosisz w ",
            rx.link("Profilu", href=routes.PROFILE),
            " (zmieni go też administrator Twojej firmy albo HelpDesk).",
            size="2",
            color=theme.MUTED,
            padding_top="6px",
        ),
        rx.form(
            rx.vstack(
                kind_row(
                    "Nowa faktura",
                    "SMS z numerem, kwotą i terminem płatności faktury w dniu jej wystawienia.",
                    NoticeKind.NEW_INVOICE.value,
                    NotificationsState.new_invoice,
                ),
                rx.separator(size="4"),
                kind_row(
                    "Zbliżający się termin płatności",
                    "Przypomnienie o nieopłaconej fakturze przed terminem płatności.",
                    NoticeKind.DUE_REMINDER.value,
                    NotificationsState.due_reminder,
                    days_field(),
                ),
                rx.button("Zapisz ustawienia", type="submit", margin_top="6px"),
                spacing="4",
                width="100%",
                padding_top="16px",
            ),
            on_submit=NotificationsState.save,
            width="100%",
        ),
    )


def history_item(sms: rx.Var[HistorySms]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(sms["at"], size="2", weight="medium"),
            rx.badge(sms["kind"], variant="soft", color_scheme="indigo"),
            rx.spacer(),
            status_badge(sms["status"], sms["color"]),
            width="100%",
            align="center",
            wrap="wrap",
            spacing="2",
        ),
        rx.text(
            sms["body"],
            size="2",
            color=rx.cond(sms["hidden"], theme.MUTED, "inherit"),
            font_style=rx.cond(sms["hidden"], "italic", "normal"),
            overflow_wrap="anywhere",
        ),
        spacing="1",
        width="100%",
        padding_y="10px",
        border_bottom=f"1px solid {theme.CARD_BORDER}",
        data_testid="sms-history-item",
    )


def history_card() -> rx.Component:
    return card(
        rx.heading("Historia SMS", size="4", color=theme.NAVY, as_="h2"),
        rx.text("Ostatnie wiadomości wysłane na Twój numer.", size="2", color=theme.MUTED, padding_top="6px"),
        rx.cond(
            NotificationsState.history.length() > 0,
            rx.vstack(rx.foreach(NotificationsState.history, history_item), spacing="0", width="100%"),
            rx.text("Nie wysłaliśmy Ci jeszcze żadnego SMS-a.", size="2", padding_top="12px"),
        ),
    )


def notifications_page() -> rx.Component:
    return shell(
        routes.NOTIFICATIONS,
        rx.vstack(
            success_callout(NotificationsState.message),
            problems_callout(NotificationsState.problems),
            spacing="2",
            width="100%",
            margin_bottom="16px",
        ),
        rx.grid(
            settings_card(),
            history_card(),
            columns=rx.breakpoints(initial="1", lg="2"),
            spacing="4",
            width="100%",
            align_items="start",
        ),
    )
