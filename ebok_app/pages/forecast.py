"""Prognoza kosztów: what the company's leases will cost, period by period, as a chart and a table."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.chart_locale import CHART_CONFIG
from ebok_app.components.feedback import error_callout
from ebok_app.components.figures import figure_card, figure_grid
from ebok_app.components.listing import (
    card_facts,
    choice_filter,
    date_filter,
    desktop_only,
    filter_panel,
    labelled,
    phone_only,
    scroll_region,
)
from ebok_app.components.shell import card, shell
from ebok_app.state.forecast import ForecastState as S
from ebok_app.state.forecast import PeriodRow

HORIZON_CHOICES = (("3 miesiące", "3"), ("6 miesięcy", "6"), ("12 miesięcy", "12"), ("24 miesiące", "24"))
GROUPING_CHOICES = (("miesiące", "month"), ("kwartały", "quarter"), ("tygodnie", "week"))
STACK_CHOICES = (
    ("typ umowy", "lease_type"),
    ("umowy", "contract"),
    ("rodzaj przedmiotu", "asset"),
    ("rodzaj kosztu", "kind"),
)
TOTALS = (
    ("Do zapłaty brutto", "left_gr"),
    ("Netto", "left_net_gr"),
    ("VAT do odliczenia", "left_vat_gr"),
    ("Zafakturowane, niezapłacone", "invoiced_gr"),
    ("Jeszcze niezafakturowane", "not_invoiced_gr"),
    ("Koszt (netto)", "cost_gr"),
    ("Spłata kapitału", "capital_left_gr"),
    ("Wykup przedmiotów (netto)", "buyout_left_gr"),
)


def filters() -> rx.Component:
    return filter_panel(
        choice_filter("Okres", "horizon", HORIZON_CHOICES, S.horizon),
        date_filter("albo od", "start", S.start),
        date_filter("do", "end", S.end),
        choice_filter("Grupuj", "grouping", GROUPING_CHOICES, S.grouping),
        choice_filter("Podziel według", "stack", STACK_CHOICES, S.stack),
        labelled(
            "Umowa",
            rx.input(
                name="q",
                default_value=S.q,
                placeholder="numer lub jego część",
                aria_label="Umowy w prognozie",
            ),
        ),
        choice_filter(
            "Typ umowy",
            "lease_type",
            (("leasing operacyjny", "operating"), ("leasing finansowy", "financial")),
            S.lease_type,
        ),
        on_submit=S.apply,
        on_clear=S.reset_view,
        key=S.form_key,
    )


def totals() -> rx.Component:
    return figure_grid(
        *[
            figure_card(label, S.totals[key], max_px=22, data_testid=f"forecast-{key}")
            for label, key in TOTALS
        ],
        figure_card(
            "Po terminie, niezapłacone (na dziś)",
            S.overdue,
            color=theme.ACCENT,
            max_px=22,
            data_testid="forecast-overdue",
        ),
    )


def chart() -> rx.Component:
    """The chart: plotly's code is fetched and run only when the chart's place comes into view (or on the
    button), so the page's figures and table come first; its place is kept (no layout shift)."""
    plot = rx.plotly.basic(
        data=S.figure,
        use_resize_handler=True,
        width="100%",
        height="360px",
        config={**CHART_CONFIG, "toImageButtonOptions": {"filename": "prognoza-kosztow"}},
    )
    placeholder = rx.center(
        rx.button(
            rx.icon("chart-column", size=16), "Pokaż wykres", id="ebok-chart-show", on_click=S.show_chart
        ),
        height="100%",
    )
    return card(
        rx.box(rx.cond(S.chart_shown, plot, placeholder), id="ebok-chart-slot", height="360px"),
        padding="8px",
        margin_bottom="16px",
        data_testid="forecast-chart",
        width="100%",
        overflow="hidden",
    )


COLUMNS = (
    ("Okres", "period"),
    ("Netto", "net"),
    ("VAT", "vat"),
    ("Brutto", "gross"),
    ("Zafakturowane", "invoiced"),
    ("Niezafakturowane", "not_invoiced"),
    ("Koszt", "cost"),
    ("Kapitał", "capital"),
    ("Wykup", "buyout"),
)


