"""Dziennik zdarzeń: every operation of the company's users (administrators only)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.listing import card_facts, desktop_only, phone_only, scroll_region
from ebok_app.components.shell import card, shell
from ebok_app.state.audit_log import AuditLogState, AuditRow


def entry_row(entry: rx.Var[AuditRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(entry["at"], white_space="nowrap"),
        rx.table.cell(entry["actor"]),
        rx.table.cell(entry["action"]),
        rx.table.cell(
            rx.badge(entry["result"], color_scheme=rx.cond(entry["ok"], "green", "red"), variant="soft")
        ),
        rx.table.cell(entry["ip"]),
    )


def entry_card(entry: rx.Var[AuditRow]) -> rx.Component:
    return card(
        rx.hstack(
            rx.text(entry["at"], size="2", weight="bold", color=theme.NAVY),
            rx.spacer(),
            rx.badge(entry["result"], color_scheme=rx.cond(entry["ok"], "green", "red"), variant="soft"),
            width="100%",
        ),
        card_facts(("Kto", entry["actor"]), ("Operacja", entry["action"]), ("Adres IP", entry["ip"])),
        padding="12px",
        width="100%",
        data_testid="audit-card",
    )


def audit_log_page() -> rx.Component:
    return shell(
        routes.AUDIT_LOG,
        rx.cond(
            AuditLogState.error != "",
            rx.callout(AuditLogState.error, icon="triangle-alert", color_scheme="red", role="alert"),
            card(
                desktop_only(
                    scroll_region(
                        rx.table.root(
                            rx.table.header(
                                rx.table.row(
                                    *[
                                        rx.table.column_header_cell(h)
                                        for h in ("Kiedy", "Kto", "Operacja", "Wynik", "Adres IP")
                                    ]
                                )
                            ),
                            rx.table.body(rx.foreach(AuditLogState.entries, entry_row)),
                            size="1",
                            width="100%",
                        ),
                        "Dziennik zdarzeń",
                    )
                ),
                phone_only(
                    rx.vstack(rx.foreach(AuditLogState.entries, entry_card), spacing="2", width="100%")
                ),
                padding="8px",
                color=theme.NAVY,
            ),
        ),
    )
