"""Ubezpieczenia: number, insurer, type and variant, validity and status of every policy."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.listing import (
    card_facts,
    choice_filter,
    filter_panel,
    labelled,
    list_body,
    status_badge,
)
from ebok_app.components.shell import card, shell
from ebok_app.state.insurance import InsuranceState as S
from ebok_app.state.insurance import PolicyRow

STATUS_CHOICES = (
    ("aktywna", "active"),
    ("wygasająca", "expiring"),
    ("wygasła", "expired"),
)


def filters() -> rx.Component:
    return filter_panel(
        labelled(
            "Szukaj",
            rx.input(
                name="q",
                default_value=S.q,
                placeholder="polisa, ubezpieczyciel, umowa",
                aria_label="Szukaj polisy",
            ),
            width="260px",
        ),
        choice_filter("Status", "status", STATUS_CHOICES, S.status),
        on_submit=S.apply,
        on_clear=S.clear,
        key=S.form_key,
    )


def table() -> rx.Component:
    def row(r: rx.Var[PolicyRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(r["number"], weight="medium", white_space="nowrap"),
            rx.table.cell(r["insurer"]),
            rx.table.cell(
                rx.vstack(rx.text(r["kind"]), rx.text(r["variant"], size="1", color=theme.MUTED), spacing="0")
            ),
            rx.table.cell(r["valid"], white_space="nowrap"),
            rx.table.cell(r["premium"], text_align="right", white_space="nowrap"),
            rx.table.cell(rx.link(r["contract"], href=r["contract_href"]), white_space="nowrap"),
            rx.table.cell(status_badge(r["status"], r["status_color"])),
            data_testid="policy-row",
        )

    headers = ("Numer polisy", "Ubezpieczyciel", "Typ i wariant", "Ważna", "Składka", "Umowa", "Status")
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(S.rows, row)),
        size="1",
        width="100%",
    )


def cards() -> rx.Component:
    def item(r: rx.Var[PolicyRow]) -> rx.Component:
        return card(
            rx.vstack(
                rx.hstack(
                    rx.text(r["number"], weight="bold", color=theme.NAVY),
                    rx.spacer(),
                    status_badge(r["status"], r["status_color"]),
                    width="100%",
                ),
                rx.text(r["insurer"], size="2"),
                rx.text(r["kind"] + " · " + r["variant"], size="1", color=theme.MUTED),
                card_facts(
                    ("Ważna", r["valid"]),
                    ("Składka", r["premium"]),
                    ("Umowa", rx.link(r["contract"], href=r["contract_href"])),
                ),
                spacing="1",
                width="100%",
            ),
            padding="12px",
            width="100%",
            data_testid="policy-card",
        )

    return rx.vstack(rx.foreach(S.rows, item), spacing="2", width="100%")


def insurance_page() -> rx.Component:
    return shell(
        routes.INSURANCE,
        filters(),
        rx.text(
            "„Wygasająca”: polisa kończy się w ciągu "
            + S.window_days.to_string()
            + " dni — to dobry moment, by zdecydować o wznowieniu.",
            size="2",
            color=theme.MUTED,
            margin_bottom="12px",
        ),
        list_body(S, table(), cards(), "Brak polis spełniających kryteria."),
    )
