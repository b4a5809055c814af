"""What the browser gets of stored SMS: a user's history (Powiadomienia), the demo inbox and the helpdesk's
list of SMS no gateway could deliver."""

from __future__ import annotations

from typing import TypedDict

from ebok_app.models import NoticeKind, SmsMessage, SmsStatus
from ebok_app.portfolio.formatting import format_moment
from ebok_app.sms.outbox import SECRET_PURPOSES, readable_body

PURPOSE_LABELS_PL = {
    NoticeKind.NEW_INVOICE: "Nowa faktura",
    NoticeKind.DUE_REMINDER: "Termin płatności",
    "login_code": "Kod logowania",
    "temp_password": "Hasło tymczasowe",
    "contact_answer": "Odpowiedź HelpDesku",
    "phone_change": "Zmiana numeru telefonu",
    "phone_confirm": "Kod potwierdzenia numeru",
    "auth_confirm": "Kod zmiany narzędzia autoryzacji",
}  # what an SMS was for, as the user's history and the helpdesk's failed-SMS list name it
STATUS_LABELS_PL = {
    SmsStatus.QUEUED: ("w kolejce", "gray"),
    SmsStatus.SENDING: ("wysyłanie", "gray"),
    SmsStatus.SENT: ("wysłany", "green"),
    SmsStatus.FAILED: ("niedostarczony", "red"),
}


class HistorySms(TypedDict):
    id: int
    at: str
    kind: str
    status: str
    color: str  # the status badge's colour
    body: str
    hidden: bool  # a log-in secret: the text is not shown


class DemoSms(TypedDict):
    id: int
    phone: str
    body: str
    at: str
    purpose: str


class FailedSms(TypedDict):
    at: str
    phone: str
    purpose: str
    attempts: int
    error: str


def history_row(message: SmsMessage) -> HistorySms:
    status, color = STATUS_LABELS_PL.get(message.status, (message.status, "gray"))
    hidden = message.purpose in SECRET_PURPOSES
    return {
        "id": message.id,
        "at": format_moment(message.created_at),
        "kind": PURPOSE_LABELS_PL.get(message.purpose, message.purpose),
        "status": status,
        "color": color,
        "body": "Treść ukryta: zawierała dane do logowania." if hidden else message.body,
        "hidden": hidden,
    }


def demo_row(message: SmsMessage) -> DemoSms:
    return {
        "id": message.id,
        "phone": message.phone,
        "body": readable_body(message),
        "at": format_moment(message.created_at, seconds=True),
        "purpose": message.purpose,
    }


def failed_row(message: SmsMessage) -> FailedSms:
    return {
        "at": format_moment(message.created_at, seconds=True),
        "phone": message.phone,
        "purpose": PURPOSE_LABELS_PL.get(message.purpose, message.purpose),
        "attempts": message.attempts,
        "error": message.last_error or "—",
    }
