"""Every file the portal hands out over HTTP, one producer per kind (see `ebok_app.downloads`).

A producer gets the database session, the requester whose session the ticket names, and the ticket's
parameters (as the event handler put them; still checked here, as anything from outside would be). It
returns the file, or None when it is missing or not the requester's: the two look the same."""

from __future__ import annotations

from sqlmodel import Session

from ebok_app.documents.ksef import issued
from ebok_app.downloads import Download, Requester, register
from ebok_app.notifications import attachments
from ebok_app.security.accounts import PermissionDenied
from ebok_app.security.sessions import SignedIn
from ebok_app.security.staff import Staff
from ebok_app.settings import get_settings

PDF = "application/pdf"
XML = "application/xml"
OCTET_STREAM = "application/octet-stream"


def record_id(params: dict, key: str) -> int | None:
    value = params.get(key)
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63
    return value if ok else None


def invoice_file_name(number: str, extension: str) -> str:
    return number.replace("/", "_") + f".{extension}"


@register("invoice_pdf", "client", "download_invoice")
def invoice_pdf(db: Session, who: Requester, params: dict) -> Download | None:
    invoice_id = record_id(params, "invoice_id")
    if not isinstance(who, SignedIn) or invoice_id is None:
        return None
    invoice = issued.company_invoice(db, who.company_id, invoice_id)
    if invoice is None:
        return None
    settings = get_settings()
    pdf = issued.invoice_pdf(db, invoice, settings.lessor, settings.ksef_qr_url)
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
