"""A pending change confirmed by a code: what a new SMS number (phone_change.py) and a new authorisation
tool (auth_change.py) do alike. A change is a row that is opened (replacing the user's open one), waits
for a code sent by SMS (kept only as an HMAC bound to the change), and ends done or cancelled; a refusal,
every step and every wrong or late code are audited, and `MAX_WRONG_CODES` wrong codes cancel it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import NoReturn, TypeVar

from sqlmodel import Session, col, select

from ebok_app.accounts import Actor, PermissionDenied, record_refusal
from ebok_app.models import AuthChange, PhoneChange, User
from ebok_app.security import audit, otp
from ebok_app.sms.outbox import sms_to_user

CODE_LIFE = timedelta(minutes=10)
MAX_WRONG_CODES = 3
CANCELLED = "cancelled"  # the same in PhoneChangeStatus and AuthChangeStatus
C = TypeVar("C", PhoneChange, AuthChange)


class ChangeProblem(ValueError):
    """The change cannot go on; the message is Polish, for the page."""


def refuse(db: Session, actor: Actor, action: str, ip: str | None, target_ref: object) -> NoReturn:
    """Audit that `actor` may not do `action` to the user `target_ref`, and raise PermissionDenied."""
    record_refusal(db, actor, action, ip, target_user_id=target_ref)
    raise PermissionDenied(action)


def record(
    db: Session,
    action: str,
    result: str,
    actor: Actor,
    change: PhoneChange | AuthChange,
    ip: str | None,
    **more,
) -> None:
    """The audit entry of a step of `change` (what it changes to: the new number's ending, or the tool)."""
    what = (
        {"new_ending": change.new_phone[-3:]}
        if isinstance(change, PhoneChange)
        else {"new_method": change.new_method}
    )
    audit.record(
        db,
        action,
        result,
        actor.label,
        company_id=change.company_id,
        user_id=actor.user_id,
        ip=ip,
        target_user_id=change.user_id,
        change_id=change.id,
        **what,
        **more,
    )


def find(
    db: Session,
    model: type[C],
    change_id: object,
    actor: Actor,
    action: str,
    ip: str | None,
    *,
    may: Callable[[User], bool],
    statuses: Iterable[str],
    problem: ChangeProblem,
) -> tuple[C, User]:
    """The change `change_id` and its user, when `may` lets `actor` act on that user (PermissionDenied,
    audited, otherwise; also for an unknown id or anything but an int) and its status is one of
    `statuses` (`problem` otherwise)."""
    change = db.get(model, change_id) if isinstance(change_id, int) else None
    target = db.get(User, change.user_id) if change is not None else None
    if target is None or not may(target):
        refuse(db, actor, action, ip, None if change is None else change.user_id)
    if change.status not in statuses:
        raise problem
    return change, target


def open_of(db: Session, model: type[C], user_id: int, statuses: Iterable[str]) -> list[C]:
    """The user's changes in one of `statuses`, the newest first."""
    query = select(model).where(model.user_id == user_id, col(model.status).in_(tuple(statuses)))
    return list(db.exec(query.order_by(col(model.id).desc())))


def close(change: PhoneChange | AuthChange, status: str, now: datetime) -> None:
    """The change is over (done or cancelled): its code, and a new token's secret, stop existing."""
    change.status, change.code_hash, change.finished_at = status, None, now
    if isinstance(change, AuthChange):
        change.pending_secret = None


def cancel_open(db: Session, model: type[C], user_id: int, statuses: Iterable[str], now: datetime) -> None:
    """Cancel the user's open changes of this kind (their codes stop working)."""
    for old in open_of(db, model, user_id, statuses):
        close(old, CANCELLED, now)


def open_new(
    db: Session,
    model: type[C],
    actor: Actor,
    target: User,
    open_statuses: Iterable[str],
    now: datetime,
    **what: object,
) -> C:
    """A new change of `target` asked for by `actor` (`what`: to what); the user's open change of the
    same kind is cancelled (its code stops working)."""
    cancel_open(db, model, target.id, open_statuses, now)
    change = model(
        company_id=target.company_id, user_id=target.id, requested_by=actor.label, created_at=now, **what
    )
    db.add(change)
    db.flush()
    return change


def send_code(
    db: Session,
    change: PhoneChange | AuthChange,
    user: User,
    *,
    binding: str,
    sms: tuple[str, Callable[[str], str]],
    now: datetime,
    pepper: bytes,
    phone: str | None = None,
    key: object = None,
) -> None:
    """A fresh code for `change` by SMS (`sms`: the purpose and the text of a code, from sms/texts.py) to the
    user, or to `phone`; only its HMAC bound to `binding` is kept."""
    code = otp.new_sms_code()
    change.code_hash = otp.sms_code_hash(code, binding, pepper)
    change.code_sent_at = now
    purpose, text_of = sms
    sms_to_user(db, user, purpose, text_of(code), now, phone=phone, key=key, secret=code)


def code_late(change: PhoneChange | AuthChange, now: datetime) -> bool:
    return change.code_sent_at is None or now - change.code_sent_at > CODE_LIFE


def count_wrong(change: PhoneChange | AuthChange, now: datetime) -> bool:
    """A wrong code was given; True when that was one too many and the change is cancelled."""
    change.wrong_codes += 1
    cancelled = change.wrong_codes >= MAX_WRONG_CODES
    if cancelled:
        close(change, CANCELLED, now)
    return cancelled
