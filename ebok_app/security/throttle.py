"""Log-in throttling by source: per MilleKod + login *from one address* (an attacker's tries do not shut
the real user out, who logs in from their own), per address across logins (no SMS in bulk from one
address) and per company across addresses. A refused attempt is audited with what was tried (MilleKod,
login, address; never a password), in a transaction of its own: the refused one is rolled back.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from ebok_app.models import LoginAttempt, User
from ebok_app.security import audit
from ebok_app.settings import Settings

WINDOW = timedelta(hours=1)


class Throttled(Exception):
    """Too many log-in attempts in the last hour for this login from this address, from this address,
    or for this company."""


SUCCESSFUL = ("success", "must_change")  # verdicts of attempts that ended in a log-in


def _since(db: Session, now: datetime, *conditions) -> int:
    """Attempts of the last hour that did not end in a log-in (failed, abandoned or still open): a user
    who logs in often is never throttled for it."""
    not_succeeded = col(LoginAttempt.result).is_(None) | col(LoginAttempt.result).not_in(SUCCESSFUL)
    query = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.created_at >= now - WINDOW)
    return db.exec(query.where(not_succeeded, *conditions)).one()


def _same_address(ip: str | None):
    return col(LoginAttempt.ip) == ip if ip else col(LoginAttempt.ip).is_(None)


def refusal(
    db: Session, *, subject: str, ip: str | None, company_id: int | None, now: datetime, settings: Settings
) -> str | None:
    """Which limit a new attempt would break ("login", "address", "company"), or None."""
    if _since(db, now, LoginAttempt.subject_key == subject, _same_address(ip)) >= settings.sms_codes_per_hour:
        return "login"
    if ip and _since(db, now, _same_address(ip)) >= settings.login_attempts_per_address:
        return "address"
    # the same query for an unknown login (company 0 has no users): timing and statements reveal nothing
    of_company = col(LoginAttempt.user_id).in_(select(User.id).where(User.company_id == (company_id or 0)))
    if _since(db, now, of_company) >= settings.login_attempts_per_company:
        return "company"
    return None


def check(
    db: Session,
    *,
    millekod: str,
    login: str,
    subject: str,
    ip: str | None,
    company_id: int | None,
    now: datetime,
    settings: Settings,
) -> None:
    """Raise Throttled (after auditing it) when a new log-in attempt breaks a limit."""
    reason = refusal(db, subject=subject, ip=ip, company_id=company_id, now=now, settings=settings)
    if reason is None:
        return
    _audit_refusal(db.get_bind(), millekod, login, ip, company_id, reason)
    raise Throttled(reason)


def _audit_refusal(
    engine: Engine, millekod: str, login: str, ip: str | None, company_id: int | None, reason: str
) -> None:
    with Session(engine) as session:
        audit.record(
            session,
            "login",
            "throttled",
            f"{millekod}/{login}",
            company_id=company_id,
            ip=ip,
            limit=reason,
        )
        session.commit()
