"""Feed credentials: the bearer secret the core system sends with `POST /api/feed`.

The secret is 256 random bits, shown once when created; only its SHA-256 is stored, and a push is
looked up by it (a slow hash adds nothing to a random secret of that size)."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from sqlmodel import Session, select

from ebok_app.models import FeedCredential

PREFIX = "ebokfeed_"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


class CredentialError(ValueError):
    """A credential that cannot be created (bad or taken name)."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(session: Session, name: str, now: datetime) -> str:
    """Create a credential named `name` and return its secret (the only time it exists in clear)."""
    if not NAME_RE.fullmatch(name):
        raise CredentialError("a name is 1-64 lower-case letters, digits, dots, dashes or underscores")
    if session.exec(select(FeedCredential).where(FeedCredential.name == name)).first() is not None:
        raise CredentialError(f"a feed credential named {name!r} exists already")
    secret = PREFIX + secrets.token_urlsafe(32)
    session.add(FeedCredential(name=name, secret_hash=_digest(secret), created_at=now))
    session.flush()
    return secret


def revoke(session: Session, name: str, now: datetime) -> bool:
    credential = session.exec(select(FeedCredential).where(FeedCredential.name == name)).first()
    if credential is None or credential.revoked_at is not None:
        return False
    credential.revoked_at = now
    return True


def check(session: Session, secret: str, now: datetime) -> str | None:
    """The name of the live credential whose secret this is, or None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    digest = _digest(secret)
    credential = session.exec(select(FeedCredential).where(FeedCredential.secret_hash == digest)).first()
    if credential is None or credential.revoked_at is not None:
        return None
    credential.last_used_at = now
    return credential.name
