"""Prognoza kosztów: what the company's leases will cost, period by period, as a chart and a table."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.chart_locale import chart_config
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
from ebok_app.components.translated import t
from ebok_app.state.forecast import ForecastState as S
from ebok_app.state.forecast import PeriodRow

HORIZON_CHOICES = (
    (t("3 miesiące"), "3"),
    (t("6 miesięcy"), "6"),
    (t("12 miesięcy"), "12"),
    (t("24 miesiące"), "24"),
)
GROUPING_CHOICES = ((t("miesiące"), "month"), (t("kwartały"), "quarter"), ("tygodnie", "week"))
STACK_CHOICES = (
    (t("typ umowy"), "lease_type"),
    ("umowy", "contract"),
    (t("rodzaj przedmiotu"), "asset"),
    (t("rodzaj kosztu"), "kind"),
)
TOTALS = (
    (t("Do zapłaty brutto"), "left_gr"),
    (t("Netto"), "left_net_gr"),
    (t("VAT do odliczenia"), "left_vat_gr"),
    (t("Zafakturowane, niezapłacone"), "invoiced_gr"),
    (t("Jeszcze niezafakturowane"), "not_invoiced_gr"),
    (t("Koszt (netto)"), "cost_gr"),
    (t("Spłata kapitału"), "capital_left_gr"),
    (t("Wykup przedmiotów (netto)"), "buyout_left_gr"),
)


def filters() -> rx.Component:
    return filter_panel(
        choice_filter(t("Okres"), "horizon", HORIZON_CHOICES, S.horizon),
        date_filter(t("albo od"), "start", S.start),
        date_filter(t("do"), "end", S.end),
        choice_filter(t("Grupuj"), "grouping", GROUPING_CHOICES, S.grouping),
        choice_filter(t("Podziel według"), "stack", STACK_CHOICES, S.stack),
        labelled(
            t("Umowa"),
            rx.input(
                name="q",
                default_value=S.q,
                placeholder=t("numer lub jego część"),
                aria_label=t("Umowy w prognozie"),
            ),
        ),
        choice_filter(
            t("Typ umowy"),
            "lease_type",
            ((t("leasing operacyjny"), "operating"), (t("leasing finansowy"), "financial")),
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
            t("Po terminie, niezapłacone (na dziś)"),
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
        config=chart_config(toImageButtonOptions={"filename": "prognoza-kosztow"}),
    )
    placeholder = rx.center(
        rx.button(
            rx.icon("chart-column", size=16), t("Pokaż wykres"), id="ebok-chart-show", on_click=S.show_chart
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
    (t("Okres"), "period"),
    (t("Netto"), "net"),
    ("VAT", "vat"),
    (t("Brutto"), "gross"),
    (t("Zafakturowane"), "invoiced"),
    (t("Niezafakturowane"), "not_invoiced"),
    (t("Koszt"), "cost"),
    (t("Kapitał"), "capital"),
    (t("Wykup"), "buyout"),
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
        rx.text(t("Tabela:"), size="2", color=theme.MUTED),
        rx.button(rx.icon("sheet", size=14), "CSV", variant="outline", size="2", on_click=S.export("csv")),
        rx.button(
            rx.icon("file-spreadsheet", size=14),
            "XLSX",
            variant="outline",
            size="2",
            on_click=S.export("xlsx"),
        ),
        rx.text(t("Wykres: przycisk aparatu na wykresie (PNG)"), size="1", color=theme.MUTED),
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
        desktop_only(scroll_region(grid, t("Tabela prognozy"))),
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
                    t("Umowa ")
                    + S.estimate.get("contract", "")
                    + t(", wykup ")
                    + S.estimate.get("on", "")
                    + ":",
                    size="2",
                    weight="medium",
                ),
                rx.text(t("Zamiast rat i wykupu końcowego: ") + S.estimate.get("replaced", ""), size="2"),
                rx.text(
                    t("Wykup teraz: ")
                    + S.estimate.get("buyout_gross", "")
                    + t(" brutto (")
                    + S.estimate.get("buyout_net", "")
                    + t(" netto: pozostały kapitał i wartość wykupu)"),
                    size="2",
                ),
                rx.text(
                    t("Różnica: ") + S.estimate.get("difference", ""),
                    size="3",
                    weight="bold",
                    color=theme.NAVY,
                ),
                rx.text(
                    t("Szacunek: wykup wycenia leasingodawca; wykres i tabela powyżej już go uwzględniają."),
                    size="1",
                    color=theme.MUTED,
                ),
                spacing="1",
                data_testid="what-if-result",
            ),
        ),
    )
    return card(
        rx.heading(
            t("Co, jeśli wykupię przedmiot wcześniej? (szacunek)"), size="3", color=theme.NAVY, as_="h2"
        ),
        rx.form(
            rx.flex(
                rx.vstack(
                    rx.text(t("Numer umowy"), size="1", color=theme.MUTED),
                    rx.input(
                        name="contract",
                        default_value=S.buyout_number,
                        placeholder=t("np. UL/2024/0400012"),
                        aria_label=t("Numer umowy do wykupu"),
                    ),
                    spacing="1",
                ),
                date_filter(t("Dzień wykupu"), "on", S.buyout_on),
                rx.button(t("Oszacuj"), type="submit"),
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
            t(
                "Kwoty do zapłaty według harmonogramów umów: raty, opłaty, ubezpieczenia i wykup, od dziś. "
                "Zaległości (termin przed dzisiaj, niezapłacone) są osobno, w kafelku Po terminie. Wykup "
                "przedmiotu to zakup, nie koszt. Prognoza nie obejmuje przyszłych polis ani opłat, których "
                "jeszcze nie naliczono."
            ),
            size="2",
            color=theme.MUTED,
            margin_bottom="12px",
        ),
        totals(),
        chart(),
        table(),
        what_if(),
    )
