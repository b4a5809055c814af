"""The files of requests: checked exactly as the contact form's (contact/attachments.py: type by
content, at most 2 MB, no active PDF content), kept in the database, served only as downloads to the
users of the request's company and to the helpdesk.

A client's file waits (no request) until the request or its completion is sent; a helpdesk file waits
(no step) until the answer is sent. At most MAX_FILES wait at a time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from ebok_app.contact.attachments import MAX_BYTES, MAX_FILES, file_problem, safe_filename, sniff
from ebok_app.i18n.catalogues import gettext
from ebok_app.models import ClientRequest, ClientRequestFile

__all__ = ["MAX_BYTES", "MAX_FILES", "FileInfo"]
CLIENT, HELPDESK, GENERATED = "client", "helpdesk", "generated"


@dataclass(frozen=True)
class FileInfo:
    """What a list shows of a file (never its content)."""

    id: int
    step_id: int | None
    filename: str
    size: int
    origin: str


def new_file(
    *, company_id: int, added_by: str, origin: str, name: str, data: bytes, now: datetime
) -> ClientRequestFile:
    """A row for checked `data` (call `problem` first)."""
    content_type, extension = sniff(data) or ("application/pdf", ".pdf")
    return ClientRequestFile(
        company_id=company_id,
        added_by=added_by,
        origin=origin,
        filename=safe_filename(name, extension),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        created_at=now,
    )


def problem(waiting: int, data: bytes) -> str | None:
    """Why a file cannot wait for its request, in Polish; None when it can."""
    if waiting >= MAX_FILES:
        return gettext("Do wniosku dołączysz najwyżej {limit} pliki naraz.").format(limit=MAX_FILES)
    return file_problem(data)


def row(info: FileInfo) -> dict:
    """A file as a list shows it: id, name, size."""
    return {"id": info.id, "name": info.filename, "size": f"{max(1, round(info.size / 1024))} KB"}


def _count(db: Session, *conditions) -> int:
    return db.exec(select(func.count()).select_from(ClientRequestFile).where(*conditions)).one()


def _client_waiting(user_id: int) -> tuple:
    return (ClientRequestFile.user_id == user_id, col(ClientRequestFile.request_id).is_(None))


def _helpdesk_waiting(request_id: int) -> tuple:
    return (
        ClientRequestFile.request_id == request_id,
        col(ClientRequestFile.step_id).is_(None),
        ClientRequestFile.origin == HELPDESK,
    )


def add_for_client(
    db: Session, *, user_id: int, company_id: int, actor: str, name: str, data: bytes, now: datetime
) -> str | None:
    """Keep a file for the request (or completion) the user is writing; a Polish problem or None."""
    found = problem(_count(db, *_client_waiting(user_id)), data)
    if found:
        return found
    row = new_file(company_id=company_id, added_by=actor, origin=CLIENT, name=name, data=data, now=now)
    row.user_id = user_id
    db.add(row)
    return None


def add_for_helpdesk(
    db: Session, request: ClientRequest, *, staff_label: str, name: str, data: bytes, now: datetime
) -> str | None:
    """Keep a file for the helpdesk's answer to `request`; a Polish problem or None."""
    found = problem(_count(db, *_helpdesk_waiting(request.id)), data)
    if found:
        return found
    row = new_file(
        company_id=request.company_id, added_by=staff_label, origin=HELPDESK, name=name, data=data, now=now
    )
    row.request_id = request.id
    db.add(row)
    return None


INFO_COLUMNS = (
    ClientRequestFile.id,
    ClientRequestFile.step_id,
    ClientRequestFile.filename,
    ClientRequestFile.size,
    ClientRequestFile.origin,
)


def _listing(db: Session, *conditions) -> list[FileInfo]:
    query = select(*INFO_COLUMNS)
    return [FileInfo(*row) for row in db.exec(query.where(*conditions).order_by(col(ClientRequestFile.id)))]


def client_waiting(db: Session, user_id: int) -> list[FileInfo]:
    return _listing(db, *_client_waiting(user_id))


def helpdesk_waiting(db: Session, request_ids: list[int]) -> dict[int, list[FileInfo]]:
    """The documents waiting for the helpdesk's answers to the requests, by request."""
    found: dict[int, list[FileInfo]] = {}
    if request_ids:
        query = select(ClientRequestFile.request_id, *INFO_COLUMNS).where(
            col(ClientRequestFile.request_id).in_(request_ids),
            col(ClientRequestFile.step_id).is_(None),
            ClientRequestFile.origin == HELPDESK,
        )
        for request_id, *info in db.exec(query.order_by(col(ClientRequestFile.id))).all():
            found.setdefault(request_id, []).append(FileInfo(*info))
    return found


def of_requests(db: Session, request_ids: list[int]) -> dict[int | None, list[FileInfo]]:
    """The sent files of the requests, by the step they came with."""
    found: dict[int | None, list[FileInfo]] = {}
    if request_ids:
        conditions = (
            col(ClientRequestFile.request_id).in_(request_ids),
            col(ClientRequestFile.step_id).is_not(None),
        )
        for info in _listing(db, *conditions):
            found.setdefault(info.step_id, []).append(info)
    return found


def attach_client_waiting(db: Session, user_id: int, request_id: int, step_id: int) -> int:
    """The user's waiting files go with the request's step; returns how many."""
    rows = db.exec(select(ClientRequestFile).where(*_client_waiting(user_id))).all()
    for row in rows:
        row.request_id, row.step_id = request_id, step_id
    return len(rows)


def attach_helpdesk_waiting(db: Session, request_id: int, step_id: int) -> int:
    rows = db.exec(select(ClientRequestFile).where(*_helpdesk_waiting(request_id))).all()
    for row in rows:
        row.step_id = step_id
    return len(rows)


def remove_client_waiting(db: Session, user_id: int, file_id: int) -> None:
    row = db.get(ClientRequestFile, file_id)
    if row is not None and row.user_id == user_id and row.request_id is None:
        db.delete(row)


def remove_helpdesk_waiting(db: Session, request_id: int, file_id: int) -> None:
    row = db.get(ClientRequestFile, file_id)
    if row is not None and row.request_id == request_id and row.step_id is None and row.origin == HELPDESK:
        db.delete(row)


def for_company(db: Session, company_id: int, user_id: int, file_id: int) -> ClientRequestFile | None:
    """A sent file of a request of the company, or the user's own waiting file; None for anything else
    (another company's file looks missing)."""
    row = db.get(ClientRequestFile, file_id)
    if row is None or row.company_id != company_id:
        return None
    if row.step_id is None and row.user_id != user_id:
        return None  # a file still waiting: only its own uploader sees it
    return row


def for_staff(db: Session, file_id: int) -> ClientRequestFile | None:
    """Any file of a request, for the helpdesk (the caller checks the right)."""
    row = db.get(ClientRequestFile, file_id)
    return None if row is None or row.request_id is None else row
