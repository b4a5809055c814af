"""Account rules: setting passwords, counting failures, locking and the two ways of unlocking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlmodel import Session

from ebok_app.accounts import masked
from ebok_app.models import Role, User
from ebok_app.security import audit
from ebok_app.security.passwords import hash_password, verify_password
from ebok_app.security.policy import password_problems, temporary_password
from ebok_app.settings import get_settings


class AccountState(StrEnum):
    ACTIVE = "active"
    FIRST_LOGIN = "first_login"  # must set a password (temporary one issued)
    LOCKED = "locked"
    DISABLED = "disabled"


STATE_LABELS_PL = {
    AccountState.ACTIVE: "aktywny",
    AccountState.FIRST_LOGIN: "oczekuje na pierwsze logowanie",
    AccountState.LOCKED: "zablokowany",
    AccountState.DISABLED: "wyłączony",
}


class PermissionDenied(Exception):
    """The actor may not do this to that user."""


def record_refusal(db: Session, actor: Actor, action: str, ip: str | None, **details: object) -> None:
    """Audit that `actor` was refused `action` (the caller then raises PermissionDenied)."""
    audit.record(
        db,
        action,
        "denied",
        actor.label,
        company_id=actor.company_id,
        user_id=actor.user_id,
        ip=ip,
        **details,
    )


def account_state(user: User) -> AccountState:
    if not user.active:
        return AccountState.DISABLED
    if user.locked_at is not None:
        return AccountState.LOCKED
    if user.must_change_password:
        return AccountState.FIRST_LOGIN
    return AccountState.ACTIVE


def set_password(user: User, password: str, pepper: bytes) -> list[str]:
    """Set a password the user chose; returns the policy problems (nothing changes when there are any)."""
    problems = password_problems(password, user.login)
    if not problems and verify_password(password, user.password_hash):
        problems = ["Nowe hasło musi się różnić od obecnego."]
    if problems:
        return problems
    user.password_hash = hash_password(password)
    user.masked_secret = masked.enroll(password, pepper)
    user.must_change_password = False
    return []


def issue_temporary_password(user: User, now: datetime | None = None) -> str:
    """A new temporary password: the user must replace it at the next log-in, within the settings'
    `temporary_password_ttl_h`. Only its hash is kept."""
    password = temporary_password()
    user.password_hash = hash_password(password)
    user.masked_secret = None
    user.must_change_password = True
    ttl = timedelta(hours=get_settings().temporary_password_ttl_h)
    user.temporary_password_expires_at = (now or utcnow()) + ttl
    return password


def temporary_password_expired(user: User | None, now: datetime) -> bool:
    """True for a user whose temporary password ran out (they need a new one from an administrator)."""
    expires = user.temporary_password_expires_at if user is not None and user.must_change_password else None
    return expires is not None and expires <= now


def temporary_password_hours() -> int:
    return get_settings().temporary_password_ttl_h


def register_failure(user: User, now: datetime, max_failures: int) -> bool:
    """Count a failed log-in; True when this failure locks the account."""
    user.failed_attempts += 1
    user.last_failed_login_at = now
    if user.locked_at is None and user.failed_attempts >= max_failures:
        user.locked_at = now
        return True
    return False


def register_success(user: User, now: datetime) -> None:
    user.failed_attempts = 0
    user.last_login_at = now


@dataclass(frozen=True)
class Actor:
    """Who acts on an account: a client user (with a company and role) or helpdesk staff."""

    label: str
    company_id: int | None
    user_id: int | None
    role: str | None
    helpdesk: bool = False


def check_may_unlock(actor: Actor, target: User) -> None:
    """Guide 001: another user of the same MilleKod with the right, or the helpdesk."""
    if actor.helpdesk:
        return
    if actor.company_id != target.company_id or actor.role != Role.ADMIN:
        raise PermissionDenied("only an administrator of the same company or the helpdesk may unlock")
    if actor.user_id == target.id:
        raise PermissionDenied("a user cannot unlock themselves")


def unlock_current_password(actor: Actor, target: User, max_failures: int) -> None:
    """'Odblokuj obecne hasło': another `max_failures` attempts with the current password."""
    check_may_unlock(actor, target)
    target.locked_at = None
    target.failed_attempts = 0


def unlock_with_new_password(actor: Actor, target: User, now: datetime | None = None) -> str:
    """'Odblokuj możliwość generowania nowego hasła': a new temporary password for the first-log-in path.

    Returned so that the caller can send it to the user by SMS; the actor never sees it.
    """
    check_may_unlock(actor, target)
    target.locked_at = None
    target.failed_attempts = 0
    return issue_temporary_password(target, now)


def utcnow() -> datetime:
    return datetime.now(UTC)
