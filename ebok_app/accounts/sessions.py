"""Server-side sessions: a fresh random token at every log-in, bound to the browser tab's Reflex client
token and browser, ended by log-out, log-out everywhere, inactivity, an absolute limit, a disabled account
or the tab's socket gone for good. The client's and the employee's sessions (separate tables) follow the
same rules; what they share is here.

Reflex cannot set HttpOnly cookies from state, and its client token (kept by the tab) is already a
bearer credential for the tab's state. So the session lives only in the server-side state of that tab,
never in the browser, and the session record also stores a hash of the client token: a session is valid
only for the tab it was created in, and every event re-reads the record.

The raw token is never kept: the tab's state (written to `.states/` or Redis) holds its SHA-256, the
*session key*, and the database the key's own SHA-256. A copy of the tab states does not give what the
database holds, nor the other way round.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlmodel import Session, col, select

from ebok_app.accounts import Actor
from ebok_app.models import Company, StaffSession, StaffUser, User, UserSession
from ebok_app.security import audit

AnySession = UserSession | StaffSession
S = TypeVar("S", UserSession, StaffSession)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_key() -> str:
    """A session key for the tab's state: the SHA-256 of a fresh 256-bit token that is never kept."""
    return token_hash(secrets.token_urlsafe(32))


@dataclass(frozen=True)
class SignedIn:
    """Who is behind a valid session: what every protected handler works with."""

    session_id: int
    user_id: int
    company_id: int
    login: str
    full_name: str
    role: str
    company_name: str
    millekod: str

    @property
    def actor(self) -> str:
        return f"{self.millekod}/{self.login}"

    def as_actor(self) -> Actor:
        """The signed-in user as the account services name who acts."""
        return Actor(self.actor, self.company_id, self.user_id, self.role)


def start(
    db: Session,
    user: User,
    client_token: str,
    now: datetime,
    max_age_s: int,
    ip: str | None,
    agent: str | None,
) -> str:
    """Create a session for `user` in the tab `client_token`; returns its session key (for the tab's
    backend-only state)."""
    key = new_key()
    db.add(
        UserSession(
            token_hash=token_hash(key),
            client_token_hash=token_hash(client_token),
            user_id=user.id,
            company_id=user.company_id,
            ip=ip,
            user_agent=short_agent(agent),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(seconds=max_age_s),
        )
    )
    return key


def short_agent(agent: str | None) -> str | None:
    """The user agent as a session record keeps it."""
    return (agent or "")[:300] or None


def open_row(db: Session, model: type[S], key: str | None, client_token: str) -> S | None:
    """The open session of `key` of the tab `client_token`, or None (no key, unknown, ended, another tab)."""
    if not key:
        return None
    row = db.exec(select(model).where(model.token_hash == token_hash(key))).first()
    if row is None or row.ended_at is not None:
        return None
    if not secrets.compare_digest(row.client_token_hash, token_hash(client_token)):
        return None
    return row


def check(
    db: Session,
    key: str | None,
    client_token: str,
    now: datetime,
    idle_s: int,
    touch: bool = True,
    agent: str | None = None,
) -> SignedIn | None:
    """The signed-in user of the session `key` in the tab `client_token`, or None (and the session is
    ended when it ran out, or when `agent`, the browser's user agent, is not the one it was started in).
    `touch` counts the call as activity."""
    row = open_row(db, UserSession, key, client_token)
    return None if row is None else _signed_in(db, row, now, idle_s, touch, agent)


def by_id(db: Session, session_id: int, now: datetime, idle_s: int) -> SignedIn | None:
    """The signed-in user of the open session `session_id` (for an HTTP download whose ticket names
    it), without counting the call as activity; None when that session is over."""
    row = open_by_id(db, UserSession, session_id)
    return None if row is None else _signed_in(db, row, now, idle_s, touch=False)


def open_by_id(db: Session, model: type[S], session_id: int) -> S | None:
    """The session `session_id` while it is open."""
    row = db.get(model, session_id)
    return row if row is not None and row.ended_at is None else None


def _signed_in(
    db: Session, row: UserSession, now: datetime, idle_s: int, touch: bool, agent: str | None = None
) -> SignedIn | None:
    user = db.get(User, row.user_id)
    account_ok = user is not None and user.active and user.locked_at is None
    if not still_valid(db, row, now, idle_s, touch, agent, account_ok):
        return None
    company = db.get(Company, row.company_id)
    return SignedIn(
        session_id=row.id,
        user_id=user.id,
        company_id=row.company_id,
        login=user.login,
        full_name=f"{user.first_name} {user.last_name}",
        role=user.role,
        company_name=company.name,
        millekod=company.millekod,
    )


