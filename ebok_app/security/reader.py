"""The token with a reader (guide 001: "poprosimy Cię o zeskanowanie kodu graficznego").

The log-in page shows a graphic code holding a fresh numeric challenge; the token reads it and shows the
OCRA answer (RFC 6287, suite `SUITE`) that the user types. The challenge belongs to one log-in attempt
and is used up by its first check. The token's key is kept on the user through `store_secret` and read
through `load_secret` only: the one place where encryption at rest applies to it.
"""

from __future__ import annotations

import base64
import hmac
import io
import re
import secrets

import segno
from sqlmodel import Session, func, select

from ebok_app.models import AuthMethod, Company, User
from ebok_app.security import ocra
from ebok_app.security.sealing import open_secret, seal_secret

SUITE = "OCRA-1:HOTP-SHA256-8:QN08"
CHALLENGE_DIGITS = 8
RESPONSE_DIGITS = 8


def sealed(key: bytes) -> str:
    """The stored form of a reader token's key: sealed at rest like every TOTP seed."""
    return seal_secret(key.hex())


def store_secret(user: User, key: bytes) -> None:
    """Give `user` a reader token with `key`."""
    user.ocra_secret = sealed(key)


def load_secret(user: User) -> bytes | None:
    return bytes.fromhex(open_secret(user.ocra_secret)) if user.ocra_secret else None


def new_challenge() -> str:
    return f"{secrets.randbelow(10**CHALLENGE_DIGITS):0{CHALLENGE_DIGITS}d}"


def respond(key: bytes, challenge: str) -> str:
    """What the token shows for `challenge` (the emulator and the tests use it too)."""
    return ocra.response(SUITE, key, challenge)


def response_matches(key: bytes, challenge: str, answer: str) -> bool:
    return hmac.compare_digest(respond(key, challenge), (answer or "").strip())


def challenge_picture(challenge: str) -> str:
    """The graphic code of a challenge as an SVG data URI (nothing secret in it)."""
    buffer = io.BytesIO()
    segno.make_qr(f"OCRA:{challenge}", error="m").save(buffer, kind="svg", scale=6, border=2, dark="#0b2545")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


class EmulatorRefused(ValueError):
    """The demo token emulator cannot answer (English message; the page says it in Polish)."""


def emulate(db: Session, millekod: str, login: str, challenge: str) -> str:
    """What the reader token of the user (MilleKod, login) shows for `challenge` (demos and tests)."""
    challenge = (challenge or "").replace(" ", "").strip()
    if not re.fullmatch(rf"\d{{{CHALLENGE_DIGITS}}}", challenge):
        raise EmulatorRefused(f"the challenge is {CHALLENGE_DIGITS} digits")
    user = db.exec(
        select(User)
        .join(Company)
        .where(
            Company.millekod == (millekod or "").strip(),
            func.lower(User.login) == (login or "").strip().lower(),
        )
    ).first()
    key = load_secret(user) if user is not None and user.auth_method == AuthMethod.READER else None
    if key is None:
        raise EmulatorRefused("no reader token for this MilleKod and login")
    return respond(key, challenge)
