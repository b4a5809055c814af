"""The SMS outbox: every SMS is a row first (idempotency key unique), then handed to a gateway.

The default gateway is the outbox itself: the message counts as sent when stored, and the demo SMS
inbox shows it. Real gateways (issue: SMS notifications) deliver queued rows.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, func, select

from ebok_app.models import SmsMessage, SmsStatus


def send_sms(
    session: Session,
    *,
    phone: str,
    body: str,
    purpose: str,
    idempotency_key: str,
    user_id: int | None = None,
    company_id: int | None = None,
) -> SmsMessage:
    """Store an SMS as sent through the outbox gateway."""
    now = datetime.now(UTC)
    message = SmsMessage(
        company_id=company_id,
        user_id=user_id,
        phone=phone,
        purpose=purpose,
        body=body,
        idempotency_key=idempotency_key,
        status=SmsStatus.SENT,
        attempts=1,
        created_at=now,
        sent_at=now,
    )
    session.add(message)
    return message


def recent_messages(session: Session, limit: int = 50) -> list[SmsMessage]:
    return list(session.exec(select(SmsMessage).order_by(col(SmsMessage.id).desc()).limit(limit)))


def count_since(session: Session, user_id: int, purpose: str, since: datetime) -> int:
    query = select(func.count()).where(
        SmsMessage.user_id == user_id, SmsMessage.purpose == purpose, SmsMessage.created_at >= since
    )
    return session.exec(query).one()


def failed_messages(session: Session, *, company_id: int | None = None, limit: int = 100) -> list[SmsMessage]:
    """The SMS that could not be delivered (status failed), newest first, for the helpdesk."""
    query = select(SmsMessage).where(SmsMessage.status == SmsStatus.FAILED)
    if company_id is not None:
        query = query.where(SmsMessage.company_id == company_id)
    return list(session.exec(query.order_by(col(SmsMessage.id).desc()).limit(limit)))
