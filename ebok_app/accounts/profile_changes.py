"""Changes of one's own log-in settings in Profil (masking on/off, a new password, a request for a new SMS
number), each made only after the current password was given again: a wrong one counts towards the
lockout (reauth.py), and what is wrong on the face of the change (the new password, the new number) is
told before the current password is checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlmodel import Session

from ebok_app import accounts
from ebok_app.accounts import phone_change, reauth, sessions
from ebok_app.accounts.phone_change import PhoneChangeProblem
from ebok_app.accounts.sessions import SignedIn
from ebok_app.models import User
from ebok_app.security import audit
from ebok_app.settings import get_settings


def _now() -> datetime:
    return datetime.now(UTC)


class ProfileChange(Protocol):
    info: SignedIn
    ip: str | None
    action: str  # its audit entries' action (a failed re-authentication: result "reauth_failed")

    def problems(self, user: User) -> list[str]:
        """What is wrong on the face of the change (told before the current password is checked)."""

    def apply(self, session: Session, user: User) -> list[str]:
        """Make the change (the password was right); what stopped it, if anything."""


@dataclass(frozen=True)
class MaskingChange:
    info: SignedIn
    ip: str | None
    enabled: bool
    action: str = "masking_toggle"

    def problems(self, user: User) -> list[str]:
        return []

    def apply(self, session: Session, user: User) -> list[str]:
        user.masking_enabled = self.enabled and bool(user.masked_secret)
        _audit_done(session, self, enabled=user.masking_enabled)
        return []


@dataclass(frozen=True)
class PasswordChange:
    info: SignedIn
    ip: str | None
    new: str
    repeated: str
    keep_key: str  # this tab's session stays; every other one ends
    action: str = "password_change"

    def problems(self, user: User) -> list[str]:
        return reauth.new_password_problems(user, self.new, self.repeated)

    def apply(self, session: Session, user: User) -> list[str]:
        problems = accounts.set_password(user, self.new, get_settings().password_pepper)
        if not problems:
            sessions.end_all(session, user.id, _now(), "password_change", keep_key=self.keep_key)
            _audit_done(session, self)
        return problems


@dataclass(frozen=True)
class PhoneRequest:
    """A new SMS number asked for: a company administrator approves it, then a code goes to it."""

    info: SignedIn
    ip: str | None
    phone: str
    action: str = "phone_change_request"

    def problems(self, user: User) -> list[str]:
        try:
            phone_change.checked_number(user, self.phone)
        except PhoneChangeProblem as problem:
            return [str(problem)]
        return []

    def apply(self, session: Session, user: User) -> list[str]:
        phone_change.request(session, self.info.as_actor(), user, self.phone, _now(), ip=self.ip)
        return []


def _audit_done(session: Session, change: ProfileChange, **details: object) -> None:
    info = change.info
    audit.record(
        session,
        change.action,
        "ok",
        info.actor,
        company_id=info.company_id,
        user_id=info.user_id,
        ip=change.ip,
        **details,
    )


def after_reauth(session: Session, change: ProfileChange, current_password: str) -> list[str]:
    """The change, once what is wrong on its face was told and the current password given again
    (off the event loop: argon2id). A wrong password counts towards the lockout (accounts/reauth.py)."""
    user = session.get(User, change.info.user_id)
    problems = change.problems(user)
    if problems:
        return problems
    settings = get_settings()
    if not reauth.confirm(
        session,
        user,
        current_password,
        action=change.action,
        now=_now(),
        max_failures=settings.max_failed_logins,
        ip=change.ip,
    ):
        return [reauth.FAILED_PL]
    return change.apply(session, user)
