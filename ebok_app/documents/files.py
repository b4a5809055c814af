"""Every file the portal hands out over HTTP, one producer per kind (see `ebok_app.downloads`).

A producer gets the database session, the requester whose session the ticket names, and the ticket's
parameters (as the event handler put them; still checked here, as anything from outside would be). It
returns the file, or None when it is missing or not the requester's: the two look the same."""

from __future__ import annotations

from sqlmodel import Session

from ebok_app.documents.invoice_pdf import load_invoice, render_invoice
from ebok_app.downloads import Download, Requester, register
from ebok_app.notifications import attachments
from ebok_app.security.accounts import PermissionDenied
from ebok_app.security.sessions import SignedIn
from ebok_app.security.staff import Staff
from ebok_app.settings import get_settings

PDF = "application/pdf"
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
    doc = load_invoice(db, who.company_id, invoice_id, get_settings().lessor)
    if doc is None:
        return None
    return Download(invoice_file_name(doc.number, "pdf"), PDF, render_invoice(doc))


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