def period_cards() -> rx.Component:
    """The table's rows on a phone: each period a card with every column of the table."""

    def item(r: rx.Var[PeriodRow]) -> rx.Component:
        return card(
            rx.text(r["period"], weight="bold", color=theme.NAVY),
            card_facts(*[(label, r[key]) for label, key in COLUMNS[1:]]),
            padding="12px",
            width="100%",
            data_testid="forecast-card",
        )

    return rx.vstack(rx.foreach(S.rows, item), spacing="2", width="100%")


def table() -> rx.Component:
    def row(r: rx.Var[PeriodRow]) -> rx.Component:
        return rx.table.row(
            *[
                rx.table.cell(r[key], text_align="left" if key == "period" else "right", white_space="nowrap")
                for _, key in COLUMNS
            ],
            data_testid="forecast-row",
        )

    exports = rx.hstack(
        rx.text("Tabela:", size="2", color=theme.MUTED),
        rx.button(rx.icon("sheet", size=14), "CSV", variant="outline", size="2", on_click=S.export("csv")),
        rx.button(
            rx.icon("file-spreadsheet", size=14),
            "XLSX",
            variant="outline",
            size="2",
            on_click=S.export("xlsx"),
        ),
        rx.text("Wykres: przycisk aparatu na wykresie (PNG)", size="1", color=theme.MUTED),
        spacing="2",
        align="center",
        wrap="wrap",
        padding_bottom="8px",
    )
    grid = rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(label) for label, _ in COLUMNS])),
        rx.table.body(rx.foreach(S.rows, row)),
        size="1",
        width="100%",
    )
    return card(
        exports,
        desktop_only(scroll_region(grid, "Tabela prognozy")),
        phone_only(period_cards()),
        padding=["8px", "12px", "16px"],
    )


def what_if() -> rx.Component:
    """Ending one contract early by buying the asset out: an estimate, clearly marked as one."""
    result = rx.cond(
        S.estimate.get("error", "") != "",
        rx.text(S.estimate.get("error", ""), color=theme.ACCENT, size="2", role="alert"),
        rx.cond(
            S.estimate.length() > 0,
            rx.vstack(
                rx.text(
                    "Umowa " + S.estimate.get("contract", "") + ", wykup " + S.estimate.get("on", "") + ":",
                    size="2",
                    weight="medium",
                ),
                rx.text("Zamiast rat i wykupu końcowego: " + S.estimate.get("replaced", ""), size="2"),
                rx.text(
                    "Wykup teraz: "
                    + S.estimate.get("buyout_gross", "")
                    + " brutto ("
                    + S.estimate.get("buyout_net", "")
                    + " netto: pozostały kapitał i wartość wykupu)",
                    size="2",
                ),
                rx.text(
                    "Różnica: " + S.estimate.get("difference", ""),
                    size="3",
                    weight="bold",
                    color=theme.NAVY,
                ),
                rx.text(
                    "Szacunek: wykup wycenia leasingodawca; wykres i tabela powyżej już go uwzględniają.",
                    size="1",
                    color=theme.MUTED,
                ),
                spacing="1",
                data_testid="what-if-result",
            ),
        ),
    )
    return card(
        rx.heading("Co, jeśli wykupię przedmiot wcześniej? (szacunek)", size="3", color=theme.NAVY, as_="h2"),
        rx.form(
            rx.flex(
                rx.vstack(
                    rx.text("Numer umowy", size="1", color=theme.MUTED),
                    rx.input(
                        name="contract",
                        default_value=S.buyout_number,
                        placeholder="np. UL/2024/0400012",
                        aria_label="Numer umowy do wykupu",
                    ),
                    spacing="1",
                ),
                date_filter("Dzień wykupu", "on", S.buyout_on),
                rx.button("Oszacuj", type="submit"),
                gap="3",
                wrap="wrap",
                align="end",
            ),
            on_submit=S.what_if,
            key=S.form_key,
            padding_y="10px",
        ),
        result,
        margin_top="16px",
    )


def forecast_page() -> rx.Component:
    return shell(
        routes.FORECAST,
        filters(),
        error_callout(S.error),
        rx.text(
            "Kwoty do zapłaty według harmonogramów umów: raty, opłaty, ubezpieczenia i wykup, od dziś. "
            "Zaległości (termin przed dzisiaj, niezapłacone) są osobno, w kafelku Po terminie. Wykup "
            "przedmiotu to zakup, nie koszt. Prognoza nie obejmuje przyszłych polis ani opłat, których "
            "jeszcze nie naliczono.",
            size="2",
            color=theme.MUTED,
            margin_bottom="12px",
        ),
        totals(),
        chart(),
        table(),
        what_if(),
    )
