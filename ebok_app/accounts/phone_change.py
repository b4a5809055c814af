"""A new mobile number for SMS, one service for every path.

- The user asks in Profil (`request`); an administrator of the same company approves (`approve`) or
  refuses (`cancel`) it on Użytkownicy.
- An administrator changes a colleague's number directly (`start`), never their own.
- After `start` or `approve` a code goes to the NEW number; the number is used only once that code comes
  back (`confirm`, typed by the user in Profil or by the administrator the user read it to), within
  `CODE_LIFE` and with at most `MAX_WRONG_CODES` wrong tries.
- The helpdesk keeps its own path: it checks the caller by phone and calls `apply_new_phone` directly.

`apply_new_phone` is what every path ends with: the number is set, the old number is told, the user's
sessions end, and the audit log says who did it. Every refusal and every wrong or late code is audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from ebok_app.accounts import Actor, PermissionDenied, sessions
from ebok_app.models import PhoneChange, PhoneChangeStatus, Role, User
from ebok_app.security import audit, otp
from ebok_app.sms import texts
from ebok_app.sms.outbox import send_sms
from ebok_app.sms.phones import normalize_phone, phone_problem

CODE_LIFE = timedelta(minutes=10)
MAX_WRONG_CODES = 3
OPEN = (PhoneChangeStatus.REQUESTED, PhoneChangeStatus.CODE_SENT)

WRONG_CODE_PL = "Kod jest nieprawidłowy. Sprawdź SMS na nowym numerze i wpisz kod jeszcze raz."
TOO_MANY_PL = "Kod wpisano błędnie zbyt wiele razy: zmianę numeru anulowano. Rozpocznij ją od nowa."
LATE_CODE_PL = "Kod wygasł (jest ważny 10 minut): zmianę numeru anulowano. Rozpocznij ją od nowa."
SAME_PHONE_PL = "To jest obecny numer tego użytkownika."
NOT_OPEN_PL = "Ta zmiana numeru została już zakończona albo anulowana."


class PhoneChangeProblem(ValueError):
    """The change cannot go on; the message is Polish, for the page."""


def _binding(change: PhoneChange) -> str:
    return f"phone_change:{change.id}:{change.new_phone}"


def _is_company_admin(actor: Actor, target: User) -> bool:
    return not actor.helpdesk and actor.role == Role.ADMIN and actor.company_id == target.company_id


def _refuse(db: Session, actor: Actor, action: str, ip: str | None, target_ref: object) -> None:
    audit.record(
        db,
        action,
        "denied",
        actor.label,
        company_id=actor.company_id,
        user_id=actor.user_id,
        ip=ip,
        target_user_id=target_ref,
    )
    raise PermissionDenied(action)


def _audit(db: Session, action: str, result: str, actor: Actor, change: PhoneChange, ip: str | None, **more):
    audit.record(
        db,
        action,
        result,
        actor.label,
        company_id=change.company_id,
        user_id=actor.user_id,
        ip=ip,
        target_user_id=change.user_id,
        change_id=change.id,
        new_ending=change.new_phone[-3:],
        **more,
    )


def checked_number(target: User, phone: str) -> str:
    """The new number in E.164, or PhoneChangeProblem (not a Polish mobile, or the same number)."""
    number = normalize_phone(phone)
    problem = phone_problem(number)
    if problem:
        raise PhoneChangeProblem(f"Nowy numer: {problem}.")
    if number == target.phone:
        raise PhoneChangeProblem(SAME_PHONE_PL)
    return number


def open_change(db: Session, user_id: int) -> PhoneChange | None:
    """The user's change still waiting for an administrator or for its code (at most one)."""
    query = select(PhoneChange).where(PhoneChange.user_id == user_id, col(PhoneChange.status).in_(OPEN))
    return db.exec(query.order_by(col(PhoneChange.id).desc())).first()


def open_changes(db: Session, company_id: int) -> list[PhoneChange]:
    """A company's open changes, the oldest first (what Użytkownicy lists for the administrator)."""
    query = select(PhoneChange).where(PhoneChange.company_id == company_id, col(PhoneChange.status).in_(OPEN))
    return list(db.exec(query.order_by(col(PhoneChange.id))))


