"""Data about me (GDPR art. 15 and 20): what the portal holds about one user, as JSON or CSV files in a zip.

Only the user's own rows: their profile and company, sessions and log-in attempts, audit entries about
them, contact messages (with the names of their files), the requests they sent (Wnioski), SMS sent to
them, notification settings, the calendar address's dates, changes of their phone and authorisation
tool, and their online payments.
Never a hash, a secret, a one-time code or a temporary password: those columns are not read, and the
bodies of SMS that carried a code or a password are left out.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime

from sqlmodel import Session, col, select

from ebok_app.models import (
    AuditEntry,
    AuthChange,
    CalendarFeed,
    ClientRequest,
    Company,
    ContactAttachment,
    ContactMessage,
    LoginAttempt,
    NotificationPreference,
    PaymentOrder,
    PhoneChange,
    SmsMessage,
    User,
    UserSession,
)
from ebok_app.sms.outbox import SECRET_PURPOSES

OMITTED_PL = "(treść pominięta: zawierała kod jednorazowy albo hasło)"
PROFILE_FIELDS = (
    "id",
    "login",
    "first_name",
    "last_name",
    "email",
    "phone",
    "role",
    "auth_method",
    "masking_enabled",
    "must_change_password",
    "failed_attempts",
    "locked_at",
    "active",
    "last_login_at",
    "last_failed_login_at",
    "created_at",
    "terms_version",
    "terms_accepted_at",
)


def _pick(row: object, fields: tuple[str, ...]) -> dict:
    return {name: getattr(row, name) for name in fields}


def _profile(db: Session, user: User) -> list[dict]:
    company = db.get(Company, user.company_id)
    return [
        {
            **_pick(user, PROFILE_FIELDS),
            "company_name": company.name,
            "company_millekod": company.millekod,
            "company_nip": company.nip,
        }
    ]


def _rows(db: Session, model: type, user_id: int, fields: tuple[str, ...]) -> list[dict]:
    query = select(model).where(model.user_id == user_id).order_by(col(model.id))
    return [_pick(row, fields) for row in db.exec(query)]


def _sms(db: Session, user_id: int) -> list[dict]:
    fields = ("id", "created_at", "sent_at", "phone", "purpose", "status")
    query = select(SmsMessage).where(SmsMessage.user_id == user_id).order_by(col(SmsMessage.id))
    return [
        {**_pick(m, fields), "body": OMITTED_PL if m.purpose in SECRET_PURPOSES else m.body}
        for m in db.exec(query)
    ]


def collect(db: Session, *, user_id: int) -> dict[str, list[dict]]:
    """Every table's rows about the user, as plain values (no hashes, secrets or codes)."""
    user = db.get(User, user_id)
    if user is None:
        return {}
    return {
        "profile": _profile(db, user),
        "sessions": _rows(
            db,
            UserSession,
            user_id,
            ("id", "created_at", "last_seen_at", "expires_at", "ended_at", "end_reason", "ip", "user_agent"),
        ),
        "login_attempts": _rows(
            db, LoginAttempt, user_id, ("id", "created_at", "finished_at", "result", "otp_method", "ip")
        ),
        "audit": _rows(db, AuditEntry, user_id, ("id", "at", "actor", "action", "result", "ip", "details")),
        "messages": _rows(
            db,
            ContactMessage,
            user_id,
            ("id", "created_at", "topic", "body", "status", "answer", "answered_at", "contract_id"),
        ),
        "message_files": _rows(
            db,
            ContactAttachment,
            user_id,
            ("id", "message_id", "filename", "content_type", "size", "created_at"),
        ),
        "requests": _rows(
            db,
            ClientRequest,
            user_id,
            ("id", "created_at", "kind", "details", "status", "answer", "answered_at", "contract_id"),
        ),
        "sms": _sms(db, user_id),
        "notification_settings": _rows(
            db,
            NotificationPreference,
            user_id,
            ("new_invoice", "due_reminder", "days_before_due", "new_invoice_since", "updated_at"),
        ),
        "calendar_address": _rows(db, CalendarFeed, user_id, ("created_at", "last_used_at")),
        "phone_changes": _rows(
            db,
            PhoneChange,
            user_id,
            ("id", "created_at", "new_phone", "status", "requested_by", "finished_at"),
        ),
        "auth_tool_changes": _rows(
            db,
            AuthChange,
            user_id,
            ("id", "created_at", "new_method", "status", "requested_by", "finished_at"),
        ),
        "online_payments": _rows(
            db, PaymentOrder, user_id, ("id", "created_at", "title", "amount_gr", "status", "finished_at")
        ),
    }


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def to_json(data: dict[str, list[dict]]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_plain).encode()


def to_csv_zip(data: dict[str, list[dict]]) -> bytes:
    """One CSV per part (UTF-8 with BOM, semicolons: what a Polish spreadsheet opens), in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in data.items():
            text = io.StringIO()
            if rows:
                writer = csv.DictWriter(text, fieldnames=list(rows[0]), delimiter=";")
                writer.writeheader()
                for row in rows:
                    writer.writerow(
                        {
                            k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else _plain(v)
                            for k, v in row.items()
                        }
                    )
            archive.writestr(f"{name}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()
