"""The SMS outbox: every SMS is a row first (its idempotency key unique), then handed to the gateway.

`send_sms` queues the row in the caller's transaction; once that transaction commits, the message is
delivered at once (a one-time code cannot wait for the next job). A delivery that fails stays queued
and the notification job retries it with back-off (sms/delivery.py).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import event, inspect
from sqlmodel import Session, col, select

from ebok_app.models import Company, SmsMessage, SmsStatus, User
from ebok_app.security.sealing import seal_secret
from ebok_app.settings import get_settings
from ebok_app.sms import delivery
from ebok_app.sms.delivery import SECRET_MARK

log = logging.getLogger(__name__)

_PENDING = "ebok_sms_to_deliver"
SECRET_PURPOSES = frozenset(
    {"login_code", "temp_password", "phone_confirm", "auth_confirm"}
)  # their text carries a code or a password: never shown or exported again


def readable_body(message: SmsMessage) -> str:
    """The text as the phone gets it (secret included while it is kept): for the demo inbox only."""
    return delivery.full_text(message.body, message.secret)


def send_sms(
    session: Session,
    *,
    phone: str,
    body: str,
    purpose: str,
    idempotency_key: str,
    user_id: int | None = None,
    company_id: int | None = None,
    secret: str | None = None,
) -> SmsMessage:
    """Queue an SMS in the caller's transaction; it is delivered right after that transaction commits.

    `secret` (a code, a temporary password) is the part of `body` that must not stay in the database:
    the row keeps the text with SECRET_MARK in its place and the secret sealed, until delivery."""
    message = SmsMessage(
        company_id=company_id,
        user_id=user_id,
        phone=phone,
        purpose=purpose,
        body=body.replace(secret, SECRET_MARK) if secret else body,
        secret=seal_secret(secret) if secret else None,
        idempotency_key=idempotency_key,
        status=SmsStatus.QUEUED,
        attempts=0,
        created_at=datetime.now(UTC),
    )
    session.add(message)
    deliver_after_commit(session, message)
    return message


def sms_to_user(
    session: Session,
    user: User,
    purpose: str,
    body: str,
    now: datetime,
    *,
    phone: str | None = None,
    key: object = None,
    secret: str | None = None,
) -> SmsMessage:
    """`send_sms` to `user` (to `phone` instead of their number when given), under the idempotency key
    `purpose:key:now` (`key` is the user's id unless given)."""
    return send_sms(
        session,
        phone=phone or user.phone,
        purpose=purpose,
        body=body,
        idempotency_key=f"{purpose}:{user.id if key is None else key}:{now.timestamp()}",
        user_id=user.id,
        company_id=user.company_id,
        secret=secret,
    )


def deliver_after_commit(session: Session, message: SmsMessage) -> None:
    pending = session.info.setdefault(_PENDING, [])
    if not event.contains(session, "after_commit", _deliver_committed):
        event.listen(session, "after_commit", _deliver_committed)
        event.listen(session, "after_rollback", _forget_pending)
    pending.append(message)


def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _deliver_committed(session: Session) -> None:
    messages = session.info.pop(_PENDING, [])
    if not messages:
        return
    settings = get_settings().sms
    engine = session.get_bind()
    gateway = delivery.gateway_for(settings)
    for message in messages:
        identity = inspect(message).identity
        if identity is None:
            continue
        try:
            delivery.deliver(engine, gateway, identity[0], datetime.now(UTC), settings.max_attempts)
        except Exception:  # the message stays queued; the notification job retries it
            log.exception("SMS %s: immediate delivery failed", identity[0])


def recent_messages(
    session: Session, limit: int = 50, user_id: int | None = None, demo_only: bool = False
) -> list[SmsMessage]:
    """The newest messages, of one user when `user_id` is given, of demo companies with `demo_only`."""
    query = select(SmsMessage).order_by(col(SmsMessage.id).desc()).limit(limit)
    if user_id is not None:
        query = query.where(SmsMessage.user_id == user_id)
    if demo_only:
        query = query.join(Company, col(Company.id) == SmsMessage.company_id).where(Company.demo)
    return list(session.exec(query))


def failed_messages(session: Session, *, company_id: int | None = None, limit: int = 100) -> list[SmsMessage]:
    """Messages given up on (newest first), for the helpdesk: of one company when `company_id` is given."""
    query = (
        select(SmsMessage).where(SmsMessage.status == SmsStatus.FAILED).order_by(col(SmsMessage.id).desc())
    )
    if company_id is not None:
        query = query.where(SmsMessage.company_id == company_id)
    return list(session.exec(query.limit(limit)))
