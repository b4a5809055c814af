"""One-time codes: TOTP from hardware tokens (RFC 6238) and codes sent by SMS.

TOTP: 30-second steps, at most one step of clock drift either way, and a step once accepted is never
accepted again for that user (nor any older one). SMS codes: 6 random digits, only an HMAC of them under
the pepper is stored, bound to one log-in attempt; the caller enforces their short life and single use.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
from pyotp.utils import strings_equal

from ebok_app.security.sealing import open_secret

TOTP_STEP_S = 30
TOTP_WINDOW = 1
CODE_RE = re.compile(r"^\d{6}$")
# the authorisation tools as the lists of users name them
TOOL_SHORT_PL = {"sms": "SMS", "token": "token", "reader": "token z czytnikiem"}


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_accepts(
    secret: str, code: str, last_step: int | None, at: datetime, digits: int = 6, digest: str = "sha1"
) -> int | None:
    """The time step that `code` matches at `at` (±1 step), or None when it does not match or that
    step is not newer than `last_step` (a replayed or older code). `secret` is the stored (sealed) seed."""
    if not re.fullmatch(rf"\d{{{digits}}}", code or ""):
        return None
    totp = pyotp.TOTP(
        open_secret(secret), digits=digits, digest=getattr(hashlib, digest), interval=TOTP_STEP_S
    )
    now_step = totp.timecode(at)
    for step in range(now_step - TOTP_WINDOW, now_step + TOTP_WINDOW + 1):
        if strings_equal(code, totp.generate_otp(step)) and (last_step is None or step > last_step):
            return step
    return None


def new_sms_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def sms_code_hash(code: str, binding: str, pepper: bytes) -> str:
    """HMAC of the code bound to its log-in attempt: the stored form of an SMS code."""
    return hmac.new(pepper, f"{binding}:{code}".encode(), hashlib.sha256).hexdigest()


def sms_code_matches(code: str, binding: str, stored_hash: str | None, pepper: bytes) -> bool:
    if not stored_hash or not CODE_RE.fullmatch(code or ""):
        return False
    return hmac.compare_digest(sms_code_hash(code, binding, pepper), stored_hash)
