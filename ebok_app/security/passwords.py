"""Password hashing: argon2id through libpass (imported as `passlib`).

libpass's argon2 defaults (m=64 MiB, t=3, p=4) are above the OWASP minimum (m=19 MiB, t=2, p=1).
"""

from __future__ import annotations

from passlib.context import CryptContext

_context = CryptContext(schemes=["argon2"], deprecated="auto", argon2__type="ID")


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (a fresh random salt every time)."""
    return _context.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """True when `password` matches `password_hash`; False for a missing or malformed hash."""
    if not password_hash:
        return False
    try:
        return _context.verify(password, password_hash)
    except (ValueError, TypeError):
        return False
