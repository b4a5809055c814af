"""Raty: the installments, fees and insurance of all contracts in one list, with the totals of the view."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.figures import figure_card, figure_grid
from ebok_app.components.listing import (
    PAYMENT_STATUS_CHOICES,
    WIDE_ONLY,
    card_facts,
    choice_filter,
    date_filter,
    filter_panel,
    labelled,
    list_body,
    overdue_mark,
    status_badge,
)
from ebok_app.components.shell import card, shell
from ebok_app.state.installments import InstallmentRow
from ebok_app.state.installments import InstallmentsState as S
from ebok_app.state.listing import KIND_LABELS_PL

TOTALS = (
    ("Netto", "net_gr"),
    ("VAT", "vat_gr"),
    ("Brutto", "gross_gr"),
    ("Zapłacono", "paid_gr"),
    ("Pozostało do zapłaty", "left_gr"),
)


def filters() -> rx.Component:
    return filter_panel(
        labelled(
            "Umowa lub opis",
            rx.input(name="q", default_value=S.q, placeholder="np. UL/2024", aria_label="Szukaj raty"),
            width="200px",
        ),
        choice_filter(
            "Rodzaj", "kind", tuple((label, kind) for kind, label in KIND_LABELS_PL.items()), S.kind
        ),
        choice_filter("Status", "status", PAYMENT_STATUS_CHOICES, S.status),
        date_filter("Termin od", "due_from", S.due_from),
        date_filter("Termin do", "due_to", S.due_to),
        on_submit=S.apply,
        on_clear=S.clear,
        key=S.form_key,
    )


def totals() -> rx.Component:
    return figure_grid(
        *[figure_card(label, S.sums[key], max_px=22, data_testid=f"total-{key}") for label, key in TOTALS]
    )


def table() -> rx.Component:
    def row(r: rx.Var[InstallmentRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.vstack(r["due"], overdue_mark(r), spacing="1"), white_space="nowrap"),
            rx.table.cell(rx.link(r["contract"], href=r["contract_href"]), white_space="nowrap"),
            rx.table.cell(
                rx.vstack(
                    rx.text(r["description"]), rx.text(r["kind"], size="1", color=theme.MUTED), spacing="0"
                )
            ),
            rx.table.cell(r["net"], text_align="right", white_space="nowrap", display=WIDE_ONLY),
            rx.table.cell(r["vat"], text_align="right", white_space="nowrap", display=WIDE_ONLY),
            rx.table.cell(r["gross"], text_align="right", white_space="nowrap", weight="medium"),
            rx.table.cell(r["paid"], text_align="right", white_space="nowrap"),
            rx.table.cell(status_badge(r["status"], r["status_color"])),
            data_testid="item-row",
        )

    headers = (
        ("Termin", None),
        ("Umowa", None),
        ("Pozycja", None),
        ("Netto", WIDE_ONLY),
        ("VAT", WIDE_ONLY),
        ("Brutto", None),
        ("Zapłacono", None),
        ("Status", None),
    )
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h, display=d) for h, d in headers])),
        rx.table.body(rx.foreach(S.rows, row)),
        size="1",
        width="100%",
    )


def cards() -> rx.Component:
    def item(r: rx.Var[InstallmentRow]) -> rx.Component:
        return card(
            rx.vstack(
                rx.hstack(
                    rx.text(r["due"], weight="bold", color=theme.NAVY),
                    overdue_mark(r),
                    rx.spacer(),
                    status_badge(r["status"], r["status_color"]),
                    width="100%",
                    align="center",
                ),
                rx.text(r["description"] + " · " + r["kind"], size="2"),
                rx.hstack(
                    rx.link(r["contract"], href=r["contract_href"], size="2"),
                    rx.spacer(),
                    rx.text(r["gross"], size="3", weight="bold"),
                    width="100%",
                ),
                card_facts(("Netto", r["net"]), ("VAT", r["vat"]), ("Zapłacono", r["paid"])),
                spacing="1",
                width="100%",
            ),
            padding="12px",
            width="100%",
            data_testid="item-card",
        )

    return rx.vstack(rx.foreach(S.rows, item), spacing="2", width="100%")


def installments_page() -> rx.Component:
    return shell(
        routes.INSTALLMENTS,
        filters(),
        totals(),
        list_body(S, table(), cards(), "Brak pozycji spełniających kryteria."),
    )
