"""Faktury: the company's invoices (all, or of one contract), the e-invoice PDF, CSV and XLSX lists."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app import routes
from ebok_app.documents import exports
from ebok_app.portfolio import queries
from ebok_app.portfolio.formatting import format_count
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.portfolio.queries import InvoiceFilter, Page
from ebok_app.security.rights import Right
from ebok_app.security.sessions import SignedIn
from ebok_app.state.auth import as_id, download
from ebok_app.state.boundary import RecordId, protected
from ebok_app.state.listing import FilterField, ListState, badge_color, day, money, parse_day, status_label

XLSX_TOO_LONG_PL = (
    f"Lista ma więcej niż {format_count(exports.XLSX_MAX_ROWS)} wierszy (limit arkusza Excela): "
    "pobierz CSV albo zawęź filtry."
)


def _row(r: dict) -> dict:
    return {
        "id": r["id"],
        "number": r["number"],
        "contract": r["contract_number"],
        "contract_href": routes.contract(r["contract_id"]),
        "issued": day(r["issue_date"]),
        "due": day(r["due_date"]),
        "net": money(r["net_gr"]),
        "vat": money(r["vat_gr"]),
        "gross": money(r["gross_gr"]),
        "paid": money(r["paid_gr"]),
        "status": status_label(r["status"]),
        "status_color": badge_color(r["status"]),
        "overdue": bool(r["overdue"]),
        "payable": r["left_gr"] > 0,
        "left": money(r["left_gr"]),
    }


class InvoicesState(ListState, rx.State):
    _route = routes.INVOICES
    _fields = (
        FilterField("q", "q"),
        FilterField("status", "status", queries.INVOICE_STATUSES),
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
    contract_id: str = ""
    issue_from: str = ""
    issue_to: str = ""
    due_from: str = ""
    due_to: str = ""
    error: str = ""

    def _filter(self) -> InvoiceFilter:
        return InvoiceFilter(
            search=self.q,
            contract_id=int(self.contract_id)
            if self.contract_id.isdigit() and len(self.contract_id) < 12
            else None,
            status=self.status,
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

    def _format(self, row: dict) -> dict:
        return _row(row)

    @protected(Right.VIEW)
    def download_pdf(self, info: SignedIn, invoice_id: RecordId):
        """The e-invoice as a PDF, over HTTP: the route shows only an invoice of the signed-in user's
        company (another's looks missing) and audits the download."""
        return download(info.session_id, "invoice_pdf", invoice_id=as_id(invoice_id))

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
