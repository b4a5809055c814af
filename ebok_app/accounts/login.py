"""The log-in steps of guide 001: (1) MilleKod + login, (2) the masked password characters and the
one-time code together (an SMS code, a token's code, or a reader token's answer to a graphic code), one
verdict; plus the first log-in, where a temporary password is given whole and a new one must be set.

Nothing says whether the company, the login, the code or the password was wrong, nor whether the account
is locked: every failure gets the same message. Step one is the same for every login: the same work (no
SMS is sent inside it: `send_login_code` runs after the response), the same form at step two (always
`policy.MAX_LENGTH` boxes, the asked positions enabled; an unknown login gets a made-up but stable
password length, tool and phone). The password mode of the account (masked characters, the whole
password with masking off, a temporary password) is applied only in the verdict: the form offers every
user both shapes, and the shape that the account does not use fails like a wrong password.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, func, select

from ebok_app import accounts
from ebok_app.accounts import masked
from ebok_app.accounts.sessions import token_hash
from ebok_app.deployment import forwarded_value
from ebok_app.models import AuthMethod, Company, LoginAttempt, User
from ebok_app.security import audit, otp, reader, throttle
from ebok_app.security.passwords import verify_password
from ebok_app.security.policy import MAX_LENGTH
from ebok_app.security.throttle import Throttled  # noqa: F401 (login.Throttled, for the page)
from ebok_app.settings import Settings
from ebok_app.sms import texts
from ebok_app.sms.outbox import send_sms

ATTEMPT_LIFETIME = timedelta(minutes=10)
GENERIC_FAILURE_PL = (
    "Nieprawidłowe dane logowania albo dostęp jest zablokowany. Sprawdź je i spróbuj ponownie."
)
MILLEKOD_RE = re.compile(r"^\d{6,10}$")
LOGIN_RE = re.compile(r"^[A-Za-z0-9._-]{2,64}$")
BOX_COUNT = MAX_LENGTH  # every log-in shows as many boxes as the longest password the policy allows
FAKE_METHODS = (AuthMethod.SMS,) * 6 + (AuthMethod.TOKEN, AuthMethod.READER)
# attempts that end in these do not count towards the hourly limit (it counts failures, not log-ins)


class LoginInputError(ValueError):
    """Input that is malformed on its face (told to the user as it is: it reveals nothing).

    `restart` says that the attempt is over and the log-in starts again from the first step.
    """

    def __init__(self, message: str, restart: bool = False) -> None:
        super().__init__(message)
        self.restart = restart


class PasswordMode(StrEnum):
    MASKED = "masked"
    FULL = "full"
    TEMPORARY = "temporary"


@dataclass(frozen=True)
class Challenge:
    attempt_token: str
    otp_method: str
    positions: list[int] = field(default_factory=list)  # the asked positions, 1-based
    phone_hint: str = ""
    reader_challenge: str = ""  # the digits in the graphic code (token with a reader)
    box_count: int = BOX_COUNT


class Verdict(StrEnum):
    SUCCESS = "success"
    MUST_CHANGE = "must_change"
    FAILED = "failed"
    LOCKED = "locked"


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    message: str = ""
    user_id: int | None = None


def _subject_key(millekod: str, login: str, pepper: bytes) -> str:
    return hmac.new(pepper, f"{millekod}:{login.lower()}".encode(), hashlib.sha256).hexdigest()


def _find_user(db: Session, millekod: str, login: str) -> User | None:
    query = (
        select(User)
        .join(Company)
        .where(Company.millekod == millekod, func.lower(User.login) == login.lower())
    )
    return db.exec(query).first()


def _password_mode(user: User | None) -> PasswordMode:
    if user is None:
        return PasswordMode.MASKED
    if user.must_change_password:
        return PasswordMode.TEMPORARY
    if not user.masking_enabled or not user.masked_secret:
        return PasswordMode.FULL
    return PasswordMode.MASKED


def begin(
    db: Session, millekod: str, login: str, ip: str | None, now: datetime, settings: Settings
) -> Challenge:
    """Step 1: start an attempt. The same queries and the same answer shape for every login; the SMS
    code of an SMS user is made and sent by `send_login_code`, after the response."""
    millekod, login = millekod.strip(), login.strip()
    if not MILLEKOD_RE.fullmatch(millekod):
        raise LoginInputError("MilleKod to od 6 do 10 cyfr.")
    if not LOGIN_RE.fullmatch(login):
        raise LoginInputError("Login może zawierać litery, cyfry oraz znaki . _ -")
    subject = _subject_key(millekod, login, settings.password_pepper)
    user = _find_user(db, millekod, login)
    company_id = user.company_id if user is not None else None
    throttle.check(
        db,
        millekod=millekod,
        login=login,
        subject=subject,
        ip=ip,
        company_id=company_id,
        now=now,
        settings=settings,
    )
    if user is not None and not user.active:
        user = None  # a disabled user is treated as unknown
    method, length, phone = _identity_facts(user, subject)
    positions = _pending_positions(db, subject, now) or masked.choose_positions(
        length, masked.DEFAULT_THRESHOLD
    )
    challenge = reader.new_challenge() if method == AuthMethod.READER else None
    token = secrets.token_urlsafe(32)
    db.add(
        LoginAttempt(
            token_hash=token_hash(token),
            subject_key=subject,
            user_id=user.id if user else None,
            otp_method=method,
            password_mode=_password_mode(user),
            mask_positions=positions,
            reader_challenge=challenge,
            ip=ip,
            tried=f"{millekod}/{login}"[:80],
            created_at=now,
            expires_at=now + ATTEMPT_LIFETIME,
        )
    )
    return Challenge(token, method, positions, _phone_hint(phone), challenge or "")


def send_login_code(db: Session, token: str, now: datetime, settings: Settings) -> None:
    """After step one's response: the SMS code of a known SMS user (nothing for anyone else)."""
    attempt = db.exec(select(LoginAttempt).where(LoginAttempt.token_hash == token_hash(token or ""))).first()
    if attempt is None or attempt.user_id is None or attempt.otp_method != AuthMethod.SMS:
        return
    if attempt.sms_code_hash is not None or attempt.finished_at is not None:
        return  # sent already, or the attempt is over
    user = db.get(User, attempt.user_id)
    code = otp.new_sms_code()
    attempt.sms_code_hash = otp.sms_code_hash(code, attempt.token_hash, settings.password_pepper)
    minutes = max(1, settings.sms_code_ttl_s // 60)
    send_sms(
        db,
        phone=user.phone,
        body=texts.login_code_text(code, minutes),
        purpose="login_code",
        idempotency_key=f"login_code:{attempt.token_hash}",
        user_id=user.id,
        company_id=user.company_id,
        secret=code,
    )


def _identity_facts(user: User | None, subject: str) -> tuple[str, int, str]:
    """(one-time code tool, password length to ask positions of, phone) of a user, or made-up stable
    ones. Whoever types the whole password (masking off, first log-in) or is unknown gets a made-up
    length, so that the positions asked say nothing about the account."""
    digest = bytes.fromhex(subject)
    made_up_length = 12 + digest[1] % 9
    if user is None:
        method = FAKE_METHODS[digest[0] % len(FAKE_METHODS)]
        return method, made_up_length, f"+48{int.from_bytes(digest[2:6], 'big') % 10**9:09d}"
    length = user.masked_secret["length"] if user.masked_secret else made_up_length
    return user.auth_method, length, user.phone


def _phone_hint(phone: str) -> str:
    return f"••• ••• {phone[-3:]}" if phone else ""


def _pending_positions(db: Session, subject: str, now: datetime) -> list[int] | None:
    """The positions of an unanswered challenge: asking again does not reveal new positions."""
    pending = db.exec(
        select(LoginAttempt)
        .where(
            LoginAttempt.subject_key == subject,
            col(LoginAttempt.finished_at).is_(None),
            LoginAttempt.expires_at > now,
            col(LoginAttempt.mask_positions).is_not(None),
        )
        .order_by(col(LoginAttempt.id).desc())
    ).first()
    if pending is None:
        return None
    pending.finished_at, pending.result = now, "superseded"
    return list(pending.mask_positions or [])


def _open_attempt(db: Session, token: str, now: datetime) -> LoginAttempt:
    attempt = db.exec(select(LoginAttempt).where(LoginAttempt.token_hash == token_hash(token or ""))).first()
    if attempt is None or attempt.finished_at is not None or attempt.expires_at <= now:
        raise LoginInputError("Sesja logowania wygasła. Zacznij od początku.", restart=True)
    return attempt


def code_length(otp_method: str) -> int:
    return reader.RESPONSE_DIGITS if otp_method == AuthMethod.READER else 6


def _check_form(attempt: LoginAttempt, code: str, password: str | dict[int, str]) -> None:
    """What the form itself shows to be incomplete (said as it is: it reveals nothing)."""
    digits = code_length(attempt.otp_method)
    if not re.fullmatch(rf"\d{{{digits}}}", code):
        raise LoginInputError(f"Kod jednorazowy ma {digits} cyfr.")
    if isinstance(password, dict):
        if len(password) != len(attempt.mask_positions or []):
            raise LoginInputError("Wpisz znaki hasła we wszystkich podświetlonych polach.")
    elif not password:
        raise LoginInputError("Wpisz hasło.")


def _one_time_code_ok(
    attempt: LoginAttempt, user: User | None, code: str, now: datetime, settings: Settings
) -> bool:
    """The code of the attempt's tool; an SMS code and a reader challenge are used up, right or wrong."""
    if user is None:
        return False
    if attempt.otp_method == AuthMethod.SMS:
        fresh = now - attempt.created_at <= timedelta(seconds=settings.sms_code_ttl_s)
        ok = fresh and otp.sms_code_matches(
            code, attempt.token_hash, attempt.sms_code_hash, settings.password_pepper
        )
        attempt.sms_code_hash = None
        return ok
    if attempt.otp_method == AuthMethod.READER:
        challenge, attempt.reader_challenge = attempt.reader_challenge, None
        key = reader.load_secret(user)
        return bool(challenge and key) and reader.response_matches(key, challenge, code)
    if user.totp_secret:
        step = otp.totp_accepts(user.totp_secret, code, user.totp_last_step, now)
        if step is not None:
            user.totp_last_step = step
            return True
    return False


def finish(
    db: Session,
    token: str,
    code: str,
    password: str | dict[int, str],
    ip: str | None,
    now: datetime,
    settings: Settings,
) -> Outcome:
    """Step 2: the password (masked characters, or the whole password) and the one-time code together;
    one verdict, the same message for every failure (a locked account included)."""
    attempt = _open_attempt(db, token, now)
    code = (code or "").strip()
    _check_form(attempt, code, password)
    user = db.get(User, attempt.user_id) if attempt.user_id else None
    otp_ok = _one_time_code_ok(attempt, user, code, now, settings)
    password_ok = _password_ok(attempt, user, password, settings.password_pepper)
    password_ok = password_ok and not accounts.temporary_password_expired(user, now)
    attempt.otp_ok, attempt.finished_at = otp_ok, now
    company_id = user.company_id if user else None
    actor = _actor(db, user) if user is not None else (attempt.tried or "unknown")
    if user is None or not (otp_ok and password_ok) or user.locked_at is not None:
        locked = user is not None and user.locked_at is not None
        attempt.result = Verdict.LOCKED if locked and otp_ok and password_ok else Verdict.FAILED
        if user is not None:
            locked_now = accounts.register_failure(user, now, settings.max_failed_logins)
            if locked_now:
                audit.record(db, "lockout", "ok", actor, company_id=company_id, user_id=user.id, ip=ip)
        outcome = "locked" if attempt.result == Verdict.LOCKED else "failed"
        audit.record(
            db, "login", outcome, actor, company_id=company_id, user_id=user.id if user else None, ip=ip
        )
        return Outcome(attempt.result, GENERIC_FAILURE_PL)
    accounts.register_success(user, now)
    if attempt.password_mode == PasswordMode.TEMPORARY:
        attempt.result = Verdict.MUST_CHANGE
        attempt.finished_at = None  # stays open for the new password
        audit.record(
            db, "login", "must_change_password", actor, company_id=company_id, user_id=user.id, ip=ip
        )
        return Outcome(Verdict.MUST_CHANGE, user_id=user.id)
    attempt.result = Verdict.SUCCESS
    audit.record(db, "login", "ok", actor, company_id=company_id, user_id=user.id, ip=ip)
    return Outcome(Verdict.SUCCESS, user_id=user.id)


def _password_ok(
    attempt: LoginAttempt, user: User | None, password: str | dict[int, str], pepper: bytes
) -> bool:
    """One argon2id check whatever happens; the shape given must be the one the account uses."""
    if isinstance(password, dict):
        if (
            user is None
            or attempt.password_mode != PasswordMode.MASKED
            or sorted(password) != sorted(attempt.mask_positions or [])
        ):
            masked.dummy_verify()
            return False
        return masked.verify(user.masked_secret, password, pepper)
    if user is None or attempt.password_mode == PasswordMode.MASKED:
        masked.dummy_verify()
        return False
    return verify_password(password, user.password_hash)


def connection_encrypted(origin: str, forwarded_proto: str, proxy_hops: int) -> bool:
    """Whether the browser reached the site over TLS: the page's own origin (set by the browser), or
    the X-Forwarded-Proto written by the outermost of the `proxy_hops` proxies the deployment trusts."""
    if (origin or "").lower().startswith("https://"):
        return True
    return forwarded_value(forwarded_proto or "", proxy_hops).lower() == "https"


def _actor(db: Session, user: User | None) -> str:
    if user is None:
        return "unknown"
    company = db.get(Company, user.company_id)
    return f"{company.millekod}/{user.login}"


def set_first_password(
    db: Session,
    token: str,
    new_password: str,
    repeated: str,
    ip: str | None,
    now: datetime,
    settings: Settings,
) -> tuple[list[str], int | None]:
    """First log-in, last step: the new password. Returns (problems, user id when it was set)."""
    attempt = _open_attempt(db, token, now)
    if attempt.result != Verdict.MUST_CHANGE or attempt.user_id is None:
        raise LoginInputError("Sesja logowania wygasła. Zacznij od początku.", restart=True)
    if new_password != repeated:
        return ["Hasła w obu polach muszą być takie same."], None
    user = db.get(User, attempt.user_id)
    problems = accounts.set_password(user, new_password, settings.password_pepper)
    if problems:
        return problems, None
    attempt.finished_at, attempt.result = now, Verdict.SUCCESS
    audit.record(
        db, "password_set", "ok", _actor(db, user), company_id=user.company_id, user_id=user.id, ip=ip
    )
    return [], user.id
