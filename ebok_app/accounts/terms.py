"""The service terms a user accepted: recorded at the first log-in (or taken from the signed paper form at
activation) and asked for again after log-in when a newer version is published."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from ebok_app.content import current_terms
from ebok_app.models import User
from ebok_app.security import audit


def must_accept(user: User) -> bool:
    """True while the user has not accepted the current version."""
    return user.terms_version != current_terms().version


def accept(db: Session, user: User, version: str, actor: str, now: datetime, ip: str | None = None) -> bool:
    """Record that `user` accepted `version`; False (nothing recorded) when it is not the current one
    (the page was open while a newer version was published)."""
    if version != current_terms().version:
        return False
    previous = user.terms_version
    user.terms_version, user.terms_accepted_at = version, now
    audit.record(
        db,
        "terms_accept",
        "ok",
        actor,
        company_id=user.company_id,
        user_id=user.id,
        ip=ip,
        version=version,
        previous=previous,
    )
    return True