def still_valid(
    db: Session, row: AnySession, now: datetime, idle_s: int, touch: bool, agent: str | None, account_ok: bool
) -> bool:
    """Whether the open session `row` goes on; if not, it is ended and that is audited. `touch` counts
    the call as activity (and as a sign that the tab's socket is live)."""
    reason = end_reason(row, now, idle_s) or _foreign_agent(row, agent) or (None if account_ok else "account")
    if reason:
        end(row, now, reason)
        action = "staff_session_end" if isinstance(row, StaffSession) else "session_end"
        audit.record(db, action, reason, **_holder(db, row), ip=row.ip)
        return False
    if touch:
        row.last_seen_at = now
        row.disconnected_at = None  # an event came: the tab has a live socket
    return True


def _holder(db: Session, row: AnySession) -> dict:
    """Who a session is of, as its audit entries name them."""
    if isinstance(row, StaffSession):
        staff = db.get(StaffUser, row.staff_id)
        return {"actor": f"helpdesk:{staff.login}" if staff else "unknown"}
    user, company = db.get(User, row.user_id), db.get(Company, row.company_id)
    actor = f"{company.millekod}/{user.login}" if company and user else "unknown"
    return {"actor": actor, "company_id": row.company_id, "user_id": row.user_id}


def _foreign_agent(row: AnySession, agent: str | None) -> str | None:
    """ "agent" when the session is used from another browser than the one it was started in."""
    if agent is None or row.user_agent is None:
        return None
    return None if secrets.compare_digest(row.user_agent, agent[:300]) else "agent"


def socket_disconnected(db: Session, client_token: str, now: datetime) -> None:
    """The tab's socket left: its sessions end unless the tab is back within the grace time."""
    for row in _open_in_tab(db, client_token):
        row.disconnected_at = now


def socket_connected(
    db: Session, client_token: str, now: datetime, grace_s: int, agent: str | None, ip: str | None
) -> int:
    """A socket connects with the tab's client token. Its sessions (a client's or an employee's) carry on
    when the tab's last socket left less than `grace_s` ago, in the same browser; otherwise the token is
    being reused from elsewhere (a closed tab's token, another browser): they end, and the refusal is
    audited. Returns how many."""
    refused = 0
    for row in _open_in_tab(db, client_token):
        gone = row.disconnected_at is not None and now - row.disconnected_at > timedelta(seconds=grace_s)
        reason = "disconnected" if gone else _foreign_agent(row, agent)
        if reason is None:
            row.disconnected_at = None
            continue
        end(row, now, reason)
        action = "staff_session_reuse" if isinstance(row, StaffSession) else "session_reuse"
        audit.record(
            db, action, "refused", **_holder(db, row), ip=ip, reason=reason, agent=(agent or "")[:120]
        )
        refused += 1
    return refused


def _open_in_tab(db: Session, client_token: str) -> list[AnySession]:
    hashed = token_hash(client_token)
    rows: list[AnySession] = []
    for model in (UserSession, StaffSession):
        rows += db.exec(select(model).where(model.client_token_hash == hashed, col(model.ended_at).is_(None)))
    return rows


def end_reason(row: AnySession, now: datetime, idle_s: int) -> str | None:
    """Why a client's or an employee's session is over by now ("expired", "idle"), or None."""
    if now >= row.expires_at:
        return "expired"
    if now - row.last_seen_at > timedelta(seconds=idle_s):
        return "idle"
    return None


def end(row: AnySession, now: datetime, reason: str) -> None:
    row.ended_at = now
    row.end_reason = reason


def end_by_key(
    db: Session, key: str | None, now: datetime, reason: str, model: type[AnySession] = UserSession
) -> None:
    """End the session of `key` (a client's, or with `model` StaffSession an employee's)."""
    if not key:
        return
    row = db.exec(select(model).where(model.token_hash == token_hash(key))).first()
    if row is not None and row.ended_at is None:
        end(row, now, reason)


def end_all(db: Session, user_id: int, now: datetime, reason: str, keep_key: str | None = None) -> int:
    """End every open session of a user but the one of `keep_key` (log-out everywhere, password
    change or reset, disabled account); returns how many were ended."""
    keep = token_hash(keep_key) if keep_key else None
    rows = db.exec(
        select(UserSession).where(UserSession.user_id == user_id, col(UserSession.ended_at).is_(None))
    )
    ended = [row for row in rows if row.token_hash != keep]
    for row in ended:
        end(row, now, reason)
    return len(ended)
