"""Obsługa > Dziennik (filters over every company's audit log) and Obsługa > Nieudane SMS."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.feedback import error_callout
from ebok_app.components.shell import card
from ebok_app.components.staff_shell import staff_shell, unless_refused
from ebok_app.pages.login import field
from ebok_app.sms.rows import FailedSms
from ebok_app.state.audit_log import ACTIONS_PL, RESULTS_PL, StaffAuditRow
from ebok_app.state.staff_audit import FailedSmsState, StaffAuditState


def _select(label: str, name: str, options: dict[str, str]) -> rx.Component:
    return field(
        label,
        rx.el.select(
            rx.el.option("wszystkie", value=""),
            *[rx.el.option(text, value=value) for value, text in options.items()],
            name=name,
            aria_label=label,
            style=theme.NATIVE_SELECT,
        ),
    )


def audit_filters() -> rx.Component:
    results = {k: v for k, v in RESULTS_PL.items() if k != "logout"}
    return card(
        rx.form(
            rx.vstack(
                rx.grid(
                    field("MilleKod", rx.input(name="millekod", aria_label="MilleKod", width="100%")),
                    field(
                        "Kto",
                        rx.input(
                            name="actor", placeholder="login lub helpdesk:", aria_label="Kto", width="100%"
                        ),
                    ),
                    _select("Operacja", "action", ACTIONS_PL),
                    _select("Wynik", "result", results),
                    field("Od dnia", rx.input(name="from", type="date", aria_label="Od dnia", width="100%")),
                    field("Do dnia", rx.input(name="to", type="date", aria_label="Do dnia", width="100%")),
                    columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                    spacing="3",
                    width="100%",
                ),
                rx.button(rx.icon("filter", size=16), "Filtruj", type="submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=StaffAuditState.apply,
            width="100%",
        ),
        width="100%",
    )


def staff_entry_row(entry: rx.Var[StaffAuditRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(entry["at"], white_space="nowrap"),
        rx.table.cell(entry["millekod"]),
        rx.table.cell(entry["actor"]),
        rx.table.cell(entry["action"]),
        rx.table.cell(
            rx.badge(entry["result"], color_scheme=rx.cond(entry["ok"], "green", "red"), variant="soft")
        ),
        rx.table.cell(entry["ip"]),
        data_testid="audit-entry",
    )


def staff_entry_item(entry: rx.Var[StaffAuditRow]) -> rx.Component:
    """One entry on a phone: the same facts stacked, no sideways scrolling."""
    return rx.vstack(
        rx.flex(
            rx.text(entry["action"], weight="medium", size="2"),
            rx.spacer(),
            rx.badge(entry["result"], color_scheme=rx.cond(entry["ok"], "green", "red"), variant="soft"),
            width="100%",
            spacing="2",
        ),
        rx.text(
            entry["at"] + " · " + entry["actor"] + " · MilleKod " + entry["millekod"],
            size="1",
            color=theme.MUTED,
        ),
        spacing="1",
        padding="10px 4px",
        border_bottom=f"1px solid {theme.CARD_BORDER}",
        width="100%",
        data_testid="audit-entry",
    )


def audit_table() -> rx.Component:
    headers = ("Kiedy", "MilleKod", "Kto", "Operacja", "Wynik", "Adres IP")
    return card(
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                rx.table.body(rx.foreach(StaffAuditState.entries, staff_entry_row)),
                size="1",
                width="100%",
            ),
            display=["none", "none", "block"],
            overflow_x="auto",
        ),
        rx.box(rx.foreach(StaffAuditState.entries, staff_entry_item), display=["block", "block", "none"]),
        padding="8px",
        color=theme.NAVY,
        width="100%",
    )


def staff_audit_page() -> rx.Component:
    return staff_shell(
        routes.STAFF_AUDIT,
        unless_refused(
            StaffAuditState.error,
            rx.vstack(
                audit_filters(),
                error_callout(StaffAuditState.error),
                audit_table(),
                spacing="3",
                width="100%",
            ),
        ),
    )


def failed_sms_card(message: rx.Var[FailedSms]) -> rx.Component:
    return card(
        rx.vstack(
            rx.flex(
                rx.text(message["phone"], weight="bold", size="2"),
                rx.spacer(),
                rx.text(message["at"], size="1", color=theme.MUTED),
                width="100%",
            ),
            rx.text(
                "Cel: " + message["purpose"] + " · próby: " + message["attempts"].to_string(),
                size="1",
                color=theme.MUTED,
            ),
            rx.text("Błąd: " + message["error"], size="2", color="#a4161a"),
            spacing="1",
            width="100%",
        ),
        padding="14px",
        width="100%",
        data_testid="failed-sms",
    )


def staff_failed_sms_page() -> rx.Component:
    return staff_shell(
        routes.STAFF_FAILED_SMS,
        unless_refused(
            FailedSmsState.error,
            rx.vstack(
                rx.cond(
                    FailedSmsState.messages.length() > 0,
                    rx.foreach(FailedSmsState.messages, failed_sms_card),
                    rx.text("Brak nieudanych SMS-ów.", color=theme.MUTED),
                ),
                spacing="3",
                width="100%",
            ),
        ),
    )
