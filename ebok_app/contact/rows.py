"""What the browser gets of contact messages: the client's list (Kontakt) and the helpdesk's inbox."""

from __future__ import annotations

from typing import TypedDict

from ebok_app.contact import STATUS_LABELS_PL
from ebok_app.contact.attachments import AttachmentInfo
from ebok_app.models import Company, ContactMessage, User
from ebok_app.portfolio.formatting import format_moment


class FileRow(TypedDict):
    id: int
    name: str
    size: str  # "12 KB"


class MessageRow(TypedDict):
    id: int
    topic: str
    contract: str  # its number, or "—"
    body: str
    status: str
    status_label: str
    at: str
    answer: str
    answered_at: str
    files: list[FileRow]


class InboxRow(MessageRow):
    """A message as the helpdesk's inbox shows it: with the company and the sender."""

    company: str
    millekod: str
    sender: str
    handled_by: str


def file_row(info: AttachmentInfo) -> FileRow:
    return {"id": info.id, "name": info.filename, "size": f"{max(1, round(info.size / 1024))} KB"}


def message_row(
    message: ContactMessage, contract_number: str | None, files: list[AttachmentInfo]
) -> MessageRow:
    return {
        "id": message.id,
        "topic": message.topic,
        "contract": contract_number or "—",
        "body": message.body,
        "status": message.status,
        "status_label": STATUS_LABELS_PL.get(message.status, message.status),
        "at": format_moment(message.created_at),
        "answer": message.answer or "",
        "answered_at": format_moment(message.answered_at),
        "files": [file_row(f) for f in files],
    }


def inbox_row(
    message: ContactMessage,
    company: Company,
    user: User,
    contract_number: str | None,
    files: list[AttachmentInfo],
) -> InboxRow:
    return {
        **message_row(message, contract_number, files),
        "company": company.name,
        "millekod": company.millekod,
        "sender": f"{user.first_name} {user.last_name} ({user.login})",
        "handled_by": message.handled_by or "",
    }
