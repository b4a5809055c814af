"""A new mobile number for SMS, one service for every path.

- The user asks in Profil (`request`); an administrator of the same company approves (`approve`) or
  refuses (`cancel`) it on Użytkownicy.
- An administrator changes a colleague's number directly (`start`), never their own.
- After `start` or `approve` a code goes to the NEW number; the number is used only once that code comes
  back (`confirm`, typed by the user in Profil or by the administrator the user read it to), within
  10 minutes and with at most 3 wrong tries (accounts/pending_change.py, shared with auth_change.py).
- The helpdesk keeps its own path: it checks the caller by phone and calls `apply_new_phone` directly.

`apply_new_phone` is what every path ends with: the number is set, the old number is told, the user's
sessions end, and the audit log says who did it. Every refusal and every wrong or late code is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session, col, select

from ebok_app.accounts import Actor, pending_change, sessions
from ebok_app.accounts.pending_change import ChangeProblem, refuse
from ebok_app.models import PhoneChange, PhoneChangeStatus, Role, User
from ebok_app.security import audit, otp
from ebok_app.sms import texts
from ebok_app.sms.outbox import sms_to_user
from ebok_app.sms.phones import normalize_phone, phone_problem

OPEN = (PhoneChangeStatus.REQUESTED, PhoneChangeStatus.CODE_SENT)

WRONG_CODE_PL = "Kod jest nieprawidłowy. Sprawdź SMS na nowym numerze i wpisz kod jeszcze raz."
TOO_MANY_PL = "Kod wpisano błędnie zbyt wiele razy: zmianę numeru anulowano. Rozpocznij ją od nowa."
LATE_CODE_PL = "Kod wygasł (jest ważny 10 minut): zmianę numeru anulowano. Rozpocznij ją od nowa."
SAME_PHONE_PL = "To jest obecny numer tego użytkownika."
NOT_OPEN_PL = "Ta zmiana numeru została już zakończona albo anulowana."


class PhoneChangeProblem(ChangeProblem):
    """The change cannot go on; the message is Polish, for the page."""


def _binding(change: PhoneChange) -> str:
    return f"phone_change:{change.id}:{change.new_phone}"


def _colleague(actor: Actor, target: User) -> bool:
    """Whether `actor` is an administrator of `target`'s company, and not `target`."""
    return (
        not actor.helpdesk
        and actor.role == Role.ADMIN
        and actor.company_id == target.company_id
        and actor.user_id != target.id
    )


def _is_self(actor: Actor, target: User) -> bool:
    return actor.user_id == target.id and not actor.helpdesk


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
    return next(iter(pending_change.open_of(db, PhoneChange, user_id, OPEN)), None)


def open_changes(db: Session, company_id: int) -> list[PhoneChange]:
    """A company's open changes, the oldest first (what Użytkownicy lists for the administrator)."""
    query = select(PhoneChange).where(PhoneChange.company_id == company_id, col(PhoneChange.status).in_(OPEN))
    return list(db.exec(query.order_by(col(PhoneChange.id))))


def request(db: Session, actor: Actor, target: User, phone: str, now: datetime, ip: str | None = None):
    """The user asks for a new number in Profil (after giving the current password again:
    profile_changes.PhoneRequest); an administrator approves it. Only for oneself."""
    if actor.helpdesk or actor.user_id != target.id:
        refuse(db, actor, "phone_change_request", ip, target.id)
    number = checked_number(target, phone)
    change = pending_change.open_new(db, PhoneChange, actor, target, OPEN, now, new_phone=number)
    pending_change.record(db, "phone_change_request", "ok", actor, change, ip)
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
    if target is None or not _colleague(actor, target):
        refuse(db, actor, "phone_change_start", ip, target_ref if target is None else target.id)
    number = checked_number(target, phone)
    change = pending_change.open_new(db, PhoneChange, actor, target, OPEN, now, new_phone=number)
    _send_code(db, change, target, now, pepper)
    pending_change.record(db, "phone_change_start", "ok", actor, change, ip)
    return change


def _own_company_change(
    db: Session, actor: Actor, change_id: object, action: str, ip: str | None
) -> tuple[PhoneChange, User]:
    """The open change `change_id` when `actor` administers its user's company and is not that user."""
    return _find(db, actor, change_id, action, ip, lambda t: _colleague(actor, t))


