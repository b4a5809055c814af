"""Faktury: invoices with their payment status and KSeF number, each one's PDF, XML and KOD I link, the
list as CSV or XLSX, and the accountant's ZIP package."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components import invoice_ksef
from ebok_app.components.feedback import error_callout
from ebok_app.components.listing import (
    PAYMENT_STATUS_CHOICES,
    card_facts,
    choice_filter,
    date_filter,
    filter_panel,
    labelled,
    list_body,
    overdue_mark,
    sortable,
    status_badge,
)
from ebok_app.components.shell import card, shell
from ebok_app.documents import exports
from ebok_app.documents.invoice_package import MAX_PACKAGE_INVOICES
from ebok_app.portfolio.formatting import format_count
from ebok_app.state.auth import AuthState
from ebok_app.state.invoices import InvoiceRow
from ebok_app.state.invoices import InvoicesState as S
from ebok_app.state.payments import PaymentState as P

COLUMNS = (
    ("Numer", "number"),
    ("Numer KSeF", "ksef_number"),
    ("Umowa", "contract_number"),
    ("Wystawiona", "issue_date"),
    ("Termin", "due_date"),
    ("Netto", "net_gr"),
    ("VAT", "vat_gr"),
    ("Brutto", "gross_gr"),
    ("Zapłacono", "paid_gr"),
    ("Status", "status"),
)
KSEF_CHOICES = (("z numerem KSeF", "with"), ("bez numeru (OFFLINE)", "without"))
# on a laptop the PDF carries them (and room goes to KSeF and paying): columns of their own from 1536 px,
# narrower the contract under the invoice's number and the net and VAT under the gross amount
WIDE_COLUMNS = ("contract_number", "issue_date", "net_gr", "vat_gr")
VERY_WIDE = ["none", "none", "none", "none", "none", "table-cell"]
BELOW_VERY_WIDE = ["block", "block", "block", "block", "block", "none"]


def filters() -> rx.Component:
    return filter_panel(
        labelled(
            "Szukaj",
            rx.input(
                name="q",
                default_value=S.q,
                placeholder="numer faktury, umowy lub KSeF",
                aria_label="Szukaj faktury",
            ),
            width="240px",
        ),
        choice_filter("Status", "status", PAYMENT_STATUS_CHOICES, S.status),
        choice_filter("KSeF", "ksef", KSEF_CHOICES, S.ksef),
        date_filter("Wystawiona od", "issue_from", S.issue_from),
        date_filter("Wystawiona do", "issue_to", S.issue_to),
        date_filter("Termin od", "due_from", S.due_from),
        date_filter("Termin do", "due_to", S.due_to),
        on_submit=S.apply,
        on_clear=S.clear,
        key=S.form_key,
    )


def pay_button(r: rx.Var[InvoiceRow], compact: bool = False) -> rx.Component:
    """Pay this invoice online (in the table only the icon, with its name in the tooltip)."""
    return rx.cond(
        P.online & r["payable"],
        rx.button(
            rx.icon("credit-card", size=14),
            *(() if compact else ("Zapłać",)),
            size="1",
            color_scheme="green",
            on_click=P.pay(r["id"]),
            aria_label="Zapłać online fakturę " + r["number"],
            title="Zapłać online",
        ),
    )


def pick_box(r: rx.Var[InvoiceRow]) -> rx.Component:
    return rx.cond(
        P.online & r["payable"],
        rx.checkbox(
            checked=P.selected.contains(r["id"]),
            on_change=lambda _: P.toggle(r["id"]),
            aria_label="Zaznacz do zapłaty fakturę " + r["number"],
        ),
    )


def payment_bar() -> rx.Component:
    """The ticked invoices and their sum, with one button to pay them together."""
    return rx.cond(
        P.selected.length() > 0,
        card(
            rx.flex(
                rx.text("Zaznaczone do zapłaty: ", rx.text.strong(P.selected_label), size="2"),
                rx.spacer(),
                rx.button(
                    rx.icon("credit-card", size=14),
                    "Zapłać zaznaczone",
                    color_scheme="green",
                    on_click=P.pay_selected,
                ),
                gap="3",
                align="center",
                wrap="wrap",
                width="100%",
            ),
            padding="12px",
            margin_bottom="12px",
            data_testid="payment-bar",
        ),
    )


def payment_notice() -> rx.Component:
    """The order the payer came back from: paid, waiting, cancelled, expired or refunded."""
    return rx.cond(
        P.notice.length() > 0,
        rx.callout(
            rx.vstack(
                rx.text(P.notice.get("text", ""), weight="medium"),
                rx.text(P.notice.get("title", "") + " · " + P.notice.get("amount", ""), size="1"),
                spacing="1",
            ),
            icon="credit-card",
            color_scheme=rx.match(P.notice.get("tone", ""), ("green", "green"), ("amber", "amber"), "red"),
            width="100%",
            margin_bottom="12px",
            data_testid="payment-notice",
        ),
    )


def table() -> rx.Component:
    def row(r: rx.Var[InvoiceRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.vstack(
                    rx.hstack(
                        pick_box(r),
                        rx.text(r["number"], weight="medium", size="1"),
                        spacing="2",
                        align="center",
                    ),
                    rx.link(r["contract"], href=r["contract_href"], size="1", display=BELOW_VERY_WIDE),
                    invoice_ksef.corrections(r),
                    spacing="1",
                ),
                white_space="nowrap",
            ),
            rx.table.cell(invoice_ksef.ksef_number(r)),
            rx.table.cell(
                rx.link(r["contract"], href=r["contract_href"]), white_space="nowrap", display=VERY_WIDE
            ),
            rx.table.cell(r["issued"], white_space="nowrap", display=VERY_WIDE),
            rx.table.cell(rx.vstack(r["due"], overdue_mark(r), spacing="1"), white_space="nowrap"),
            rx.table.cell(r["net"], text_align="right", white_space="nowrap", display=VERY_WIDE),
            rx.table.cell(r["vat"], text_align="right", white_space="nowrap", display=VERY_WIDE),
            rx.table.cell(
                rx.text(r["gross"], weight="medium"),
                rx.text(
                    "netto " + r["net"],
                    rx.el.br(),
                    "VAT " + r["vat"],
                    size="1",
                    color=theme.MUTED,
                    display=BELOW_VERY_WIDE,
                ),
                text_align="right",
                white_space="nowrap",
            ),
            rx.table.cell(r["paid"], text_align="right", white_space="nowrap"),
            rx.table.cell(status_badge(r["status"], r["status_color"])),
            rx.table.cell(
                rx.hstack(invoice_ksef.actions_menu(r), pay_button(r, compact=True), spacing="1"),
                white_space="nowrap",
            ),
            data_testid="invoice-row",
        )

    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[
                    sortable(
                        label,
                        col,
                        S.sort,
                        S.descending,
                        S.sort_by,
                        display=VERY_WIDE if col in WIDE_COLUMNS else None,
                    )
                    for label, col in COLUMNS
                ],
                rx.table.column_header_cell(rx.el.span("Działania", class_name="ebok-sr-only")),
            )
        ),
        rx.table.body(rx.foreach(S.rows, row)),
        size="1",
        width="100%",
    )


def cards() -> rx.Component:
    def item(r: rx.Var[InvoiceRow]) -> rx.Component:
        return card(
            rx.vstack(
                rx.hstack(
                    pick_box(r),
                    rx.text(r["number"], weight="bold", color=theme.NAVY),
                    rx.spacer(),
                    status_badge(r["status"], r["status_color"]),
                    width="100%",
                    wrap="wrap",
                ),
                rx.hstack(
                    rx.text("umowa " + r["contract"], size="1", color=theme.MUTED),
                    rx.spacer(),
                    overdue_mark(r),
                    width="100%",
                ),
                rx.hstack(
                    rx.text("KSeF", size="1", color=theme.MUTED),
                    invoice_ksef.ksef_number(r),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                invoice_ksef.corrections(r),
                rx.hstack(
                    rx.text("termin " + r["due"], size="2"),
                    rx.spacer(),
                    rx.text(r["gross"], size="3", weight="bold"),
                    width="100%",
                ),
                card_facts(
                    ("Wystawiona", r["issued"]),
                    ("Zapłacono", r["paid"]),
                    ("Netto", r["net"]),
                    ("VAT", r["vat"]),
                ),
                invoice_ksef.transfer_title(r),
                rx.hstack(invoice_ksef.actions(r), pay_button(r), spacing="1", wrap="wrap", align="center"),
                spacing="1",
                width="100%",
            ),
            padding="12px",
            width="100%",
            data_testid="invoice-card",
        )

    return rx.vstack(rx.foreach(S.rows, item), spacing="2", width="100%")


XLSX_LIMIT_PL = f"XLSX do {format_count(exports.XLSX_MAX_ROWS)} wierszy (limit Excela), CSV bez limitu"


def export_buttons() -> rx.Component:
    return rx.hstack(
        rx.button(rx.icon("sheet", size=14), "CSV", variant="outline", size="2", on_click=S.export("csv")),
        rx.button(
            rx.icon("file-spreadsheet", size=14),
            "XLSX",
            variant="outline",
            size="2",
            on_click=S.export("xlsx"),
            title=XLSX_LIMIT_PL,
        ),
        rx.text(XLSX_LIMIT_PL, size="1", color=theme.MUTED),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def package() -> rx.Component:
    limit = format_count(MAX_PACKAGE_INVOICES)
    return rx.flex(
        rx.button(
            rx.icon("folder-archive", size=14),
            "Paczka dla księgowego (ZIP)",
            variant="outline",
            size="2",
            on_click=S.download_package,
        ),
        rx.text(
            "PDF i XML (KSeF) każdej faktury z listy według filtrów oraz zestawienie CSV; okres wybierzesz "
            f"polami „Wystawiona od / do”. Najwyżej {limit} faktur w jednej paczce.",
            size="1",
            color=theme.MUTED,
            max_width="560px",
        ),
        spacing="3",
        align="center",
        wrap="wrap",
        padding_bottom="8px",
    )


def invoices_page() -> rx.Component:
    return shell(
        routes.INVOICES,
        filters(),
        error_callout(S.error),
        invoice_ksef.verification_panel(),
        payment_notice(),
        rx.box(error_callout(P.error), margin_bottom="8px"),
        payment_bar(),
        list_body(
            S,
            table(),
            cards(),
            "Brak faktur spełniających kryteria.",
            rx.cond(
                AuthState.can_export,
                rx.hstack(
                    rx.text("Lista według filtrów:", size="2", color=theme.MUTED),
                    export_buttons(),
                    align="center",
                    spacing="3",
                    padding_bottom="8px",
                    wrap="wrap",
                ),
            ),
            package(),
        ),
    )
