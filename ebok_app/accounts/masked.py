"""Masked passwords without any plain or reversible copy: threshold secret sharing under a pepper.

The scheme
----------
At enrolment a random 255-bit secret `s` is drawn and split with Shamir's scheme over the prime field
GF(2^255 - 19) into one share per character position of the password: a random polynomial `f` of
degree k-1 with f(0) = s gives share y_i = f(i) for position i (1-based). Each share is stored
encrypted as y_i XOR HMAC-SHA256(pepper, salt || i || character_i): only the right character at that
position uncovers it. `s` itself is stored only as an argon2id hash.

To log in, the user types the characters at k positions chosen at random. Their shares are uncovered,
Lagrange interpolation at 0 rebuilds a candidate secret, and argon2id decides whether it is `s`. A wrong
character yields an unrelated share and so a wrong secret; the check cannot tell which character was
wrong. The whole password keeps its own argon2id hash for users who turn masking off.

Limits
------
- Any k-1 shares reveal nothing about `s` (information-theoretic), so nothing stored narrows down a
  single character. With the database AND the pepper, an attacker may still guess k characters jointly
  offline: about 94^k argon2id evaluations per user (k=5: ~7e9). Without the pepper the shares are
  random numbers. The pepper therefore lives outside the database (environment or `.secrets/`).
- A person who watches several log-ins learns more positions each time; the challenge is kept until
  it is answered, so reloading the page does not reveal new positions, and failures lock the account.
- The log-in page always shows as many boxes as the longest password allowed, but the positions asked
  lie within the password: over many log-ins the highest position asked approaches its length.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import secrets
from collections.abc import Mapping

from ebok_app.security.passwords import hash_password, verify_password

PRIME = 2**255 - 19
SCHEME = "shamir-gf25519-hmac-sha256-v1"
DEFAULT_THRESHOLD = 5

_DUMMY_STORED: dict | None = None


def _pad(pepper: bytes, salt: bytes, position: int, character: str) -> int:
    message = salt + position.to_bytes(2, "big") + character.encode("utf-8")
    return int.from_bytes(hmac.new(pepper, message, hashlib.sha256).digest(), "big")


def _secret_text(secret: int) -> str:
    return secret.to_bytes(32, "big").hex()


def enroll(password: str, pepper: bytes, threshold: int = DEFAULT_THRESHOLD) -> dict:
    """What to store for `password` (JSON-serialisable): encrypted shares and a hash of the secret."""
    if not threshold <= len(password):
        raise ValueError("the password is shorter than the number of characters asked for")
    secret = secrets.randbelow(PRIME)
    coefficients = [secret] + [secrets.randbelow(PRIME) for _ in range(threshold - 1)]
    salt = secrets.token_bytes(16)
    shares = []
    for position, character in enumerate(password, start=1):
        share = _evaluate(coefficients, position)
        shares.append(format(share ^ _pad(pepper, salt, position, character), "064x"))
    return {
        "scheme": SCHEME,
        "length": len(password),
        "threshold": threshold,
        "salt": base64.b64encode(salt).decode("ascii"),
        "shares": shares,
        "secret_hash": hash_password(_secret_text(secret)),
    }


def verify(stored: Mapping, answers: Mapping[int, str], pepper: bytes) -> bool:
    """True when the characters in `answers` ({1-based position: character}) rebuild the secret.

    Exactly `threshold` distinct positions within the password are required; anything else fails.
    """
    length, threshold = stored["length"], stored["threshold"]
    if len(answers) != threshold or any(not 1 <= p <= length for p in answers):
        return False
    if any(not isinstance(c, str) or len(c) != 1 for c in answers.values()):
        return False
    salt = base64.b64decode(stored["salt"])
    points = [(p, int(stored["shares"][p - 1], 16) ^ _pad(pepper, salt, p, c)) for p, c in answers.items()]
    candidate = _interpolate_at_zero(points)
    return verify_password(_secret_text(candidate), stored["secret_hash"])


def dummy_verify() -> None:
    """The cost of one verification, for log-ins of unknown users (timing reveals nothing)."""
    global _DUMMY_STORED
    if _DUMMY_STORED is None:
        _DUMMY_STORED = enroll("x" * DEFAULT_THRESHOLD, secrets.token_bytes(32))
    verify_password("not the secret", _DUMMY_STORED["secret_hash"])


def choose_positions(length: int, threshold: int, rng: random.Random | None = None) -> list[int]:
    """`threshold` distinct 1-based positions out of `length`, drawn from the system's CSPRNG."""
    chooser = rng or secrets.SystemRandom()
    return sorted(chooser.sample(range(1, length + 1), threshold))


def _evaluate(coefficients: list[int], x: int) -> int:
    result = 0
    for coefficient in reversed(coefficients):
        result = (result * x + coefficient) % PRIME
    return result


def _interpolate_at_zero(points: list[tuple[int, int]]) -> int:
    secret = 0
    for i, (x_i, y_i) in enumerate(points):
        numerator, denominator = 1, 1
        for j, (x_j, _) in enumerate(points):
            if i != j:
                numerator = numerator * (-x_j) % PRIME
                denominator = denominator * (x_i - x_j) % PRIME
        secret = (secret + y_i * numerator * pow(denominator, -1, PRIME)) % PRIME
    return secret