def _replace_open(db: Session, user_id: int, now: datetime) -> None:
    """A new change replaces the user's open one (its code stops working)."""
    for change in db.exec(
        select(PhoneChange).where(PhoneChange.user_id == user_id, col(PhoneChange.status).in_(OPEN))
    ):
        _close(change, PhoneChangeStatus.CANCELLED, now)


def _close(change: PhoneChange, status: PhoneChangeStatus, now: datetime) -> None:
    change.status, change.code_hash, change.finished_at = status, None, now


def _open(db: Session, actor: Actor, target: User, number: str, now: datetime) -> PhoneChange:
    """A new change of `target`'s number to `number` (an open one before it is replaced)."""
    _replace_open(db, target.id, now)
    change = PhoneChange(
        company_id=target.company_id,
        user_id=target.id,
        new_phone=number,
        requested_by=actor.label,
        created_at=now,
    )
    db.add(change)
    db.flush()
    return change


def request(db: Session, actor: Actor, target: User, phone: str, now: datetime, ip: str | None = None):
    """The user asks for a new number in Profil; an administrator approves it. Only for oneself."""
    if actor.helpdesk or actor.user_id != target.id:
        _refuse(db, actor, "phone_change_request", ip, target.id)
    number = checked_number(target, phone)
    change = _open(db, actor, target, number, now)
    _audit(db, "phone_change_request", "ok", actor, change, ip)
    return change


def start(
    db: Session,
    actor: Actor,
    target: User | None,
    phone: str,
    now: datetime,
    pepper: bytes,
    ip: str | None = None,
    target_ref: object = None,
) -> PhoneChange:
    """An administrator of the target's company gives a colleague (never themself) a new number: a code
    goes to it. PermissionDenied (audited) or PhoneChangeProblem (nothing changes)."""
    if target is None or not _is_company_admin(actor, target) or actor.user_id == target.id:
        _refuse(db, actor, "phone_change_start", ip, target_ref if target is None else target.id)
    number = checked_number(target, phone)
    change = _open(db, actor, target, number, now)
    _send_code(db, change, now, pepper)
    _audit(db, "phone_change_start", "ok", actor, change, ip)
    return change


def _own_company_change(
    db: Session, actor: Actor, change_id: object, action: str, ip: str | None
) -> tuple[PhoneChange, User]:
    """The open change `change_id` when `actor` administers its user's company and is not that user."""
    change = db.get(PhoneChange, change_id) if isinstance(change_id, int) else None
    target = db.get(User, change.user_id) if change is not None else None
    if target is None or not _is_company_admin(actor, target) or actor.user_id == target.id:
        _refuse(db, actor, action, ip, None if change is None else change.user_id)
    if change.status not in OPEN:
        raise PhoneChangeProblem(NOT_OPEN_PL)
    return change, target


def approve(
    db: Session, actor: Actor, change_id: object, now: datetime, pepper: bytes, ip: str | None = None
) -> PhoneChange:
    """An administrator accepts a colleague's request: the code goes to the new number."""
    change, _ = _own_company_change(db, actor, change_id, "phone_change_approve", ip)
    _send_code(db, change, now, pepper)
    _audit(db, "phone_change_approve", "ok", actor, change, ip)
    return change


def cancel(db: Session, actor: Actor, change_id: object, now: datetime, ip: str | None = None) -> None:
    """An administrator refuses a request or stops a change; the user withdraws their own."""
    change = db.get(PhoneChange, change_id) if isinstance(change_id, int) else None
    target = db.get(User, change.user_id) if change is not None else None
    if target is None:
        _refuse(db, actor, "phone_change_cancel", ip, None)
    if actor.user_id != target.id:
        change, _ = _own_company_change(db, actor, change_id, "phone_change_cancel", ip)
    elif change.status not in OPEN:
        raise PhoneChangeProblem(NOT_OPEN_PL)
    _close(change, PhoneChangeStatus.CANCELLED, now)
    _audit(db, "phone_change_cancel", "ok", actor, change, ip)


