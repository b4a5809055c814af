"""Faktury: the company's invoices (all, or of one contract), the e-invoice PDF, CSV and XLSX lists."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

import reflex as rx

from ebok_app import routes
from ebok_app.accounts.sessions import SignedIn
from ebok_app.documents import exports, invoice_package
from ebok_app.documents.ksef import issued
from ebok_app.documents.ksef.links import qr_label
from ebok_app.documents.ksef.numbers import transfer_title
from ebok_app.portfolio import queries
from ebok_app.portfolio.formatting import format_count
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.portfolio.queries import InvoiceFilter, Page
from ebok_app.security.rights import Right
from ebok_app.settings import get_settings
from ebok_app.state.auth import as_id, download
from ebok_app.state.boundary import RecordId, protected
from ebok_app.state.listing import (
    FilterField,
    ListState,
    StatusRow,
    day,
    money,
    parse_day,
    status_fields,
)
from ebok_app.state.transactions import transaction

PACKAGE_TOO_BIG_PL = (
    "Paczka może objąć najwyżej {limit} faktur, a filtry wybierają {count}. "
    "Zawęź okres (Wystawiona od / do) albo inne filtry."
)
PACKAGE_EMPTY_PL = "Żadna faktura nie spełnia filtrów: paczka byłaby pusta."
NOT_FOUND_PL = "Nie znaleziono faktury."
XLSX_TOO_LONG_PL = (
    f"Lista ma więcej niż {format_count(exports.XLSX_MAX_ROWS)} wierszy (limit arkusza Excela): "
    "pobierz CSV albo zawęź filtry."
)


class KsefFields(TypedDict):
    ksef: str
    ksef_head: str  # NIP-date-
    ksef_tail: str  # technical part-checksum
    offline: bool
    transfer_title: str
    corrects: str
    corrected_by: str


class ContractInvoiceRow(StatusRow, KsefFields):
    """An invoice as a contract's tab lists it."""

    id: int
    number: str
    issued: str
    due: str
    gross: str
    paid: str
    overdue: bool


class InvoiceRow(ContractInvoiceRow):
    """An invoice as Faktury lists it."""

    contract: str
    contract_href: str
    net: str
    vat: str
    payable: bool
    left: str


def contract_invoice_row(r: dict) -> ContractInvoiceRow:
    return {
        "id": r["id"],
        "number": r["number"],
        "issued": day(r["issue_date"]),
        "due": day(r["due_date"]),
        "gross": money(r["gross_gr"]),
        "paid": money(r["paid_gr"]),
        **status_fields(r["status"]),
        "overdue": bool(r["overdue"]),
        **ksef_fields(r),
    }


def _row(r: dict) -> InvoiceRow:
    return {
        **contract_invoice_row(r),
        "contract": r["contract_number"],
        "contract_href": routes.contract(r["contract_id"]),
        "net": money(r["net_gr"]),
        "vat": money(r["vat_gr"]),
        "payable": r["left_gr"] > 0,
        "left": money(r["left_gr"]),
    }


def ksef_fields(r: dict) -> KsefFields:
    """What the invoice lists show of KSeF and corrections (Faktury and the contract's tab)."""
    return {
        "ksef": qr_label(r["ksef_number"]),
        "ksef_head": (r["ksef_number"] or "")[:20],  # NIP-date-
        "ksef_tail": (r["ksef_number"] or "")[20:],  # technical part-checksum
        "offline": r["ksef_number"] is None,
        "transfer_title": transfer_title(r["number"], r["ksef_number"]),
        "corrects": r["corrects_number"] or "",
        "corrected_by": r["corrected_by"] or "",
    }


def _verification_link(company_id: int, invoice_id: int | None) -> tuple[str, str] | None:
    """(invoice number, KOD I link) of the company's invoice; None for a missing or another's."""
    if invoice_id is None:
        return None
    settings = get_settings()
    with transaction() as session:
        invoice = issued.company_invoice(session, company_id, invoice_id)
        if invoice is None:
            return None
        return invoice.number, issued.invoice_link(session, invoice, settings.lessor, settings.ksef_qr_url)


