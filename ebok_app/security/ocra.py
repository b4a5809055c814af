"""OCRA, the OATH challenge-response algorithm (RFC 6287), for tokens with a reader.

`response(suite, key, question, ...)` computes the token's answer for an OCRA suite such as
"OCRA-1:HOTP-SHA256-8:QN08": an HMAC over the suite name, a 0 byte and the data inputs the suite names
(counter C, question Q, PIN hash P, session S, time T), cut to `digits` decimal digits as HOTP does.
Pure: no I/O, no clock; the RFC's own test vectors are in the tests.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

_SUITE_RE = re.compile(r"^OCRA-1:HOTP-(SHA1|SHA256|SHA512)-(\d{1,2}):(.+)$")
_QUESTION_RE = re.compile(r"^Q([ANH])(\d\d)$")
_HASHES = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
_TIME_STEPS = {"S": 1, "M": 60, "H": 3600}


@dataclass(frozen=True)
class Suite:
    name: str
    hash_name: str
    digits: int
    counter: bool
    question_format: str  # A (alphanumeric), N (numeric) or H (hex)
    question_max: int
    pin_hash: str | None
    session_length: int | None
    time_step_s: int | None


def parse_suite(name: str) -> Suite:
    """The parts of an OCRA suite name; ValueError for a name this module does not handle."""
    match = _SUITE_RE.fullmatch(name)
    if not match:
        raise ValueError(f"unsupported OCRA suite: {name}")
    hash_name, digits, data = match.group(1), int(match.group(2)), match.group(3).split("-")
    if digits not in (0, *range(4, 11)):
        raise ValueError(f"unsupported number of digits: {digits}")
    counter = bool(data) and data[0] == "C"
    data = data[1:] if counter else data
    question = _QUESTION_RE.fullmatch(data[0]) if data else None
    if question is None:
        raise ValueError(f"an OCRA suite needs a question (Q...): {name}")
    pin_hash = session = time_step = None
    for part in data[1:]:
        if part.startswith("P") and part[1:] in _HASHES:
            pin_hash = part[1:]
        elif re.fullmatch(r"S\d{3}", part):
            session = int(part[1:])
        elif re.fullmatch(r"T\d{1,2}[SMH]", part):
            time_step = int(part[1:-1]) * _TIME_STEPS[part[-1]]
        else:
            raise ValueError(f"unsupported OCRA data input {part!r}")
    return Suite(
        name,
        hash_name,
        digits,
        counter,
        question.group(1),
        int(question.group(2)),
        pin_hash,
        session,
        time_step,
    )


def _question_bytes(suite: Suite, question: str) -> bytes:
    if len(question) > suite.question_max:
        raise ValueError("the question is longer than the suite allows")
    if suite.question_format == "N":
        if not question.isdigit():
            raise ValueError("a numeric question holds digits only")
        hex_text = format(int(question), "X")
    elif suite.question_format == "H":
        hex_text = question
    else:
        hex_text = question.encode("ascii").hex()
    hex_text = hex_text.ljust(256, "0")
    if len(hex_text) > 256:
        raise ValueError("the question does not fit in 128 bytes")
    return bytes.fromhex(hex_text)


def response(
    suite_name: str,
    key: bytes,
    question: str,
    *,
    counter: int | None = None,
    pin_hash: bytes | None = None,
    session: bytes | None = None,
    time_steps: int | None = None,
) -> str:
    """The OCRA value for `question` (and the other data inputs the suite asks for)."""
    suite = parse_suite(suite_name)
    message = suite.name.encode("ascii") + b"\x00"
    if suite.counter:
        if counter is None:
            raise ValueError("this suite needs a counter")
        message += counter.to_bytes(8, "big")
    message += _question_bytes(suite, question)
    if suite.pin_hash:
        if pin_hash is None:
            raise ValueError("this suite needs a PIN hash")
        message += pin_hash
    if suite.session_length:
        if session is None or len(session) != suite.session_length:
            raise ValueError(f"this suite needs {suite.session_length} bytes of session information")
        message += session
    if suite.time_step_s:
        if time_steps is None:
            raise ValueError("this suite needs a time step count")
        message += time_steps.to_bytes(8, "big")
    digest = hmac.new(key, message, _HASHES[suite.hash_name]).digest()
    if suite.digits == 0:
        return digest.hex()
    offset = digest[-1] & 0x0F
    binary = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(binary % 10**suite.digits).zfill(suite.digits)
