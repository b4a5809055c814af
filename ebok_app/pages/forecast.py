"""Prognoza kosztów: what the company's leases will cost, period by period, as a chart and a table."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.feedback import error_callout
from ebok_app.components.listing import WIDE_ONLY, choice_filter, date_filter, filter_panel, labelled
from ebok_app.components.shell import card, shell
from ebok_app.state.forecast import ForecastState as S

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
    return rx.grid(
        *[
            card(
                rx.text(label, size="1", color=theme.MUTED),
                rx.text(
                    S.totals[key],
                    size=rx.breakpoints(initial="3", sm="4"),
                    weight="bold",
                    color=theme.NAVY,
                    white_space="nowrap",
                ),
                padding="12px",
                data_testid=f"forecast-{key}",
            )
            for label, key in TOTALS
        ],
        card(
            rx.text("Po terminie, niezapłacone (na dziś)", size="1", color=theme.MUTED),
            rx.text(
                S.overdue,
                size=rx.breakpoints(initial="3", sm="4"),
                weight="bold",
                color=theme.ACCENT,
                white_space="nowrap",
            ),
            padding="12px",
            data_testid="forecast-overdue",
        ),
        columns=rx.breakpoints(initial="2", sm="3", lg="4"),
        spacing="3",
        width="100%",
        margin_bottom="16px",
    )


def chart() -> rx.Component:
    return card(
        rx.plotly.basic(
            data=S.figure,
            use_resize_handler=True,
            width="100%",
            height="360px",
            config={
                "displaylogo": False,
                "locale": "pl",
                "toImageButtonOptions": {"filename": "prognoza-kosztow"},
            },
        ),
        padding="8px",
        margin_bottom="16px",
        data_testid="forecast-chart",
        width="100%",
        overflow="hidden",
    )


def table() -> rx.Component:
    headers = (
        ("Okres", None),
        ("Netto", WIDE_ONLY),
        ("VAT", WIDE_ONLY),
        ("Brutto", None),
        ("Zafakturowane", ["none", "table-cell"]),
        ("Niezafakturowane", ["none", "table-cell"]),
        ("Koszt", WIDE_ONLY),
        ("Kapitał", WIDE_ONLY),
        ("Wykup", WIDE_ONLY),
    )
    keys = ("period", "net", "vat", "gross", "invoiced", "not_invoiced", "cost", "capital", "buyout")

    def row(r: rx.Var[dict]) -> rx.Component:
        return rx.table.row(
            *[
                rx.table.cell(
                    r[key],
                    display=display,
                    text_align="left" if key == "period" else "right",
                    white_space="nowrap",
                )
                for key, (_, display) in zip(keys, headers, strict=True)
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
    return card(
        exports,
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(*[rx.table.column_header_cell(h, display=d) for h, d in headers])
                ),
                rx.table.body(rx.foreach(S.rows, row)),
                size="1",
                width="100%",
            ),
            overflow_x="auto",
        ),
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
                    "Umowa "
                    + S.estimate.get("contract", "").to(str)
                    + ", wykup "
                    + S.estimate.get("on", "").to(str)
                    + ":",
                    size="2",
                    weight="medium",
                ),
                rx.text(
                    "Zamiast rat i wykupu końcowego: " + S.estimate.get("replaced", "").to(str), size="2"
                ),
                rx.text(
                    "Wykup teraz: "
                    + S.estimate.get("buyout_gross", "").to(str)
                    + " brutto ("
                    + S.estimate.get("buyout_net", "").to(str)
                    + " netto: pozostały kapitał i wartość wykupu)",
                    size="2",
                ),
                rx.text(
                    "Różnica: " + S.estimate.get("difference", "").to(str),
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