class InvoicesState(ListState, rx.State):
    rows: list[InvoiceRow] = []
    _route = routes.INVOICES
    _fields = (
        FilterField("q", "q"),
        FilterField("status", "status", queries.INVOICE_STATUSES),
        FilterField("ksef", "ksef", queries.KSEF_FILTERS),
        FilterField("contract_id", "umowa", in_form=False),
        FilterField("issue_from", "wyst_od"),
        FilterField("issue_to", "wyst_do"),
        FilterField("due_from", "termin_od"),
        FilterField("due_to", "termin_do"),
    )
    _sorts = queries.INVOICE_SORTS
    _default_sort = "issue_date"

    q: str = ""
    status: str = ""
    ksef: str = ""
    contract_id: str = ""
    issue_from: str = ""
    issue_to: str = ""
    due_from: str = ""
    due_to: str = ""
    error: str = ""
    verification: dict[str, str] = {}  # the invoice whose KOD I link is shown: number, link

    def _filter(self) -> InvoiceFilter:
        return InvoiceFilter(
            search=self.q,
            contract_id=int(self.contract_id)
            if self.contract_id.isdigit() and len(self.contract_id) < 12
            else None,
            status=self.status,
            ksef=self.ksef,
            issue_from=parse_day(self.issue_from),
            issue_to=parse_day(self.issue_to),
            due_from=parse_day(self.due_from),
            due_to=parse_day(self.due_to),
            sort=self.sort,
            descending=self.descending,
            page=self.page,
        )

    def _page(self, frames: PortfolioFrames, today: date) -> Page:
        return queries.invoices_page(frames, self._filter(), today, self.page_size)

    def _format(self, row: dict) -> InvoiceRow:
        return _row(row)

    @protected(Right.VIEW)
    def download_pdf(self, info: SignedIn, invoice_id: RecordId):
        """The e-invoice as a PDF, over HTTP: the route shows only an invoice of the signed-in user's
        company (another's looks missing) and audits the download."""
        return download(info.session_id, "invoice_pdf", invoice_id=as_id(invoice_id))

    @protected(Right.VIEW)
    def download_xml(self, info: SignedIn, invoice_id: RecordId):
        """The e-invoice itself, its FA(3) XML as issued, over HTTP (checked and audited there)."""
        return download(info.session_id, "invoice_xml", invoice_id=invoice_id)

    @protected(Right.VIEW)
    def show_verification(self, info: SignedIn, invoice_id: RecordId):
        """Show the invoice's KOD I link (to verify it in KSeF) with a copy button."""
        found = _verification_link(info.company_id, invoice_id)
        if found is None:
            self.verification, self.error = {}, NOT_FOUND_PL
            return
        self.verification, self.error = {"number": found[0], "link": found[1]}, ""

    @protected(Right.VIEW)
    def hide_verification(self, info: SignedIn):
        self.verification = {}

    @protected(Right.EXPORT)
    def download_package(self, info: SignedIn):
        """The accountant's ZIP of the list as filtered (PDF + XML of each invoice, CSV summary)."""
        if self.total == 0:  # the list as the filters show it; the download route counts again
            self.error = PACKAGE_EMPTY_PL
            return None
        if self.total > invoice_package.MAX_PACKAGE_INVOICES:
            self.error = PACKAGE_TOO_BIG_PL.format(
                limit=format_count(invoice_package.MAX_PACKAGE_INVOICES), count=format_count(self.total)
            )
            return None
        self.error = ""
        return download(info.session_id, "invoice_package", **queries.invoice_filter_params(self._filter()))

    @protected(Right.EXPORT)
    def export(self, info: SignedIn, fmt: str):
        """The list as the filters show it (all pages), as CSV or XLSX, over HTTP (streamed, audited)."""
        if fmt not in ("csv", "xlsx"):
            return None
        if fmt == "xlsx" and self.total > exports.XLSX_MAX_ROWS:
            self.error = XLSX_TOO_LONG_PL
            return None
        self.error = ""
        params = queries.invoice_filter_params(self._filter())
        return download(info.session_id, "invoices_export", format=fmt, **params)
