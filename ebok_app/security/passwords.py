"""Password hashing: argon2id through libpass (imported as `passlib`).

The parameters are OWASP's recommended argon2id configuration (m=19 MiB, t=2, p=1): about 25 ms of CPU per
hash here, against 200 ms for libpass's defaults (m=64 MiB, t=3, p=4), which made the log-in the costliest
event under load (bench/load.py). The masked-password shares are also protected by the server-side pepper.
Hashes made with other parameters keep verifying (each hash carries its own).
"""

from __future__ import annotations

from passlib.context import CryptContext

ARGON2_MEMORY_KIB, ARGON2_TIME, ARGON2_LANES = 19 * 1024, 2, 1
_context = CryptContext(
    schemes=["argon2"],
    deprecated="auto",
    argon2__type="ID",
    argon2__memory_cost=ARGON2_MEMORY_KIB,
    argon2__time_cost=ARGON2_TIME,
    argon2__parallelism=ARGON2_LANES,
)


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
