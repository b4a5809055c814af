"""Delivering queued SMS through a gateway: claimed once, retried with back-off, failed for good at last.

A message is claimed by a conditional UPDATE (status queued, or a lapsed `sending` claim), so two
workers, a cron run and the in-app task never hand the same message to the gateway at the same time.
A claim lasts `CLAIM_LEASE`; a deliverer that dies in the middle leaves a claim that lapses, and the
message is tried again (the HTTP gateway's provider-side key keeps the phone from getting it twice).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import Engine, or_, update
from sqlmodel import Session, col, select

from ebok_app.models import SmsMessage, SmsStatus
from ebok_app.security.sealing import open_secret
from ebok_app.settings import SmsSettings
from ebok_app.sms.gateways import DeliveryError, OutgoingSms, SmsGateway, configured_gateway

log = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=2)
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30))
SHORT_LIVED = {"login_code", "phone_confirm", "auth_confirm"}  # worthless once expired: never delivered late
SECRET_MARK = "••••••"  # where a message's secret stands in its stored text
DEMO_SECRET_LIFE = timedelta(hours=1)  # how long the demo inbox (outbox gateway) may still show a secret


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    expired: int = 0


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 30 s, 2 min, 10 min, then every 30 min."""
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


@lru_cache(maxsize=4)
def gateway_for(settings: SmsSettings) -> SmsGateway:
    return configured_gateway(settings)


def _due(now: datetime):
    return or_(col(SmsMessage.next_attempt_at).is_(None), col(SmsMessage.next_attempt_at) <= now)


def claim(engine: Engine, message_id: int, now: datetime) -> tuple[OutgoingSms, int] | None:
    """Take the message for one delivery attempt: (the message, its attempt number), or None if taken."""
    with Session(engine) as session:
        taken = session.execute(
            update(SmsMessage)
            .where(
                col(SmsMessage.id) == message_id,
                col(SmsMessage.status).in_([SmsStatus.QUEUED, SmsStatus.SENDING]),
                _due(now),
            )
            .values(
                status=SmsStatus.SENDING,
                next_attempt_at=now + CLAIM_LEASE,
                attempts=SmsMessage.attempts + 1,
            )
        )
        if taken.rowcount != 1:
            session.rollback()
            return None
        session.commit()
        message = session.get(SmsMessage, message_id)
        text = full_text(message.body, message.secret)
        return OutgoingSms(message.idempotency_key, message.phone, text), message.attempts


def full_text(body: str, secret: str | None) -> str:
    """The stored text with its secret put back (opened from its seal)."""
    return body.replace(SECRET_MARK, open_secret(secret)) if secret else body


def record(
    engine: Engine,
    message_id: int,
    error: DeliveryError | None,
    attempt: int,
    now: datetime,
    max_attempts: int,
    keep_secret: bool = False,
) -> str:
    """Write down how the attempt went: sent, queued again after the back-off, or failed for good.
    A message done with loses its sealed secret, unless `keep_secret` (the demo inbox shows it a while)."""
    with Session(engine) as session:
        message = session.get(SmsMessage, message_id)
        if error is None:
            message.status, message.sent_at, message.next_attempt_at = SmsStatus.SENT, now, None
        elif error.permanent or attempt >= max_attempts:
            message.status, message.next_attempt_at = SmsStatus.FAILED, None
        else:
            message.status, message.next_attempt_at = SmsStatus.QUEUED, now + backoff(attempt)
        if error is not None:
            message.last_error = error.reason
        if message.status != SmsStatus.QUEUED and not keep_secret:
            message.secret = None
        session.add(message)
        _forget_old_secrets(session, now)
        session.commit()
        return message.status


def _forget_old_secrets(session: Session, now: datetime) -> None:
    """The demo inbox's secrets last DEMO_SECRET_LIFE; any other message's goes at delivery already."""
    session.execute(
        update(SmsMessage)
        .where(
            col(SmsMessage.secret).is_not(None),
            col(SmsMessage.status).in_([SmsStatus.SENT, SmsStatus.FAILED]),
            col(SmsMessage.created_at) < now - DEMO_SECRET_LIFE,
        )
        .values(secret=None)
    )


def deliver(engine: Engine, gateway: SmsGateway, message_id: int, now: datetime, max_attempts: int) -> str:
    """One delivery attempt of one message; returns its status afterwards ("" when another has it)."""
    claimed = claim(engine, message_id, now)
    if claimed is None:
        return ""
    sms, attempt = claimed
    error = None
    try:
        gateway.deliver(sms)
    except DeliveryError as exc:
        error = exc
        log.warning("SMS %s: attempt %s failed: %s", message_id, attempt, exc.reason)
    return record(engine, message_id, error, attempt, now, max_attempts, keep_secret=gateway.demo_inbox)


def expire_short_lived(engine: Engine, now: datetime, max_age: timedelta) -> int:
    """Give up one-time codes that were not delivered in time: a late code only confuses."""
    with Session(engine) as session:
        result = session.execute(
            update(SmsMessage)
            .where(
                col(SmsMessage.purpose).in_(SHORT_LIVED),
                col(SmsMessage.status).in_([SmsStatus.QUEUED, SmsStatus.SENDING]),
                col(SmsMessage.created_at) < now - max_age,
            )
            .values(status=SmsStatus.FAILED, next_attempt_at=None, last_error="expired before delivery")
        )
        session.commit()
        return result.rowcount


def deliver_due(
    engine: Engine,
    gateway: SmsGateway,
    *,
    now: datetime,
    max_attempts: int,
    code_max_age: timedelta,
    limit: int = 500,
) -> DeliveryReport:
    """Every message whose (next) attempt is due, oldest first, at most `limit` of them."""
    report = DeliveryReport(expired=expire_short_lived(engine, now, code_max_age))
    with Session(engine) as session:
        due = session.exec(
            select(SmsMessage.id)
            .where(col(SmsMessage.status).in_([SmsStatus.QUEUED, SmsStatus.SENDING]), _due(now))
            .order_by(col(SmsMessage.id))
            .limit(limit)
        ).all()
    for message_id in due:
        status = deliver(engine, gateway, message_id, now, max_attempts)
        if status == SmsStatus.SENT:
            report.sent += 1
        elif status == SmsStatus.QUEUED:
            report.retrying += 1
        elif status == SmsStatus.FAILED:
            report.failed += 1
    return report
