"""The lessor's staff (consultants, helpdesk): their own log-in (login + password + TOTP, all required,
one verdict), their own server-side sessions and the rights each action needs.

Staff never see a client's password: activation and unlocks send temporary passwords by SMS straight to
the user. A staff session is kept apart from client sessions (own table, own token), so a client's
session never opens a staff page and a staff session never opens the portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypedDict

import pyotp
from sqlmodel import Session, func, select

from ebok_app.accounts import Actor, PermissionDenied, masked, sessions
from ebok_app.accounts.login import LOGIN_RE
from ebok_app.models import StaffRight, StaffSession, StaffUser
from ebok_app.security import audit, otp
from ebok_app.security.passwords import hash_password, verify_password
from ebok_app.security.policy import password_problems
from ebok_app.security.sealing import open_secret, seal_secret

LOGIN_FAILED_PL = "Nieprawidłowe dane logowania pracownika. Sprawdź je i spróbuj ponownie."
LOCKED_PL = "Konto pracownika jest zablokowane. Skontaktuj się z administratorem systemu."


@dataclass(frozen=True)
class Staff:
    """The signed-in employee behind a staff session: what every staff handler works with."""

    session_id: int
    staff_id: int
    login: str
    full_name: str
    rights: frozenset[str]
    ip: str | None = None  # where the employee acts from: on every audit entry of theirs

    @property
    def label(self) -> str:
        return f"helpdesk:{self.login}"

    def actor(self) -> Actor:
        return Actor(self.label, None, None, None, helpdesk=True)


def require_right(staff: Staff | None, right: StaffRight) -> Staff:
    """`staff` when signed in with `right`; PermissionDenied otherwise."""
    if staff is None or right.value not in staff.rights:
        raise PermissionDenied(f"the right {right.value!r} is needed")
    return staff


def refuse(db: Session, staff: Staff | None, action: str, ip: str | None = None, **details: object) -> None:
    """Record a refused staff action (the caller then raises or reports it)."""
    ip = ip or (staff.ip if staff else None)
    audit.record(db, action, "denied", staff.label if staff else "unknown", ip=ip, **details)


def authenticate(
    db: Session, login: str, password: str, code: str, ip: str | None, now: datetime, max_failures: int
) -> tuple[StaffUser | None, str]:
    """Check login, password and TOTP together; (the employee, "") or (None, a Polish message).

    An unknown login does the same argon2id work; the message never says which element was wrong.
    """
    login = (login or "").strip().lower()
    staff = db.exec(select(StaffUser).where(func.lower(StaffUser.login) == login)).first() if login else None
    if staff is None:
        masked.dummy_verify()
        audit.record(db, "staff_login", "failed", f"helpdesk:{login[:60] or '?'}", ip=ip)
        return None, LOGIN_FAILED_PL
    password_ok = verify_password(password or "", staff.password_hash)
    step = otp.totp_accepts(staff.totp_secret, (code or "").strip(), staff.totp_last_step, now)
    if step is not None:
        staff.totp_last_step = step  # a code is used once, right password or not
    label = f"helpdesk:{staff.login}"
    if password_ok and step is not None and staff.active and staff.locked_at is None:
        staff.failed_attempts, staff.last_login_at = 0, now
        audit.record(db, "staff_login", "ok", label, ip=ip)
        return staff, ""
    if staff.locked_at is not None or not staff.active:
        audit.record(db, "staff_login", "locked", label, ip=ip)
        return None, LOCKED_PL if password_ok and step is not None else LOGIN_FAILED_PL
    staff.failed_attempts += 1
    if staff.failed_attempts >= max_failures:
        staff.locked_at = now
        audit.record(db, "staff_lockout", "ok", label, ip=ip)
    audit.record(db, "staff_login", "failed", label, ip=ip)
    return None, LOGIN_FAILED_PL


def start_session(
    db: Session,
    staff: StaffUser,
    client_token: str,
    now: datetime,
    max_age_s: int,
    ip: str | None,
    agent: str | None = None,
) -> str:
    """A fresh staff session in the tab `client_token`, bound to the browser `agent`; returns its session
    key (kept server-side only, see accounts/sessions.py)."""
    key = sessions.new_key()
    db.add(
        StaffSession(
            token_hash=sessions.token_hash(key),
            client_token_hash=sessions.token_hash(client_token),
            staff_id=staff.id,
            ip=ip,
            user_agent=sessions.short_agent(agent),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(seconds=max_age_s),
        )
    )
    return key


def check_session(
    db: Session,
    key: str | None,
    client_token: str,
    now: datetime,
    idle_s: int,
    touch: bool = True,
    agent: str | None = None,
) -> Staff | None:
    """The employee of a valid staff session in this tab, or None (an ended or stale one is closed, and
    so is one used from another browser than `agent`'s)."""
    row = sessions.open_row(db, StaffSession, key, client_token)
    return None if row is None else _signed_in(db, row, now, idle_s, touch, agent)


def session_by_id(db: Session, session_id: int, now: datetime, idle_s: int) -> Staff | None:
    """The employee of the open staff session `session_id` (for an HTTP download whose ticket names
    it), without counting the call as activity; None when that session is over."""
    row = sessions.open_by_id(db, StaffSession, session_id)
    return None if row is None else _signed_in(db, row, now, idle_s, touch=False)


def _signed_in(
    db: Session, row: StaffSession, now: datetime, idle_s: int, touch: bool, agent: str | None = None
) -> Staff | None:
    staff = db.get(StaffUser, row.staff_id)
    account_ok = staff is not None and staff.active and staff.locked_at is None
    if not sessions.still_valid(db, row, now, idle_s, touch, agent, account_ok):
        return None
    return Staff(
        session_id=row.id,
        staff_id=staff.id,
        login=staff.login,
        full_name=f"{staff.first_name} {staff.last_name}",
        rights=frozenset(staff.rights or ()),
    )


def end_session(db: Session, key: str | None, now: datetime, reason: str) -> None:
    sessions.end_by_key(db, key, now, reason, model=StaffSession)


class StaffCode(TypedDict):
    login: str
    name: str
    code: str  # the TOTP code of the moment


def current_codes(db: Session, at: datetime) -> list[StaffCode]:
    """The token code of the moment of every active demo employee: for the demo page only, where the token
    is simulated (never of an employee added with `ebok staff add`). The secret itself never leaves the
    server."""
    query = select(StaffUser).where(StaffUser.active, StaffUser.demo).order_by(StaffUser.login)
    return [
        {
            "login": s.login,
            "name": f"{s.first_name} {s.last_name}",
            "code": pyotp.TOTP(open_secret(s.totp_secret)).at(at),
        }
        for s in db.exec(query).all()
    ]


def create(
    db: Session, login: str, first_name: str, last_name: str, rights: list[str], password: str, now: datetime
) -> tuple[StaffUser | None, list[str]]:
    """A new employee with a fresh TOTP secret; (None, problems) when the data are not acceptable."""
    login = login.strip().lower()
    problems = [f"password: {p}" for p in password_problems(password, login)]
    if not LOGIN_RE.fullmatch(login):
        problems.append("the login may hold letters, digits and . _ - (2-64 characters)")
    elif db.exec(select(StaffUser.id).where(func.lower(StaffUser.login) == login)).first() is not None:
        problems.append(f"an employee with the login {login!r} exists")
    unknown = set(rights) - {r.value for r in StaffRight}
    if unknown:
        problems.append(f"unknown rights: {', '.join(sorted(unknown))}")
    if problems:
        return None, problems
    staff = StaffUser(
        login=login,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        password_hash=hash_password(password),
        totp_secret=seal_secret(otp.new_totp_secret()),
        rights=sorted(set(rights)),
        created_at=now,
    )
    db.add(staff)
    audit.record(db, "staff_create", "ok", "cli", login=login, rights=staff.rights)
    return staff, []


def unlock(db: Session, login: str) -> StaffUser | None:
    """Let a locked employee try again (operators only, from the console)."""
    staff = db.exec(select(StaffUser).where(func.lower(StaffUser.login) == login.strip().lower())).first()
    if staff is not None:
        staff.locked_at, staff.failed_attempts = None, 0
        audit.record(db, "staff_unlock", "ok", "cli", login=staff.login)
    return staff
