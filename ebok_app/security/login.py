"""The log-in steps of guide 001: (1) MilleKod + login, (2) one-time code, (3) masked password;
plus the first log-in, where a temporary password is given whole and a new one must be set.

Nothing before the end says whether the company, the login, the code or the password was wrong: an
unknown user walks through the same steps (with a made-up but stable token/SMS choice and password
length) and the same argon2id work is done. The verdict comes once, at the end, for all elements.
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

from ebok_app.models import AuthMethod, Company, LoginAttempt, User
from ebok_app.notifications.outbox import send_sms
from ebok_app.security import accounts, audit, masked, otp, throttle
from ebok_app.security.passwords import verify_password
from ebok_app.security.sessions import token_hash
from ebok_app.security.throttle import Throttled  # noqa: F401 (login.Throttled, for the page)
from ebok_app.settings import Settings

ATTEMPT_LIFETIME = timedelta(minutes=10)
GENERIC_FAILURE_PL = "Nieprawidłowe dane logowania. Sprawdź je i spróbuj ponownie."
LOCKED_PL = (
    "Dostęp jest zablokowany. Odblokować go może administrator Twojej firmy w eBOK (Szczegóły użytkownika "
    "> Odblokuj hasło) albo HelpDesk."
)
MILLEKOD_RE = re.compile(r"^\d{6,10}$")
LOGIN_RE = re.compile(r"^[A-Za-z0-9._-]{2,64}$")


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
    password_mode: str
    length: int  # characters of the password (masked mode)
    positions: list[int] = field(default_factory=list)
    phone_hint: str = ""


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
    """Step 1: start an attempt; an SMS code goes out to a real SMS user."""
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
    mode = _password_mode(user)
    method, length, phone = _identity_facts(user, subject)
    positions = _pending_positions(db, subject, now) if mode == PasswordMode.MASKED else None
    if mode == PasswordMode.MASKED and not positions:
        positions = masked.choose_positions(length, masked.DEFAULT_THRESHOLD)
    token = secrets.token_urlsafe(32)
    attempt = LoginAttempt(
        token_hash=token_hash(token),
        subject_key=subject,
        user_id=user.id if user else None,
        otp_method=method,
        password_mode=mode,
        mask_positions=positions,
        ip=ip,
        tried=f"{millekod}/{login}"[:80],
        created_at=now,
        expires_at=now + ATTEMPT_LIFETIME,
    )
    db.add(attempt)
    if user is not None and method == AuthMethod.SMS:
        code = otp.new_sms_code()
        attempt.sms_code_hash = otp.sms_code_hash(code, attempt.token_hash, settings.password_pepper)
        minutes = max(1, settings.sms_code_ttl_s // 60)
        send_sms(
            db,
            phone=user.phone,
            body=f"eBOK: kod logowania {code}, ważny {minutes} min. Nie podawaj go nikomu.",
            purpose="login_code",
            idempotency_key=f"login_code:{attempt.token_hash}",
            user_id=user.id,
            company_id=user.company_id,
            secret=code,
        )
    return Challenge(token, method, mode, length, positions or [], _phone_hint(phone))


def _identity_facts(user: User | None, subject: str) -> tuple[str, int, str]:
    """(one-time code method, password length, phone) of a user, or made-up stable ones for nobody."""
    if user is not None:
        length = user.masked_secret["length"] if user.masked_secret else 0
        return user.auth_method, length, user.phone
    digest = bytes.fromhex(subject)
    method = AuthMethod.TOKEN if digest[0] % 4 == 0 else AuthMethod.SMS
    return method, 12 + digest[1] % 9, f"+48{int.from_bytes(digest[2:6], 'big') % 10**9:09d}"


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


def submit_code(db: Session, token: str, code: str, now: datetime, settings: Settings) -> None:
    """Step 2: take the one-time code. Its check is recorded, and told to nobody before the end."""
    code = (code or "").strip()
    if not otp.CODE_RE.fullmatch(code):
        raise LoginInputError("Kod jednorazowy ma 6 cyfr.")
    attempt = _open_attempt(db, token, now)
    if attempt.otp_ok is not None:
        raise LoginInputError("Kod został już podany. Zacznij logowanie od początku.", restart=True)
    user = db.get(User, attempt.user_id) if attempt.user_id else None
    ok = False
    if user is not None and attempt.otp_method == AuthMethod.SMS:
        fresh = now - attempt.created_at <= timedelta(seconds=settings.sms_code_ttl_s)
        ok = fresh and otp.sms_code_matches(
            code, attempt.token_hash, attempt.sms_code_hash, settings.password_pepper
        )
        attempt.sms_code_hash = None  # single use, right or wrong
    elif user is not None and user.totp_secret:
        step = otp.totp_accepts(user.totp_secret, code, user.totp_last_step, now)
        if step is not None:
            user.totp_last_step = step
            ok = True
    attempt.otp_ok = ok


def finish(
    db: Session, token: str, password: str | dict[int, str], ip: str | None, now: datetime, settings: Settings
) -> Outcome:
    """Step 3: check the code and the password together and give the one verdict."""
    attempt = _open_attempt(db, token, now)
    if attempt.otp_ok is None:
        raise LoginInputError("Najpierw podaj kod jednorazowy.", restart=True)
    user = db.get(User, attempt.user_id) if attempt.user_id else None
    password_ok = _password_ok(attempt, user, password, settings.password_pepper)
    password_ok = password_ok and not accounts.temporary_password_expired(user, now)
    attempt.finished_at = now
    company_id = user.company_id if user else None
    actor = _actor(db, user) if user is not None else (attempt.tried or "unknown")
    if user is not None and attempt.otp_ok and password_ok and user.locked_at is not None:
        attempt.result = Verdict.LOCKED
        audit.record(db, "login", "locked", actor, company_id=company_id, user_id=user.id, ip=ip)
        return Outcome(Verdict.LOCKED, LOCKED_PL, user.id)
    if user is None or not (attempt.otp_ok and password_ok) or user.locked_at is not None:
        attempt.result = Verdict.FAILED
        if user is not None:
            locked_now = accounts.register_failure(user, now, settings.max_failed_logins)
            if locked_now:
                audit.record(db, "lockout", "ok", actor, company_id=company_id, user_id=user.id, ip=ip)
        audit.record(
            db, "login", "failed", actor, company_id=company_id, user_id=user.id if user else None, ip=ip
        )
        return Outcome(Verdict.FAILED, GENERIC_FAILURE_PL)
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
    if attempt.password_mode == PasswordMode.MASKED:
        answers = password if isinstance(password, dict) else {}
        if user is None or not user.masked_secret or sorted(answers) != sorted(attempt.mask_positions or []):
            masked.dummy_verify()
            return False
        return masked.verify(user.masked_secret, answers, pepper)
    if not isinstance(password, str) or user is None:
        masked.dummy_verify()
        return False
    return verify_password(password, user.password_hash)


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
