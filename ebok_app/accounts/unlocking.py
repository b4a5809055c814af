"""The two unlocks of guide 001 and a new password for a colleague who forgot theirs, with everything that
goes with them: the SMS with the temporary password, the end of the user's sessions and the audit entry
(also of a refusal)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from ebok_app import accounts
from ebok_app.accounts import Actor, PermissionDenied, record_refusal, sessions
from ebok_app.models import User
from ebok_app.security import audit
from ebok_app.sms import texts
from ebok_app.sms.outbox import sms_to_user


def unlock(
    db: Session,
    actor: Actor,
    target: User | None,
    *,
    new_password: bool,
    max_failures: int,
    now: datetime,
    ip: str | None = None,
    target_ref: object = None,
) -> None:
    """Unlock `target` for `actor`, or raise PermissionDenied (a missing target is refused the same way).

    `target_ref` is what the caller asked for (recorded when the target is missing or foreign).
    """
    if new_password:
        action, work = "unlock_new_password", lambda: _send_temporary(db, actor, target, now)
    else:
        action, work = (
            "unlock_current_password",
            lambda: accounts.unlock_current_password(actor, target, max_failures),
        )
    _audited(db, actor, target, action, work, ip, target_ref)


def reset_password(
    db: Session,
    actor: Actor,
    target: User | None,
    *,
    now: datetime,
    ip: str | None = None,
    target_ref: object = None,
) -> None:
    """'Nadaj nowe hasło': a colleague who forgot the password gets a new temporary one without waiting
    for a lockout: the same rules, SMS and end of sessions as the unlock with a new password."""
    _audited(
        db, actor, target, "password_reset", lambda: _send_temporary(db, actor, target, now), ip, target_ref
    )


def _send_temporary(db: Session, actor: Actor, target: User, now: datetime) -> None:
    temporary = accounts.unlock_with_new_password(actor, target, now)
    sessions.end_all(db, target.id, now, "password_reset")
    text = texts.temporary_password_text(temporary, accounts.temporary_password_hours())
    sms_to_user(db, target, "temp_password", text, now, secret=temporary)


def _audited(
    db: Session,
    actor: Actor,
    target: User | None,
    action: str,
    work: Callable[[], object],
    ip: str | None,
    target_ref: object,
) -> None:
    """Run `work` when `actor` may act on `target`; the audit log has the result, a refusal too."""
    try:
        if target is None:
            raise PermissionDenied("no such user")
        work()
    except PermissionDenied:
        record_refusal(db, actor, action, ip, target_user_id=target_ref if target is None else target.id)
        raise
    audit.record(
        db,
        action,
        "ok",
        actor.label,
        company_id=actor.company_id or target.company_id,
        user_id=actor.user_id,
        ip=ip,
        target_user_id=target.id,
        target_login=target.login,
    )
