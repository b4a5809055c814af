"""Demo SMS inbox (/demo/sms): the messages the portal "sent", newest first."""

from __future__ import annotations

import reflex as rx

from ebok_app import theme
from ebok_app.accounts.staff import StaffCode
from ebok_app.components.shell import brand, card
from ebok_app.sms.rows import DemoSms
from ebok_app.state.demo_inbox import DemoInboxState


def message_card(message: rx.Var[DemoSms]) -> rx.Component:
    return card(
        rx.vstack(
            rx.hstack(
                rx.icon("smartphone", size=16, color=theme.NAVY),
                rx.text(message["phone"], weight="medium", size="2"),
                rx.spacer(),
                rx.text(message["at"], size="1", color=theme.MUTED),
                width="100%",
                align="center",
            ),
            rx.text(message["body"], size="3"),
            spacing="2",
        ),
        padding="14px",
        data_testid="sms-message",
    )


def staff_code(item: rx.Var[StaffCode]) -> rx.Component:
    return rx.hstack(
        rx.icon("key-round", size=16, color=theme.NAVY),
        rx.text(item["name"] + " (" + item["login"] + ")", size="2"),
        rx.spacer(),
        rx.code(item["code"], size="3", weight="bold"),
        width="100%",
        align="center",
        data_testid="staff-token",
    )


def staff_tokens() -> rx.Component:
    return rx.cond(
        DemoInboxState.staff_codes.length() > 0,
        card(
            rx.vstack(
                rx.text(
                    "Tokeny pracowników (demo): kod z chwili odświeżenia, ważny ok. 30 s",
                    weight="medium",
                    size="2",
                ),
                rx.foreach(DemoInboxState.staff_codes, staff_code),
                spacing="2",
                width="100%",
            ),
            padding="14px",
            width="100%",
        ),
    )


def demo_inbox_page() -> rx.Component:
    return rx.box(
        rx.hstack(
            brand(),
            rx.spacer(),
            rx.button(
                rx.icon("refresh-cw", size=16), "Odśwież", on_click=DemoInboxState.load, variant="soft"
            ),
            padding="14px 20px",
            background=theme.NAVY,
            align="center",
        ),
        rx.vstack(
            rx.heading("Demonstracyjna skrzynka SMS", size="6", color=theme.NAVY, as_="h1"),
            rx.text(
                "W trybie demonstracyjnym wiadomości SMS nie wychodzą do operatora: trafiają tutaj.",
                color=theme.MUTED,
                size="2",
            ),
            rx.cond(DemoInboxState.enabled, staff_tokens()),
            rx.cond(
                DemoInboxState.enabled,
                rx.cond(
                    DemoInboxState.messages.length() > 0,
                    rx.vstack(rx.foreach(DemoInboxState.messages, message_card), spacing="3", width="100%"),
                    rx.text("Brak wiadomości.", color=theme.MUTED),
                ),
                rx.callout(
                    "Skrzynka jest dostępna tylko w trybie demonstracyjnym.", icon="lock", color_scheme="gray"
                ),
            ),
            spacing="4",
            padding=["16px", "32px"],
            max_width="720px",
            margin="0 auto",
        ),
        min_height="100vh",
        background=theme.PAGE_BG,
    )
