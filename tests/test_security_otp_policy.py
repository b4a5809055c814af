"""One-time codes (RFC 6238 vectors, replay, SMS code hashes) and the password policy."""

import base64
from datetime import UTC, datetime

import pyotp
import pytest

from ebok_app.security import otp
from ebok_app.security.policy import password_problems, temporary_password

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.mark.parametrize(
    ("unix_time", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc6238_sha1_vectors(unix_time, code):
    at = datetime.fromtimestamp(unix_time, UTC)
    assert otp.totp_accepts(RFC_SECRET, code, None, at, digits=8) == unix_time // 30


def test_a_used_step_and_older_ones_are_refused():
    secret = pyotp.random_base32()
    at = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)
    code = pyotp.TOTP(secret).at(at)
    step = otp.totp_accepts(secret, code, None, at)
    assert step is not None
    assert otp.totp_accepts(secret, code, step, at) is None  # replay
    previous = pyotp.TOTP(secret).at(at.timestamp() - 30)
    assert otp.totp_accepts(secret, previous, step, at) is None  # older than the last accepted


def test_window_is_one_step_each_way():
    secret = pyotp.random_base32()
    at = datetime(2026, 11, 23, 12, 0, 15, tzinfo=UTC)
    totp = pyotp.TOTP(secret)
    assert otp.totp_accepts(secret, totp.at(at.timestamp() + 30), None, at) is not None
    assert otp.totp_accepts(secret, totp.at(at.timestamp() - 30), None, at) is not None
    assert otp.totp_accepts(secret, totp.at(at.timestamp() + 60), None, at) is None
    assert otp.totp_accepts(secret, totp.at(at.timestamp() - 60), None, at) is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "12a456", None])
def test_malformed_codes_are_refused(code):
    assert otp.totp_accepts(pyotp.random_base32(), code, None, datetime.now(UTC)) is None


def test_sms_code_hash_is_bound_to_its_attempt_and_pepper():
    pepper = b"p" * 32
    code = otp.new_sms_code()
    stored = otp.sms_code_hash(code, "attempt-1", pepper)
    assert code not in stored
    assert otp.sms_code_matches(code, "attempt-1", stored, pepper)
    assert not otp.sms_code_matches(code, "attempt-2", stored, pepper)
    assert not otp.sms_code_matches(code, "attempt-1", stored, b"q" * 32)
    assert not otp.sms_code_matches(code, "attempt-1", None, pepper)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Krotkie1!", "od 12 do 32"),
        ("bezwielkichliter1!", "wielką literę"),
        ("BEZMALYCHLITER1!", "wielką literę"),
        ("BezCyfrIZnakow", "wielką literę"),
        ("Zażółć-gęślą1", "bez polskich znaków"),
        ("Ze spacja 123!", "bez spacji"),
        ("Jan.Kowalski#2026", "loginu"),
        ("Aaaaa1!bcdefgh", "3 razy"),
        ("A1!" + "b" * 30, "od 12 do 32"),
    ],
)
def test_password_policy_problems(password, problem):
    problems = password_problems(password, "jan.kowalski")
    assert any(problem in p for p in problems), problems


def test_good_password_and_temporary_passwords_pass():
    assert password_problems("Sosna42!rower20", "jzielinska") == []
    for _ in range(50):
        assert password_problems(temporary_password(), "someone") == []
