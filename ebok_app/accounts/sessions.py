"""Server-side sessions: a fresh random token at every log-in, bound to the browser tab's Reflex client
token, ended by log-out, log-out everywhere, inactivity, an absolute limit or a disabled account.

Reflex cannot set HttpOnly cookies from state, and its client token (kept by the tab) is already a
bearer credential for the tab's state. So the session token lives only in the server-side state of that
tab, never in the browser, and the session record also stores a hash of the client token: a session is
valid only for the tab it was created in, and every event re-reads the record.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from ebok_app.models import Company, StaffSession, User, UserSession
from ebok_app.security import audit


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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


def start(
    db: Session,
    user: User,
    client_token: str,
    now: datetime,
    max_age_s: int,
    ip: str | None,
    agent: str | None,
) -> str:
    """Create a session for `user` in the tab `client_token`; returns the new session token."""
    token = secrets.token_urlsafe(32)  # 256 random bits
    db.add(
        UserSession(
            token_hash=token_hash(token),
            client_token_hash=token_hash(client_token),
            user_id=user.id,
            company_id=user.company_id,
            ip=ip,
            user_agent=(agent or "")[:300] or None,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(seconds=max_age_s),
        )
    )
    return token


def check(
    db: Session,
    token: str | None,
    client_token: str,
    now: datetime,
    idle_s: int,
    touch: bool = True,
    agent: str | None = None,
) -> SignedIn | None:
    """The signed-in user of `token` in the tab `client_token`, or None (and the session is ended when
    it ran out, or when `agent`, the browser's user agent, is not the one it was started in). `touch`
    counts the call as activity."""
    if not token:
        return None
    row = db.exec(select(UserSession).where(UserSession.token_hash == token_hash(token))).first()
    if row is None or row.ended_at is not None:
        return None
    if not secrets.compare_digest(row.client_token_hash, token_hash(client_token)):
        return None
    return _signed_in(db, row, now, idle_s, touch, agent)


def by_id(db: Session, session_id: int, now: datetime, idle_s: int) -> SignedIn | None:
    """The signed-in user of the open session `session_id` (for an HTTP download whose ticket names
    it), without counting the call as activity; None when that session is over."""
    row = db.get(UserSession, session_id)
    if row is None or row.ended_at is not None:
        return None
    return _signed_in(db, row, now, idle_s, touch=False)


def _signed_in(
    db: Session, row: UserSession, now: datetime, idle_s: int, touch: bool, agent: str | None = None
) -> SignedIn | None:
    reason = end_reason(row, now, idle_s) or _foreign_agent(row, agent)
    user = db.get(User, row.user_id)
    if reason is None and (user is None or not user.active or user.locked_at is not None):
        reason = "account"
    if reason:
        end(row, now, reason)
        company = db.get(Company, row.company_id)
        actor = f"{company.millekod}/{user.login}" if company and user else "unknown"
        audit.record(
            db, "session_end", reason, actor, company_id=row.company_id, user_id=row.user_id, ip=row.ip
        )
        return None
    if touch:
        row.last_seen_at = now
        row.disconnected_at = None  # an event came: the tab has a live socket
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


def _foreign_agent(row: UserSession, agent: str | None) -> str | None:
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
    """A socket connects with the tab's client token. Its sessions carry on when the tab's last socket
    left less than `grace_s` ago, in the same browser; otherwise the token is being reused from elsewhere
    (a closed tab's token, another browser): they end, and the refusal is audited. Returns how many."""
    refused = 0
    for row in _open_in_tab(db, client_token):
        gone = row.disconnected_at is not None and now - row.disconnected_at > timedelta(seconds=grace_s)
        reason = "disconnected" if gone else _foreign_agent(row, agent)
        if reason is None:
            row.disconnected_at = None
            continue
        end(row, now, reason)
        user, company = db.get(User, row.user_id), db.get(Company, row.company_id)
        audit.record(
            db,
            "session_reuse",
            "refused",
            f"{company.millekod}/{user.login}",
            company_id=row.company_id,
            user_id=row.user_id,
            ip=ip,
            reason=reason,
            agent=(agent or "")[:120],
        )
        refused += 1
    return refused


def _open_in_tab(db: Session, client_token: str) -> list[UserSession]:
    query = select(UserSession).where(
        UserSession.client_token_hash == token_hash(client_token), col(UserSession.ended_at).is_(None)
    )
    return list(db.exec(query))


def end_reason(row: UserSession | StaffSession, now: datetime, idle_s: int) -> str | None:
    """Why a client's or an employee's session is over by now ("expired", "idle"), or None."""
    if now >= row.expires_at:
        return "expired"
    if now - row.last_seen_at > timedelta(seconds=idle_s):
        return "idle"
    return None


def end(row: UserSession, now: datetime, reason: str) -> None:
    row.ended_at = now
    row.end_reason = reason


def end_by_token(db: Session, token: str | None, now: datetime, reason: str) -> None:
    if not token:
        return
    row = db.exec(select(UserSession).where(UserSession.token_hash == token_hash(token))).first()
    if row is not None and row.ended_at is None:
        end(row, now, reason)


def end_all(db: Session, user_id: int, now: datetime, reason: str, keep_token: str | None = None) -> int:
    """End every open session of a user but the one of `keep_token` (log-out everywhere, password
    change or reset, disabled account); returns how many were ended."""
    keep = token_hash(keep_token) if keep_token else None
    rows = db.exec(
        select(UserSession).where(UserSession.user_id == user_id, col(UserSession.ended_at).is_(None))
    )
    ended = [row for row in rows if row.token_hash != keep]
    for row in ended:
        end(row, now, reason)
    return len(ended)
