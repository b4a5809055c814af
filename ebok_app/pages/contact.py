"""Kontakt (guide 000: "formularz kontaktowy"): write about a contract, read the answers."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.feedback import problems_callout, success_callout
from ebok_app.components.shell import card, shell
from ebok_app.notifications.contact import MAX_TEXT, TOPICS_PL
from ebok_app.pages.login import field
from ebok_app.state.contact import ContactState

STATUS_COLORS = {"new": "blue", "in_progress": "amber", "answered": "green"}


def status_badge(message: rx.Var[dict]) -> rx.Component:
    return rx.badge(
        message["status_label"],
        color_scheme=rx.match(message["status"], *STATUS_COLORS.items(), "gray"),
        variant="soft",
    )


def contact_form() -> rx.Component:
    return card(
        rx.form(
            rx.vstack(
                rx.heading("Nowa wiadomość", size="4", color=theme.NAVY, as_="h2"),
                rx.grid(
                    field(
                        "Temat",
                        rx.el.select(
                            *[rx.el.option(t, value=t) for t in TOPICS_PL],
                            name="topic",
                            aria_label="Temat",
                            style=theme.NATIVE_SELECT,
                        ),
                    ),
                    field(
                        "Umowa",
                        rx.el.select(
                            rx.foreach(
                                ContactState.contracts, lambda c: rx.el.option(c["label"], value=c["value"])
                            ),
                            name="contract",
                            aria_label="Umowa",
                            style=theme.NATIVE_SELECT,
                        ),
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                field(
                    "Treść",
                    rx.text_area(
                        name="body",
                        rows="6",
                        max_length=MAX_TEXT,
                        placeholder="Opisz sprawę (co najmniej 10 znaków).",
                        aria_label="Treść",
                        width="100%",
                    ),
                ),
                problems_callout(ContactState.problems),
                rx.button(rx.icon("send", size=16), "Wyślij wiadomość", type="submit", size="3"),
                spacing="3",
                width="100%",
            ),
            key=ContactState.form_key,
            on_submit=ContactState.send,
            width="100%",
        ),
        width="100%",
    )


def message_card(message: rx.Var[dict]) -> rx.Component:
    return card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.text(message["topic"], weight="bold", color=theme.NAVY),
                    rx.text(
                        "Umowa: " + message["contract"].to(str) + " · wysłano " + message["at"].to(str),
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
            rx.cond(
                message["answer"] != "",
                rx.box(
                    rx.text(
                        "Odpowiedź HelpDesku · " + message["answered_at"].to(str), size="1", color=theme.MUTED
                    ),
                    rx.text(message["answer"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
                    padding="10px 12px",
                    background="#eef6ee",
                    border_radius="8px",
                    width="100%",
                    data_testid="contact-answer",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        padding="16px",
        width="100%",
        data_testid="contact-message",
    )


def contact_page() -> rx.Component:
    return shell(
        routes.CONTACT,
        rx.vstack(
            success_callout(ContactState.notice),
            contact_form(),
            rx.heading("Twoje wiadomości", size="4", color=theme.NAVY, as_="h2", padding_top="8px"),
            rx.cond(
                ContactState.messages.length() > 0,
                rx.foreach(ContactState.messages, message_card),
                rx.text("Nie wysłałeś jeszcze żadnej wiadomości.", color=theme.MUTED, size="2"),
            ),
            spacing="3",
            width="100%",
        ),
    )