def _find(
    db: Session,
    actor: Actor,
    change_id: object,
    action: str,
    ip: str | None,
    may: Callable[[User], bool],
    statuses: tuple[str, ...] = OPEN,
) -> tuple[PhoneChange, User]:
    return pending_change.find(
        db,
        PhoneChange,
        change_id,
        actor,
        action,
        ip,
        may=may,
        statuses=statuses,
        problem=PhoneChangeProblem(NOT_OPEN_PL),
    )


def approve(
    db: Session, actor: Actor, change_id: object, now: datetime, pepper: bytes, ip: str | None = None
) -> PhoneChange:
    """An administrator accepts a colleague's request: the code goes to the new number."""
    change, target = _own_company_change(db, actor, change_id, "phone_change_approve", ip)
    _send_code(db, change, target, now, pepper)
    pending_change.record(db, "phone_change_approve", "ok", actor, change, ip)
    return change


def cancel(db: Session, actor: Actor, change_id: object, now: datetime, ip: str | None = None) -> None:
    """An administrator refuses a request or stops a change; the user withdraws their own."""
    change, _ = _find(
        db, actor, change_id, "phone_change_cancel", ip, lambda t: _is_self(actor, t) or _colleague(actor, t)
    )
    pending_change.close(change, PhoneChangeStatus.CANCELLED, now)
    pending_change.record(db, "phone_change_cancel", "ok", actor, change, ip)


def _send_code(db: Session, change: PhoneChange, target: User, now: datetime, pepper: bytes) -> None:
    change.status, change.wrong_codes = PhoneChangeStatus.CODE_SENT, 0
    pending_change.send_code(
        db,
        change,
        target,
        binding=_binding(change),
        sms=("phone_confirm", texts.phone_confirm_text),
        now=now,
        pepper=pepper,
        phone=change.new_phone,
        key=change.id,
    )


def confirm(
    db: Session,
    actor: Actor,
    change_id: object,
    code: str,
    now: datetime,
    pepper: bytes,
    ip: str | None = None,
    keep_key: str | None = None,
) -> User:
    """The code from the new number, typed by the user (Profil) or by an administrator of the company.

    Right and in time: the number is used from now on (`apply_new_phone`). Wrong: PhoneChangeProblem,
    and after `MAX_WRONG_CODES` wrong ones, or when late, the change is cancelled. Always audited.
    `keep_key` is the session of the user confirming for themself (their other sessions end).
    """
    change, target = _find(
        db,
        actor,
        change_id,
        "phone_change_confirm",
        ip,
        lambda t: _is_self(actor, t) or _colleague(actor, t),
        (PhoneChangeStatus.CODE_SENT,),
    )
    is_self = _is_self(actor, target)
    if pending_change.code_late(change, now):
        pending_change.close(change, PhoneChangeStatus.CANCELLED, now)
        pending_change.record(db, "phone_change_confirm", "failed", actor, change, ip, reason="late")
        raise PhoneChangeProblem(LATE_CODE_PL)
    if not otp.sms_code_matches(str(code or "").strip(), _binding(change), change.code_hash, pepper):
        cancelled = pending_change.count_wrong(change, now)
        pending_change.record(db, "phone_change_confirm", "failed", actor, change, ip, reason="wrong_code")
        raise PhoneChangeProblem(TOO_MANY_PL if cancelled else WRONG_CODE_PL)
    pending_change.close(change, PhoneChangeStatus.DONE, now)
    pending_change.record(db, "phone_change_confirm", "ok", actor, change, ip)
    apply_new_phone(db, target, change.new_phone, actor, now, ip=ip, keep_key=keep_key if is_self else None)
    return target


def apply_new_phone(
    db: Session,
    target: User,
    number: str,
    actor: Actor,
    now: datetime,
    *,
    ip: str | None = None,
    keep_key: str | None = None,
) -> None:
    """Use `number` for SMS from now on: the old number hears of it (an impostor cannot take an account
    over quietly), the user's sessions end (but `keep_key`'s), any other open change is cancelled."""
    old = target.phone
    target.phone = number
    pending_change.cancel_open(db, PhoneChange, target.id, OPEN, now)
    if old:
        sms_to_user(db, target, "phone_change", texts.phone_changed_text(number), now, phone=old)
    ended = sessions.end_all(db, target.id, now, "phone_change", keep_key=keep_key)
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
