"""Umowy: all the company's lease contracts, searchable, filterable, sortable, in pages."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.listing import (
    choice_filter,
    date_filter,
    filter_panel,
    labelled,
    list_body,
    sortable,
    status_badge,
)
from ebok_app.components.shell import card, shell
from ebok_app.state.contracts import ContractRow
from ebok_app.state.contracts import ContractsState as S

COLUMNS = (
    ("Numer umowy", "number"),
    ("Typ", "lease_type"),
    ("Status", "status"),
    ("Początek", "start_date"),
    ("Koniec", "end_date"),
    ("Raty do końca", "installments_left"),
    ("Wartość netto", "initial_net_gr"),
    ("Przedmiot / nr rej.", "plate"),
)


def filters() -> rx.Component:
    return filter_panel(
        labelled(
            "Szukaj",
            rx.input(
                name="q",
                default_value=S.q,
                placeholder="numer umowy, nr rej., przedmiot",
                aria_label="Szukaj umowy",
            ),
            width="260px",
        ),
        choice_filter(
            "Typ umowy",
            "lease_type",
            (("leasing operacyjny", "operating"), ("leasing finansowy", "financial")),
            S.lease_type,
        ),
        choice_filter(
            "Status",
            "status",
            (("aktywna", "active"), ("podpisana", "signed"), ("zakończona", "ended")),
            S.status,
        ),
        date_filter("Początek od", "start_from", S.start_from),
        date_filter("Początek do", "start_to", S.start_to),
        date_filter("Koniec od", "end_from", S.end_from),
        date_filter("Koniec do", "end_to", S.end_to),
        on_submit=S.apply,
        on_clear=S.clear,
        key=S.form_key,
    )


def table() -> rx.Component:
    def row(r: rx.Var[ContractRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.link(r["number"], href=r["href"], weight="medium")),
            rx.table.cell(r["type"]),
            rx.table.cell(status_badge(r["status"], r["status_color"])),
            rx.table.cell(r["start"], white_space="nowrap"),
            rx.table.cell(r["end"], white_space="nowrap"),
            rx.table.cell(r["left"], text_align="right"),
            rx.table.cell(r["value"], text_align="right", white_space="nowrap"),
            rx.table.cell(
                rx.vstack(
                    rx.text(r["plate"], weight="medium", white_space="nowrap"),
                    rx.text(r["asset"], size="1", color=theme.MUTED),
                    spacing="0",
                )
            ),
            data_testid="contract-row",
        )

    return rx.table.root(
        rx.table.header(
            rx.table.row(*[sortable(label, col, S.sort, S.descending, S.sort_by) for label, col in COLUMNS])
        ),
        rx.table.body(rx.foreach(S.rows, row)),
        size="1",
        width="100%",
    )


def cards() -> rx.Component:
    def item(r: rx.Var[ContractRow]) -> rx.Component:
        return rx.link(
            card(
                rx.vstack(
                    rx.hstack(
                        rx.text(r["number"], weight="bold", color=theme.NAVY),
                        rx.spacer(),
                        status_badge(r["status"], r["status_color"]),
                        width="100%",
                        wrap="wrap",  # at 320 px a long number and the badge take two lines
                    ),
                    rx.text(r["asset"], size="2"),
                    rx.hstack(
                        rx.text(r["plate"], size="2", weight="medium"),
                        rx.spacer(),
                        rx.text(r["type"], size="1", color=theme.MUTED),
                        width="100%",
                        wrap="wrap",
                    ),
                    rx.hstack(
                        rx.text(r["start"] + " – " + r["end"], size="1", color=theme.MUTED),
                        rx.spacer(),
                        rx.text("rat do końca: " + r["left"].to_string(), size="1", color=theme.MUTED),
                        width="100%",
                        wrap="wrap",
                    ),
                    rx.text(r["value"] + " netto", size="2"),
                    spacing="1",
                    width="100%",
                    min_width="0",
                    overflow_wrap="anywhere",
                ),
                padding="12px",
                width="100%",
                data_testid="contract-card",
            ),
            href=r["href"],
            underline="none",
            color="inherit",
            display="block",
            width="100%",
        )

    sorts = rx.select.root(
        rx.select.trigger(placeholder="Sortuj", width="100%", aria_label="Sortuj według"),
        rx.select.content(*[rx.select.item(label, value=col) for label, col in COLUMNS]),
        value=S.sort,
        on_change=S.sort_by,
    )
    return rx.vstack(sorts, rx.foreach(S.rows, item), spacing="2", width="100%")


def contracts_page() -> rx.Component:
    return shell(
        routes.CONTRACTS,
        filters(),
        list_body(S, table(), cards(), "Brak umów spełniających kryteria."),
    )
