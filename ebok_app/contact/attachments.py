"""Files sent with contact messages, checked before they are stored and served only to those who may
see them.

The checks: at most MAX_FILES per message and MAX_BYTES each; the type is read from the content (PDF,
PNG, JPEG magic bytes), never from the name or the browser's word; PDFs with active content (JavaScript,
actions run on opening, launch actions, embedded files, XFA forms; read with pypdf, compressed object
streams included) and PDFs pypdf cannot read are refused; the stored name is reduced to safe characters
with the extension of the detected type. Files live in the database (no path on the web server's disk),
are served only as downloads, to the sender and to the helpdesk. Limit: no antivirus engine is run.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from ebok_app.accounts.staff import Staff, require_right
from ebok_app.contact.pdf_content import PdfVerdict, inspect_pdf
from ebok_app.models import ContactAttachment, StaffRight
from ebok_app.security import audit

MAX_FILES = 3
MAX_BYTES = 2 * 1024 * 1024
# the largest upload request read at all: one file too many or too big still gets its Polish message
MAX_REQUEST_BYTES = (MAX_FILES + 1) * MAX_BYTES + 1024 * 1024
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


@dataclass(frozen=True)
class AttachmentInfo:
    """What a list shows of a file (never its content)."""

    id: int
    message_id: int | None
    filename: str
    size: int


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) read from the first bytes, or None for any other kind of file."""
    for magic, content_type, extension in SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    return None


def safe_filename(name: str, extension: str) -> str:
    """The last path part of `name`, letters, digits, spaces, dots, dashes only, with `extension`."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w .-]", "_", stem).strip(" ._")[:80]
    return f"{stem or 'plik'}{extension}"


def file_problem(data: bytes) -> str | None:
    """Why a file cannot be accepted, in Polish; None when it can."""
    if not data:
        return "Plik jest pusty."
    if len(data) > MAX_BYTES:
        return f"Plik może mieć najwyżej {MAX_BYTES // (1024 * 1024)} MB."
    kind = sniff(data)
    if kind is None:
        return "Dołączyć można tylko pliki PDF, PNG lub JPEG."
    verdict = inspect_pdf(data) if kind[0] == "application/pdf" else PdfVerdict.PLAIN
    if verdict is PdfVerdict.ACTIVE:
        return "Ten plik PDF zawiera aktywną treść (skrypty, załączniki); zapisz go jako zwykły PDF."
    if verdict is PdfVerdict.UNREADABLE:
        return "Nie udało się odczytać tego pliku PDF (uszkodzony albo zaszyfrowany); zapisz go ponownie."
    return None


def add_pending(
    db: Session,
    *,
    user_id: int,
    company_id: int,
    actor: str,
    name: str,
    data: bytes,
    now: datetime,
    ip: str | None = None,
) -> str | None:
    """Keep a file for the message the user is writing; a Polish problem (nothing kept) or None."""
    waiting = db.exec(
        select(func.count()).where(
            ContactAttachment.user_id == user_id, col(ContactAttachment.message_id).is_(None)
        )
    ).one()
    problem = (
        f"Do wiadomości dołączysz najwyżej {MAX_FILES} pliki." if waiting >= MAX_FILES else file_problem(data)
    )
    if problem:
        audit.record(db, "contact_attachment", "denied", actor, company_id=company_id, user_id=user_id, ip=ip)
        return problem
    content_type, extension = sniff(data)
    row = ContactAttachment(
        company_id=company_id,
        user_id=user_id,
        filename=safe_filename(name, extension),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        created_at=now,
    )
    db.add(row)
    db.flush()
    audit.record(
        db,
        "contact_attachment",
        "ok",
        actor,
        company_id=company_id,
        user_id=user_id,
        ip=ip,
        sha256=row.sha256,
    )
    return None


def _listing(db: Session, *conditions) -> list[AttachmentInfo]:
    query = select(
        ContactAttachment.id, ContactAttachment.message_id, ContactAttachment.filename, ContactAttachment.size
    )
    rows = db.exec(query.where(*conditions).order_by(col(ContactAttachment.id))).all()
    return [AttachmentInfo(*row) for row in rows]


def pending(db: Session, user_id: int) -> list[AttachmentInfo]:
    """The files chosen for the message the user is still writing."""
    return _listing(db, ContactAttachment.user_id == user_id, col(ContactAttachment.message_id).is_(None))


def of_messages(db: Session, message_ids: list[int]) -> dict[int, list[AttachmentInfo]]:
    found: dict[int, list[AttachmentInfo]] = {}
    if message_ids:
        for info in _listing(db, col(ContactAttachment.message_id).in_(message_ids)):
            found.setdefault(info.message_id, []).append(info)
    return found


def remove_pending(db: Session, user_id: int, attachment_id: int) -> None:
    row = db.get(ContactAttachment, attachment_id)
    if row is not None and row.user_id == user_id and row.message_id is None:
        db.delete(row)


def attach_pending(db: Session, user_id: int, message_id: int) -> int:
    """Link the user's waiting files to their new message; returns how many."""
    rows = db.exec(
        select(ContactAttachment).where(
            ContactAttachment.user_id == user_id, col(ContactAttachment.message_id).is_(None)
        )
    ).all()
    for row in rows:
        row.message_id = message_id
    return len(rows)


def for_sender(db: Session, user_id: int, attachment_id: int) -> ContactAttachment | None:
    """A file of the user's own (sent or waiting); anything else is None, like a missing one."""
    row = db.get(ContactAttachment, attachment_id)
    return row if row is not None and row.user_id == user_id else None


def for_staff(db: Session, staff: Staff | None, attachment_id: int) -> ContactAttachment | None:
    """A file of a sent message for the helpdesk (PermissionDenied without the right `helpdesk`); the
    download route audits it."""
    require_right(staff, StaffRight.HELPDESK)
    row = db.get(ContactAttachment, attachment_id)
    if row is None or row.message_id is None:
        return None
    return row