def _send_code(db: Session, change: PhoneChange, now: datetime, pepper: bytes) -> None:
    code = otp.new_sms_code()
    change.status = PhoneChangeStatus.CODE_SENT
    change.code_hash = otp.sms_code_hash(code, _binding(change), pepper)
    change.code_sent_at, change.wrong_codes = now, 0
    send_sms(
        db,
        phone=change.new_phone,
        purpose="phone_confirm",
        body=texts.phone_confirm_text(code),
        idempotency_key=f"phone_confirm:{change.id}:{now.timestamp()}",
        user_id=change.user_id,
        company_id=change.company_id,
        secret=code,
    )


def confirm(
    db: Session,
    actor: Actor,
    change_id: object,
    code: str,
    now: datetime,
    pepper: bytes,
    ip: str | None = None,
    keep_token: str | None = None,
) -> User:
    """The code from the new number, typed by the user (Profil) or by an administrator of the company.

    Right and in time: the number is used from now on (`apply_new_phone`). Wrong: PhoneChangeProblem,
    and after `MAX_WRONG_CODES` wrong ones, or when late, the change is cancelled. Always audited.
    `keep_token` is the session of the user confirming for themself (their other sessions end).
    """
    change = db.get(PhoneChange, change_id) if isinstance(change_id, int) else None
    target = db.get(User, change.user_id) if change is not None else None
    is_self = target is not None and actor.user_id == target.id and not actor.helpdesk
    if target is None or not (is_self or (_is_company_admin(actor, target) and actor.user_id != target.id)):
        _refuse(db, actor, "phone_change_confirm", ip, None if change is None else change.user_id)
    if change.status != PhoneChangeStatus.CODE_SENT:
        raise PhoneChangeProblem(NOT_OPEN_PL)
    if now - change.code_sent_at > CODE_LIFE:
        _close(change, PhoneChangeStatus.CANCELLED, now)
        _audit(db, "phone_change_confirm", "failed", actor, change, ip, reason="late")
        raise PhoneChangeProblem(LATE_CODE_PL)
    if not otp.sms_code_matches(str(code or "").strip(), _binding(change), change.code_hash, pepper):
        change.wrong_codes += 1
        late = change.wrong_codes >= MAX_WRONG_CODES
        if late:
            _close(change, PhoneChangeStatus.CANCELLED, now)
        _audit(db, "phone_change_confirm", "failed", actor, change, ip, reason="wrong_code")
        raise PhoneChangeProblem(TOO_MANY_PL if late else WRONG_CODE_PL)
    _close(change, PhoneChangeStatus.DONE, now)
    _audit(db, "phone_change_confirm", "ok", actor, change, ip)
    apply_new_phone(
        db, target, change.new_phone, actor, now, ip=ip, keep_token=keep_token if is_self else None
    )
    return target


def apply_new_phone(
    db: Session,
    target: User,
    number: str,
    actor: Actor,
    now: datetime,
    *,
    ip: str | None = None,
    keep_token: str | None = None,
) -> None:
    """Use `number` for SMS from now on: the old number hears of it (an impostor cannot take an account
    over quietly), the user's sessions end (but `keep_token`'s), any other open change is cancelled."""
    old = target.phone
    target.phone = number
    _replace_open(db, target.id, now)
    if old:
        send_sms(
            db,
            phone=old,
            purpose="phone_change",
            body=texts.phone_changed_text(number),
            idempotency_key=f"phone_change:{target.id}:{now.timestamp()}",
            user_id=target.id,
            company_id=target.company_id,
        )
    ended = sessions.end_all(db, target.id, now, "phone_change", keep_token=keep_token)
    audit.record(
        db,
        "phone_change",
        "ok",
        actor.label,
        company_id=target.company_id,
        user_id=actor.user_id,
        ip=ip,
        target_user_id=target.id,
        target_login=target.login,
        old_ending=old[-3:],
        new_ending=number[-3:],
        sessions=ended,
    )
