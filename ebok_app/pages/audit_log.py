"""Dziennik zdarzeń: every operation of the company's users (administrators only)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.shell import card, shell
from ebok_app.state.audit_log import AuditLogState


def entry_row(entry: rx.Var[dict]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(entry["at"], white_space="nowrap"),
        rx.table.cell(entry["actor"]),
        rx.table.cell(entry["action"]),
        rx.table.cell(
            rx.badge(entry["result"], color_scheme=rx.cond(entry["ok"], "green", "red"), variant="soft")
        ),
        rx.table.cell(entry["ip"], display=["none", "table-cell"]),
    )


def audit_log_page() -> rx.Component:
    return shell(
        routes.AUDIT_LOG,
        rx.cond(
            AuditLogState.error != "",
            rx.callout(AuditLogState.error, icon="triangle-alert", color_scheme="red", role="alert"),
            card(
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell("Kiedy"),
                                rx.table.column_header_cell("Kto"),
                                rx.table.column_header_cell("Operacja"),
                                rx.table.column_header_cell("Wynik"),
                                rx.table.column_header_cell("Adres IP", display=["none", "table-cell"]),
                            )
                        ),
                        rx.table.body(rx.foreach(AuditLogState.entries, entry_row)),
                        size="1",
                        width="100%",
                    ),
                    overflow_x="auto",
                ),
                padding="8px",
                color=theme.NAVY,
            ),
        ),
    )
