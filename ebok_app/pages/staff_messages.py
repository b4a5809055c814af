"""Obsługa > Wiadomości: messages from the contact form, take one, answer it."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.feedback import error_callout, success_callout
from ebok_app.components.shell import card
from ebok_app.components.staff_shell import staff_shell, unless_refused
from ebok_app.contact.rows import InboxRow
from ebok_app.pages.contact import message_files, status_badge
from ebok_app.state.staff_messages import StaffMessagesState

FILTERS = (("", "Wszystkie"), ("new", "Nowe"), ("in_progress", "W realizacji"), ("answered", "Odpowiedziane"))


def filters() -> rx.Component:
    return rx.flex(
        *[
            rx.button(
                label,
                size="2",
                variant=rx.cond(StaffMessagesState.status == value, "solid", "soft"),
                on_click=StaffMessagesState.show(value),
            )
            for value, label in FILTERS
        ],
        spacing="2",
        wrap="wrap",
    )


def answer_form(message: rx.Var[InboxRow]) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="message_id", value=message["id"].to_string()),
            rx.text_area(
                name="answer",
                rows="4",
                placeholder="Odpowiedź dla klienta",
                aria_label="Odpowiedź",
                width="100%",
            ),
            rx.button(rx.icon("send", size=16), "Wyślij odpowiedź", type="submit", size="2"),
            spacing="2",
            width="100%",
        ),
        on_submit=StaffMessagesState.answer,
        reset_on_submit=True,
        width="100%",
    )


def inbox_card(message: rx.Var[InboxRow]) -> rx.Component:
    return card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.text(message["topic"], weight="bold", color=theme.NAVY),
                    rx.text(
                        message["company"] + " · MilleKod " + message["millekod"],
                        size="1",
                        color=theme.MUTED,
                    ),
                    rx.text(
                        message["sender"] + " · umowa " + message["contract"] + " · " + message["at"],
                        size="1",
                        color=theme.MUTED,
                    ),
                    spacing="0",
                    min_width="0",
                ),
                rx.spacer(),
                status_badge(message),
                width="100%",
                align="start",
                spacing="2",
            ),
            rx.text(message["body"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
            message_files(message, StaffMessagesState.download),
            rx.cond(
                message["status"] == "answered",
                rx.box(
                    rx.text(
                        "Odpowiedź (" + message["handled_by"] + ", " + message["answered_at"] + ")",
                        size="1",
                        color=theme.MUTED,
                    ),
                    rx.text(message["answer"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
                    padding="10px 12px",
                    background="#eef6ee",
                    border_radius="8px",
                    width="100%",
                ),
                rx.vstack(
                    rx.cond(
                        message["status"] == "new",
                        rx.button(
                            "Przyjmij do realizacji",
                            size="2",
                            variant="soft",
                            on_click=StaffMessagesState.take(message["id"]),
                        ),
                        rx.text("W realizacji: " + message["handled_by"], size="1", color=theme.MUTED),
                    ),
                    answer_form(message),
                    spacing="2",
                    width="100%",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        padding="16px",
        width="100%",
        data_testid="inbox-message",
    )


def staff_messages_page() -> rx.Component:
    return staff_shell(
        routes.STAFF_MESSAGES,
        unless_refused(
            StaffMessagesState.error,
            rx.vstack(
                filters(),
                success_callout(StaffMessagesState.notice),
                error_callout(StaffMessagesState.error),
                rx.cond(
                    StaffMessagesState.messages.length() > 0,
                    rx.foreach(StaffMessagesState.messages, inbox_card),
                    rx.text("Brak wiadomości.", color=theme.MUTED),
                ),
                spacing="3",
                width="100%",
            ),
        ),
    )
