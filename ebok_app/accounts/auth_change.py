"""Changing the authorisation tool, H@sło SMS <-> token (guide 001: "można je potem zmienić").

1. `request`: the user asks in Profil, or a company administrator (for a colleague) or the helpdesk sets
   it. Nothing changes yet; an administrator or the helpdesk never sees the new token's secret.
2. `send_current_code` / `prove_current_tool`: the user proves the CURRENT tool (an SMS code sent now, or
   the current token's code). This is the confirmation step, a function on its own, so that a further
   re-authentication can be put in front of it.
3. For a token, `prove_current_tool` returns the enrolment (the otpauth URI and its QR code), shown once to
   the user; for SMS, a code goes to the phone. `complete` takes the NEW tool's first code: only then is the
   method switched and the old secret forgotten.

Wrong or late codes change nothing (MAX_WRONG_CODES wrong ones cancel the change); everything is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

import pyotp
import segno
from sqlmodel import Session

from ebok_app import accounts
from ebok_app.accounts import Actor, pending_change, sessions
from ebok_app.accounts.pending_change import ChangeProblem, refuse
from ebok_app.models import AuthChange, AuthChangeStatus, AuthMethod, Company, Role, User
from ebok_app.security import otp
from ebok_app.security.sealing import seal_secret
from ebok_app.settings import get_settings
from ebok_app.sms import texts

OPEN = (AuthChangeStatus.REQUESTED, AuthChangeStatus.PROVEN)
METHOD_LABELS_PL = {
    AuthMethod.SMS: "H@sło SMS",
    AuthMethod.TOKEN: "token",
    AuthMethod.READER: "token z czytnikiem",
}

WRONG_CODE_PL = "Kod jest nieprawidłowy. Wpisz kod jeszcze raz."
TOO_MANY_PL = "Kod wpisano błędnie zbyt wiele razy: zmianę narzędzia anulowano. Rozpocznij ją od nowa."
LATE_CODE_PL = "Kod wygasł (jest ważny 10 minut): poproś o nowy kod."
SAME_METHOD_PL = "Ten użytkownik już używa tego narzędzia autoryzacji."
NO_PHONE_PL = "Do H@seł SMS potrzebny jest numer telefonu komórkowego: najpierw go ustaw."
NOT_OPEN_PL = "Ta zmiana narzędzia została już zakończona albo anulowana."


class AuthChangeProblem(ChangeProblem):
    """The change cannot go on; the message is Polish, for the page."""


@dataclass(frozen=True)
class Enrolment:
    """What the user sees once to add the new token to an authenticator app."""

    uri: str
    qr_svg_uri: str


def _binding(change: AuthChange) -> str:
    """What an SMS code is bound to: the change and its step (a proof's code does not complete it)."""
    return f"auth_change:{change.id}:{change.status}"


def open_change(db: Session, user_id: int) -> AuthChange | None:
    return next(iter(pending_change.open_of(db, AuthChange, user_id, OPEN)), None)


def request(
    db: Session,
    actor: Actor,
    target: User | None,
    new_method: str,
    now: datetime,
    ip: str | None = None,
    target_ref: object = None,
) -> AuthChange:
    """Ask for (the user) or set (an administrator of the company for a colleague, or the helpdesk) a new
    tool. PermissionDenied (audited) or AuthChangeProblem; the change waits for the user in Profil."""
    allowed = target is not None and (
        actor.helpdesk
        or actor.user_id == target.id
        or (actor.role == Role.ADMIN and actor.company_id == target.company_id)
    )
    if not allowed:
        refuse(db, actor, "auth_change_request", ip, target_ref if target is None else target.id)
    if new_method not in set(AuthMethod):
        raise AuthChangeProblem("Wybierz H@sło SMS albo token.")
    if new_method == target.auth_method:
        raise AuthChangeProblem(SAME_METHOD_PL)
    if new_method == AuthMethod.SMS and not target.phone:
        raise AuthChangeProblem(NO_PHONE_PL)
    change = pending_change.open_new(db, AuthChange, actor, target, OPEN, now, new_method=new_method)
    pending_change.record(db, "auth_change_request", "ok", actor, change, ip)
    return change


def _own(
    db: Session,
    actor: Actor,
    change_id: object,
    action: str,
    ip: str | None,
    statuses: tuple[str, ...] = OPEN,
) -> tuple[AuthChange, User]:
    """The user's own open change (only the user completes a change: the new secret is theirs alone)."""
    return pending_change.find(
        db,
        AuthChange,
        change_id,
        actor,
        action,
        ip,
        may=lambda target: not actor.helpdesk and actor.user_id == target.id,
        statuses=statuses,
        problem=AuthChangeProblem(NOT_OPEN_PL),
    )


def _send_code(db: Session, change: AuthChange, user: User, now: datetime, pepper: bytes, why: str) -> None:
    pending_change.send_code(
        db,
        change,
        user,
        binding=_binding(change),
        sms=("auth_confirm", partial(texts.auth_change_code_text, why)),
        now=now,
        pepper=pepper,
        key=f"{change.id}:{change.status}",
    )


def send_current_code(
    db: Session, actor: Actor, change_id: object, now: datetime, pepper: bytes, ip: str | None = None
) -> None:
    """For a user of H@sło SMS: a code to the current number, to prove the current tool."""
    change, user = _own(db, actor, change_id, "auth_change_code", ip, (AuthChangeStatus.REQUESTED,))
    if user.auth_method != AuthMethod.SMS:
        raise AuthChangeProblem(NOT_OPEN_PL)
    _send_code(db, change, user, now, pepper, "potwierdzenia zmiany narzędzia autoryzacji")


def _check_sms_code(
    db: Session,
    actor: Actor,
    change: AuthChange,
    code: str,
    now: datetime,
    pepper: bytes,
    ip: str | None,
    action: str,
    user: User | None = None,
) -> None:
    """The SMS code `change` waits for; AuthChangeProblem (audited) when it is late or wrong (`user`: see
    `_wrong`)."""
    if pending_change.code_late(change, now):
        pending_change.record(db, action, "failed", actor, change, ip, reason="late")
        raise AuthChangeProblem(LATE_CODE_PL)
    if not otp.sms_code_matches(code, _binding(change), change.code_hash, pepper):
        _wrong(db, actor, change, now, ip, action, user)


def _wrong(
    db: Session,
    actor: Actor,
    change: AuthChange,
    now: datetime,
    ip: str | None,
    action: str,
    user: User | None = None,
):
    """A wrong code. One of the CURRENT tool (`user` given) is a re-authentication that failed: it counts
    towards the lockout like a failed log-in."""
    if user is not None and accounts.register_failure(user, now, get_settings().max_failed_logins):
        pending_change.record(db, "lockout", "ok", actor, change, ip)
    cancelled = pending_change.count_wrong(change, now)
    pending_change.record(db, action, "failed", actor, change, ip, reason="wrong_code")
    raise AuthChangeProblem(TOO_MANY_PL if cancelled else WRONG_CODE_PL)


def prove_current_tool(
    db: Session,
    actor: Actor,
    change_id: object,
    code: str,
    now: datetime,
    pepper: bytes,
    issuer: str,
    ip: str | None = None,
) -> Enrolment | None:
    """The confirmation with the CURRENT tool. For a new token: its enrolment (shown once); for SMS: a
    code goes to the phone. AuthChangeProblem when the code is wrong or late (audited)."""
    change, user = _own(db, actor, change_id, "auth_change_prove", ip, (AuthChangeStatus.REQUESTED,))
    code = str(code or "").strip()
    if user.auth_method == AuthMethod.TOKEN:
        step = otp.totp_accepts(user.totp_secret or "", code, user.totp_last_step, now)
        if step is None:
            _wrong(db, actor, change, now, ip, "auth_change_prove", user)
        user.totp_last_step = step
    else:
        _check_sms_code(db, actor, change, code, now, pepper, ip, "auth_change_prove", user)
    change.status, change.code_hash, change.wrong_codes = AuthChangeStatus.PROVEN, None, 0
    pending_change.record(db, "auth_change_prove", "ok", actor, change, ip)
    if change.new_method == AuthMethod.SMS:
        _send_code(db, change, user, now, pepper, "aktywacji H@seł SMS")
        return None
    return _enrol(db, change, user, issuer)


def _enrol(db: Session, change: AuthChange, user: User, issuer: str) -> Enrolment:
    seed = otp.new_totp_secret()
    change.pending_secret = seal_secret(seed)
    millekod = db.get(Company, user.company_id).millekod
    uri = pyotp.TOTP(seed).provisioning_uri(name=f"{millekod}/{user.login}", issuer_name=issuer)
    return Enrolment(uri, segno.make(uri).svg_data_uri(scale=4))


def complete(
    db: Session,
    actor: Actor,
    change_id: object,
    code: str,
    now: datetime,
    pepper: bytes,
    ip: str | None = None,
    keep_key: str | None = None,
) -> User:
    """The NEW tool's first code: the method is switched and the old secret forgotten; the user's other
    sessions end (`keep_key` is the session that completes it)."""
    change, user = _own(db, actor, change_id, "auth_change_complete", ip, (AuthChangeStatus.PROVEN,))
    code = str(code or "").strip()
    if change.new_method == AuthMethod.TOKEN:
        step = otp.totp_accepts(change.pending_secret or "", code, None, now)
        if step is None:
            _wrong(db, actor, change, now, ip, "auth_change_complete")
        user.totp_secret, user.totp_last_step = change.pending_secret, step
    else:
        _check_sms_code(db, actor, change, code, now, pepper, ip, "auth_change_complete")
        user.totp_secret, user.totp_last_step = None, None
    old = user.auth_method
    user.auth_method = change.new_method
    pending_change.close(change, AuthChangeStatus.DONE, now)
    ended = sessions.end_all(db, user.id, now, "auth_change", keep_key=keep_key)
    pending_change.record(db, "auth_change_complete", "ok", actor, change, ip, old_method=old, sessions=ended)
    return user


def cancel(db: Session, actor: Actor, change_id: object, now: datetime, ip: str | None = None) -> None:
    """The user withdraws the change (the current tool stays)."""
    change, _ = _own(db, actor, change_id, "auth_change_cancel", ip)
    pending_change.close(change, AuthChangeStatus.CANCELLED, now)
    pending_change.record(db, "auth_change_cancel", "ok", actor, change, ip)
