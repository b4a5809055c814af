"""The audit log: who did what, in which company, when, from where, and with what result."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from ebok_app.models import AuditEntry


def record(
    session: Session,
    action: str,
    result: str,
    actor: str,
    *,
    company_id: int | None = None,
    user_id: int | None = None,
    ip: str | None = None,
    **details: object,
) -> None:
    """Add an audit entry to `session` (it is committed with the operation it describes)."""
    session.add(
        AuditEntry(
            at=datetime.now(UTC),
            company_id=company_id,
            user_id=user_id,
            actor=actor[:120],
            action=action,
            result=result,
            ip=(ip or None) and ip[:45],
            details={k: v for k, v in details.items() if v is not None} or None,
        )
    )


def previous_login(session: Session, user_id: int) -> datetime | None:
    """When the user last signed in before the current session: the second newest successful log-in
    (the newest is the one that opened this session); None before a second log-in."""
    return session.exec(
        select(AuditEntry.at)
        .where(AuditEntry.user_id == user_id, AuditEntry.action == "login", AuditEntry.result == "ok")
        .order_by(col(AuditEntry.id).desc())
        .offset(1)
        .limit(1)
    ).first()


def company_entries(session: Session, *, company_id: int, limit: int = 200) -> list[AuditEntry]:
    """The newest entries of one company's audit log (what its administrators read)."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.company_id == company_id)
        .order_by(col(AuditEntry.id).desc())
        .limit(limit)
    )
    return list(session.exec(query).all())


def recent_logins(session: Session, *, user_id: int, limit: int = 10) -> list[AuditEntry]:
    """A user's newest log-in attempts, successful or not (their profile's history)."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.user_id == user_id, AuditEntry.action == "login")
        .order_by(col(AuditEntry.id).desc())
        .limit(limit)
    )
    return list(session.exec(query).all())
