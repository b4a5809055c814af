"""Every file the portal hands out over HTTP, one producer per kind (see `ebok_app.downloads`).

A producer gets the database session, the requester whose session the ticket names, and the ticket's
parameters (as the event handler put them; still checked here, as anything from outside would be). It
returns the file, or None when it is missing or not the requester's: the two look the same."""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlmodel import Session

from ebok_app import db as database
from ebok_app.accounts import PermissionDenied, personal_data
from ebok_app.accounts.sessions import SignedIn
from ebok_app.accounts.staff import Staff
from ebok_app.client_requests import files as request_files
from ebok_app.contact import attachments
from ebok_app.documents import exports, invoice_package, stored_pdfs
from ebok_app.documents.buyout_pdf import quote_file_name, render_quote
from ebok_app.documents.ksef import issued
from ebok_app.downloads import Download, Requester, register
from ebok_app.models import StaffRight
from ebok_app.portfolio import queries
from ebok_app.portfolio.buyout_quote import QuoteRefused, make_quote
from ebok_app.portfolio.forecast import GROUPINGS, STACKS, BuyoutPlan, ForecastRequest, forecast
from ebok_app.portfolio.frames import frame_cache
from ebok_app.settings import get_settings

PDF = "application/pdf"
XML = "application/xml"
ZIP = "application/zip"
OCTET_STREAM = "application/octet-stream"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def record_id(params: dict, key: str) -> int | None:
    value = params.get(key)
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63
    return value if ok else None


def invoice_file_name(number: str, extension: str) -> str:
    return f"{invoice_package.file_stem(number)}.{extension}"


@register("invoice_pdf", "client", "download_invoice")
def invoice_pdf(db: Session, who: Requester, params: dict) -> Download | None:
    invoice_id = record_id(params, "invoice_id")
    if not isinstance(who, SignedIn) or invoice_id is None:
        return None
    invoice = issued.company_invoice(db, who.company_id, invoice_id)
    if invoice is None:
        return None
    settings = get_settings()
    pdf = stored_pdfs.invoice_pdf(db, invoice, settings.lessor, settings.ksef_qr_url)
    return Download(invoice_file_name(invoice.number, "pdf"), PDF, pdf)


@register("invoice_xml", "client", "download_invoice_xml")
def invoice_xml(db: Session, who: Requester, params: dict) -> Download | None:
    """The invoice's FA(3) XML as issued (the e-invoice itself)."""
    invoice_id = record_id(params, "invoice_id")
    if not isinstance(who, SignedIn) or invoice_id is None:
        return None
    found = issued.issued_xml(db, who.company_id, invoice_id, get_settings().lessor)
    if found is None:
        return None
    return Download(invoice_file_name(found.invoice.number, "xml"), XML, found.xml)


@register("invoice_package", "client", "download_invoice_package")
def invoice_zip(db: Session, who: Requester, params: dict) -> Download | None:
    """The accountant's ZIP of the list as filtered (PDFs, XMLs, CSV), streamed; refused above the limit."""
    if not isinstance(who, SignedIn):
        return None
    engine = database.get_engine()
    frames = frame_cache.get(engine, who.company_id)
    table = queries.filter_invoices(frames, queries.invoice_filter_from(params), date.today())
    if table.is_empty() or table.height > invoice_package.MAX_PACKAGE_INVOICES:
        return None
    settings = get_settings()
    body = invoice_package.stream_package(
        engine, company_id=who.company_id, invoices=table, seller=settings.lessor, qr_url=settings.ksef_qr_url
    )
    name = f"faktury-{date.today().isoformat()}.zip"
    return Download(name, ZIP, body, audit_details={"invoices": table.height})


@register("contact_attachment", "client", "contact_attachment_download")
def own_attachment(db: Session, who: Requester, params: dict) -> Download | None:
    attachment_id = record_id(params, "attachment_id")
    if not isinstance(who, SignedIn) or attachment_id is None:
        return None
    row = attachments.for_sender(db, who.user_id, attachment_id)
    return None if row is None else Download(row.filename, OCTET_STREAM, row.data)


@register("staff_contact_attachment", "staff", "contact_attachment_download")
def staff_attachment(db: Session, who: Requester, params: dict) -> Download | None:
    attachment_id = record_id(params, "attachment_id")
    if not isinstance(who, Staff) or attachment_id is None:
        return None
    try:
        row = attachments.for_staff(db, who, attachment_id)
    except PermissionDenied:
        return None
    return None if row is None else Download(row.filename, OCTET_STREAM, row.data)


