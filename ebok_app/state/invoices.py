"""Faktury: the company's invoices (all, or of one contract), the e-invoice PDF, CSV and XLSX lists."""

from __future__ import annotations

import logging
from datetime import date

import reflex as rx

from ebok_app import db, routes
from ebok_app.documents import exports
from ebok_app.documents.invoice_pdf import PdfFontMissing, load_invoice, render_invoice
from ebok_app.portfolio import queries
from ebok_app.portfolio.frames import frame_cache
from ebok_app.portfolio.queries import InvoiceFilter
from ebok_app.security import audit
from ebok_app.security.sessions import SignedIn
from ebok_app.settings import get_settings
from ebok_app.state.auth import guard, to_login
from ebok_app.state.listing import (
    badge_color,
    choice,
    day,
    money,
    parse_day,
    parse_page,
    replace_url,
    status_label,
)

log = logging.getLogger(__name__)
INVOICE_STATUSES = ("paid", "partly_paid", "unpaid", "overdue")
PDF_FAILED_PL = (
    "Nie udało się przygotować pliku PDF. Spróbuj ponownie za chwilę albo skontaktuj się z HelpDeskiem."
)
NOT_FOUND_PL = "Nie znaleziono faktury."


def _row(r: dict) -> dict:
    return {
        "id": r["id"],
        "number": r["number"],
        "contract": r["contract_number"],
        "contract_href": f"/umowy/{r['contract_id']}",
        "issued": day(r["issue_date"]),
        "due": day(r["due_date"]),
        "net": money(r["net_gr"]),
        "vat": money(r["vat_gr"]),
        "gross": money(r["gross_gr"]),
        "paid": money(r["paid_gr"]),
        "status": status_label(r["status"]),
        "status_color": badge_color(r["status"]),
        "overdue": bool(r["overdue"]),
    }


def _file_name(number: str, extension: str) -> str:
    return number.replace("/", "_") + f".{extension}"


class InvoicesState(rx.State):
    q: str = ""
    status: str = ""
    contract_id: str = ""
    issue_from: str = ""
    issue_to: str = ""
    due_from: str = ""
    due_to: str = ""
    sort: str = "issue_date"
    descending: bool = True
    page: int = 1

    form_key: int = 0  # a new value redraws the filter fields with the current filters
    rows: list[dict] = []
    total: int = 0
    pages: int = 1
    error: str = ""

    def _filter(self) -> InvoiceFilter:
        return InvoiceFilter(
            search=self.q[:100],
            contract_id=int(self.contract_id)
            if self.contract_id.isdigit() and len(self.contract_id) < 12
            else None,
            status=self.status,
            issue_from=parse_day(self.issue_from),
            issue_to=parse_day(self.issue_to),
            due_from=parse_day(self.due_from),
            due_to=parse_day(self.due_to),
            sort=self.sort if self.sort in queries.INVOICE_SORTS else "issue_date",
            descending=self.descending,
            page=self.page,
        )

    def _frames(self, info: SignedIn):
        return frame_cache.get(db.get_engine(), info.company_id)

    async def _refresh(self):
        info = await guard(self)
        if info is None:
            return to_login()
        result = queries.invoices_page(self._frames(info), self._filter(), date.today())
        self.rows = [_row(r) for r in result.rows]
        self.total, self.page, self.pages = result.total, result.page, result.pages
        return replace_url(
            routes.INVOICES,
            {
                "q": self.q,
                "status": self.status,
                "umowa": self.contract_id,
                "wyst_od": self.issue_from,
                "wyst_do": self.issue_to,
                "termin_od": self.due_from,
                "termin_do": self.due_to,
                "sort": "" if self.sort == "issue_date" else self.sort,
                "kier": "" if self.descending else "rosn",
                "strona": "" if self.page == 1 else str(self.page),
            },
        )

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.q = params.get("q", "")[:100]
        self.status = choice(params, "status", INVOICE_STATUSES)
        self.contract_id = params.get("umowa", "")[:11]
        self.issue_from, self.issue_to = params.get("wyst_od", ""), params.get("wyst_do", "")
        self.due_from, self.due_to = params.get("termin_od", ""), params.get("termin_do", "")
        self.sort = params.get("sort", "issue_date")
        self.descending = params.get("kier", "") != "rosn"
        self.page = parse_page(params.get("strona", ""))
        self.form_key += 1
        self.error = ""
        if await guard(self) is None:
            return None  # require_login sends the tab to the log-in
        return await self._refresh()

    @rx.event
    async def apply(self, form: dict):
        self.q = str(form.get("q", ""))[:100]
        self.status = choice(form, "status", INVOICE_STATUSES)
        self.issue_from, self.issue_to = str(form.get("issue_from", "")), str(form.get("issue_to", ""))
        self.due_from, self.due_to = str(form.get("due_from", "")), str(form.get("due_to", ""))
        self.page = 1
        return await self._refresh()

    @rx.event
    async def clear(self):
        self.q = self.status = self.contract_id = ""
        self.issue_from = self.issue_to = self.due_from = self.due_to = ""
        self.page = 1
        self.form_key += 1
        return await self._refresh()

    @rx.event
    async def sort_by(self, column: str):
        if column not in queries.INVOICE_SORTS:
            return None
        self.descending = not self.descending if self.sort == column else False
        self.sort, self.page = column, 1
        return await self._refresh()

    @rx.event
    async def go_to(self, page: int):
        self.page = page if isinstance(page, int) else 1
        return await self._refresh()

    @rx.event
    async def download_pdf(self, invoice_id: int):
        """The e-invoice as a PDF: only an invoice of the signed-in user's company."""
        info = await guard(self)
        if info is None:
            return to_login()
        ip = self.router.session.client_ip or None
        with db.session_scope() as session:
            doc = (
                load_invoice(session, info.company_id, invoice_id, get_settings().lessor)
                if isinstance(invoice_id, int)
                else None
            )
            audit.record(
                session,
                "download_invoice",
                "ok" if doc else "denied",
                info.actor,
                company_id=info.company_id,
                user_id=info.user_id,
                ip=ip,
                invoice_id=invoice_id if isinstance(invoice_id, int) else None,
            )
        if doc is None:
            self.error = NOT_FOUND_PL
            return None
        try:
            pdf = render_invoice(doc)
        except PdfFontMissing:
            log.exception("invoice PDF not rendered")
            self.error = PDF_FAILED_PL
            return None
        self.error = ""
        return rx.download(data=pdf, filename=_file_name(doc.number, "pdf"), mime_type="application/pdf")

    @rx.event
    async def export(self, fmt: str):
        """The list as the filters show it (all pages), as CSV or XLSX."""
        info = await guard(self)
        if info is None:
            return to_login()
        if fmt not in ("csv", "xlsx"):
            return None
        table = queries.filter_invoices(self._frames(info), self._filter(), date.today())
        sheet = exports.invoice_sheet(table)
        with db.session_scope() as session:
            audit.record(
                session,
                "export_invoices",
                "ok",
                info.actor,
                company_id=info.company_id,
                user_id=info.user_id,
                ip=self.router.session.client_ip or None,
                format=fmt,
                rows=sheet.height,
            )
        stamp = date.today().isoformat()
        if fmt == "csv":
            return rx.download(
                data=exports.to_csv(sheet), filename=f"faktury-{stamp}.csv", mime_type="text/csv"
            )
        return rx.download(
            data=exports.to_xlsx(sheet, "Faktury"),
            filename=f"faktury-{stamp}.xlsx",
            mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