@register("request_file", "client", "request_file_download")
def request_file(db: Session, who: Requester, params: dict) -> Download | None:
    """A file of one of the company's requests (or the user's own file waiting for one)."""
    file_id = record_id(params, "file_id")
    if not isinstance(who, SignedIn) or file_id is None:
        return None
    row = request_files.for_company(db, who.company_id, who.user_id, file_id)
    return None if row is None else Download(row.filename, row.content_type, row.data)


@register("staff_request_file", "staff", "request_file_download")
def staff_request_file(db: Session, who: Requester, params: dict) -> Download | None:
    file_id = record_id(params, "file_id")
    if not isinstance(who, Staff) or file_id is None or StaffRight.HELPDESK.value not in who.rights:
        return None
    row = request_files.for_staff(db, file_id)
    return None if row is None else Download(row.filename, row.content_type, row.data)


@register("my_data", "client", "personal_data_export")
def my_data(db: Session, who: Requester, params: dict) -> Download | None:
    """Data about me: the signed-in user's own data, as JSON or as CSV files in a zip."""
    fmt = params.get("format")
    if not isinstance(who, SignedIn) or fmt not in ("json", "csv"):
        return None
    data = personal_data.collect(db, user_id=who.user_id)
    name = f"moje-dane-{who.login}"
    if fmt == "json":
        return Download(f"{name}.json", "application/json", personal_data.to_json(data), {"format": fmt})
    return Download(f"{name}.zip", "application/zip", personal_data.to_csv_zip(data), {"format": fmt})


@register("buyout_quote", "client", "download_buyout_quote")
def buyout_quote_pdf(db: Session, who: Requester, params: dict) -> Download | None:
    """The buyout quote of a contract of the requester's company for a day, made again from the schedule."""
    contract_id, on = record_id(params, "contract_id"), params.get("on")
    if not isinstance(who, SignedIn) or contract_id is None or not isinstance(on, str):
        return None
    try:
        made = make_quote(db, company_id=who.company_id, contract_id=contract_id, on=date.fromisoformat(on))
    except (ValueError, QuoteRefused):
        return None
    settings = get_settings()
    pdf = render_quote(made, who.company_name, settings.lessor)
    return Download(quote_file_name(made), PDF, pdf, {"total_gr": made.total_gr})


def _sheet_file(sheet: pl.DataFrame, name: str, title: str, fmt: object) -> Download | None:
    """A sheet as a streamed CSV or an XLSX (None above Excel's row limit, which the page states)."""
    details = {"format": fmt, "rows": sheet.height}
    if fmt == "csv":
        return Download(f"{name}.csv", CSV, exports.csv_chunks(sheet), details)
    if fmt == "xlsx" and sheet.height <= exports.XLSX_MAX_ROWS:
        return Download(f"{name}.xlsx", XLSX, exports.to_xlsx(sheet, title), details)
    return None


@register("invoices_export", "client", "export_invoices")
def invoices_export(db: Session, who: Requester, params: dict) -> Download | None:
    """The invoice list as the filters show it, every row (the client's own company only)."""
    if not isinstance(who, SignedIn):
        return None
    today = date.today()
    frames = frame_cache.get(db.get_bind(), who.company_id)
    table = queries.filter_invoices(frames, queries.invoice_filter_from(params), today)
    return _sheet_file(
        exports.invoice_sheet(table), f"faktury-{today.isoformat()}", "Faktury", params.get("format")
    )


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@register("forecast_export", "client", "export_forecast")
def forecast_export(db: Session, who: Requester, params: dict) -> Download | None:
    """The forecast's table for the window and choices of the page."""
    start, end = _day(params.get("start")), _day(params.get("end"))
    grouping, stack = params.get("grouping"), params.get("stack")
    if not isinstance(who, SignedIn) or start is None or end is None or end < start:
        return None
    if grouping not in GROUPINGS or stack not in STACKS:
        return None
    buyout_on, buyout_contract = _day(params.get("buyout_on")), record_id(params, "buyout_contract_id")
    request = ForecastRequest(
        start=start,
        end=end,
        grouping=str(grouping),
        stack=str(stack),
        lease_type=params.get("lease_type") if params.get("lease_type") in ("operating", "financial") else "",
        contract_search=str(params.get("search") or "")[:32],
        buyout=BuyoutPlan(buyout_contract, buyout_on) if buyout_contract and buyout_on else None,
    )
    table = forecast(frame_cache.get(db.get_bind(), who.company_id), request).table
    sheet = exports.forecast_sheet([{k: row[k] for k in exports.FORECAST_COLUMNS} for row in table])
    return _sheet_file(sheet, f"prognoza-kosztow-{start}-{end}", "Prognoza", params.get("format"))
