"""Profil > Ustawienia haseł: masking on and off, changing the password (both after the current password
was given again, a wrong one counting towards the lockout), the recent log-ins."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session, col, select

from ebok_app import db
from ebok_app.models import AuditEntry, AuthChangeStatus, AuthMethod, User
from ebok_app.portfolio.formatting import format_moment, masked_phone
from ebok_app.security import accounts, audit, auth_change, phone_change, reauth, sessions
from ebok_app.security.accounts import PermissionDenied
from ebok_app.security.auth_change import METHOD_LABELS_PL, AuthChangeProblem
from ebok_app.security.phone_change import PhoneChangeProblem
from ebok_app.security.sessions import SignedIn
from ebok_app.settings import get_settings
from ebok_app.state.auth import AuthState, as_id, guard, now, to_login
from ebok_app.state.company_users import ROLE_LABELS_PL, actor_of, phone_change_row


class ProfileState(rx.State):
    full_name: str = ""
    login: str = ""
    phone: str = ""
    role: str = ""
    auth_method: str = ""
    masking_enabled: bool = True
    last_login: str = "—"
    last_failed: str = "—"
    history: list[dict] = []
    message: str = ""
    problems: list[str] = []
    phone_change: dict = {}  # my open change of the number (waiting for an administrator or the code)
    phone_error: str = ""
    auth_change: dict = {}  # my open change of the authorisation tool
    auth_error: str = ""
    enrol_qr: str = ""  # the new token's QR code, shown once (gone after a reload)
    enrol_uri: str = ""  # the same as a link, for an authenticator app on this phone

    @rx.event
    async def load(self):
        info = await guard(self)
        if info is None:
            return None  # require_login, the other on_load handler, sends the tab to the log-in
        self.message, self.problems, self.phone_error, self.auth_error = "", [], "", ""
        self.enrol_qr = self.enrol_uri = ""
        self._fill(info.user_id)
        return None

    def _fill(self, user_id: int) -> None:
        with db.session_scope() as session:
            user = session.get(User, user_id)
            self.full_name = f"{user.first_name} {user.last_name}"
            self.login, self.phone = user.login, masked_phone(user.phone)
            self.role = ROLE_LABELS_PL.get(user.role, user.role)
            self.auth_method = METHOD_LABELS_PL.get(user.auth_method, user.auth_method)
            self.masking_enabled = user.masking_enabled
            change = phone_change.open_change(session, user_id)
            self.phone_change = phone_change_row(change, user) if change is not None else {}
            tool = auth_change.open_change(session, user_id)
            self.auth_change = (
                {
                    "id": tool.id,
                    "new_method": METHOD_LABELS_PL[AuthMethod(tool.new_method)],
                    "to_token": tool.new_method == AuthMethod.TOKEN,
                    "proven": tool.status == AuthChangeStatus.PROVEN,
                    "by": tool.requested_by,
                    "current_sms": user.auth_method == AuthMethod.SMS,
                    "code_sent": tool.code_hash is not None,
                }
                if tool is not None
                else {}
            )
            previous = audit.previous_login(session, user_id)
            self.last_login = format_moment(previous) if previous else "to Twoje pierwsze logowanie"
            self.last_failed = format_moment(user.last_failed_login_at)
            rows = session.exec(
                select(AuditEntry)
                .where(AuditEntry.user_id == user_id, AuditEntry.action == "login")
                .order_by(col(AuditEntry.id).desc())
                .limit(10)
            ).all()
            self.history = [
                {
                    "at": format_moment(e.at),
                    "ok": e.result == "ok",
                    "result": "udane" if e.result == "ok" else "nieudane",
                    "ip": e.ip or "—",
                }
                for e in rows
            ]

    @rx.event
    async def set_masking(self, form: dict):
        """Masking on or off, after the current password was given again."""
        info = await guard(self)
        if info is None:
            return to_login()
        self.message = ""
        change = _MaskingChange(info, self._ip(), enabled=not self.masking_enabled)
        self.problems = await asyncio.to_thread(_after_reauth, change, str(form.get("current_password", "")))
        self._fill(info.user_id)
        if not self.problems:
            self.message = (
                "Maskowanie hasła włączone." if self.masking_enabled else "Maskowanie hasła wyłączone."
            )
        return None

    @rx.event
    async def change_password(self, form: dict):
        info = await guard(self)
        if info is None:
            return to_login()
        self.message = ""
        auth = await self.get_state(AuthState)
        change = _PasswordChange(
            info,
            self._ip(),
            str(form.get("new_password", "")),
            str(form.get("repeat", "")),
            auth._session_token,
        )
        self.problems = await asyncio.to_thread(_after_reauth, change, str(form.get("current_password", "")))
        if not self.problems:
            self.message = "Hasło zostało zmienione. Inne sesje zostały zakończone."
        self._fill(info.user_id)
        return None

    async def _phone_step(self, step, success: str):
        """Run `step(session, signed-in user, my session token)`; show its Polish problem or `success`."""
        info = await guard(self)
        if info is None:
            return to_login()
        auth = await self.get_state(AuthState)
        self.message = self.phone_error = ""
        with db.session_scope() as session:
            try:
                step(session, info, auth._session_token)
            except (PermissionDenied, PhoneChangeProblem) as problem:
                self.phone_error = (
                    str(problem) if isinstance(problem, PhoneChangeProblem) else "Operacja niedozwolona."
                )
                success = ""
        self.message = success
        self._fill(info.user_id)
        return None

    @rx.event
    async def request_phone_change(self, form: dict):
        """Ask for a new number; an administrator of the company accepts it (then a code goes to it)."""
        phone, ip = str(form.get("phone", ""))[:40], self.router.session.client_ip or None
        return await self._phone_step(
            lambda s, info, _: phone_change.request(
                s, actor_of(info), s.get(User, info.user_id), phone, now(), ip=ip
            ),
            "Prośba o zmianę numeru czeka na akceptację administratora Twojej firmy.",
        )

    @rx.event
    async def confirm_phone_change(self, form: dict):
        code, change_id = str(form.get("code", ""))[:12], as_id(form.get("change_id"))
        ip = self.router.session.client_ip or None
        return await self._phone_step(
            lambda s, info, token: phone_change.confirm(
                s,
                actor_of(info),
                change_id,
                code,
                now(),
                get_settings().password_pepper,
                ip=ip,
                keep_token=token,
            ),
            "Nowy numer potwierdzony: od teraz SMS idą na niego. Twoje inne sesje zakończono.",
        )

    @rx.event
    async def withdraw_phone_change(self, change_id: int):
        ip = self.router.session.client_ip or None
        return await self._phone_step(
            lambda s, info, _: phone_change.cancel(s, actor_of(info), as_id(change_id), now(), ip=ip),
            "Prośbę o zmianę numeru wycofano.",
        )

    async def _tool_step(self, step, success: str):
        """Run `step(session, signed-in user, my session token)` of a change of the authorisation tool."""
        info = await guard(self)
        if info is None:
            return to_login()
        auth = await self.get_state(AuthState)
        self.message = self.auth_error = ""
        result = None
        with db.session_scope() as session:
            try:
                result = step(session, info, auth._session_token)
            except (PermissionDenied, AuthChangeProblem) as problem:
                self.auth_error = (
                    str(problem) if isinstance(problem, AuthChangeProblem) else "Operacja niedozwolona."
                )
                success = ""
        qr, uri = (result.qr_svg_uri, result.uri) if isinstance(result, auth_change.Enrolment) else ("", "")
        self._fill(info.user_id)
        self.message, self.enrol_qr, self.enrol_uri = success, qr, uri
        return None

    @rx.event
    async def request_auth_change(self, new_method: str):
        ip = self.router.session.client_ip or None
        return await self._tool_step(
            lambda s, info, _: auth_change.request(
                s, actor_of(info), s.get(User, info.user_id), str(new_method), now(), ip=ip
            ),
            "Zmiana narzędzia rozpoczęta: potwierdź ją obecnym narzędziem.",
        )

    @rx.event
    async def send_auth_code(self, change_id: int):
        ip = self.router.session.client_ip or None
        return await self._tool_step(
            lambda s, info, _: auth_change.send_current_code(
                s, actor_of(info), as_id(change_id), now(), get_settings().password_pepper, ip=ip
            ),
            "Kod poszedł SMS-em na Twój obecny numer.",
        )

    @rx.event
    async def prove_auth_change(self, form: dict):
        code, change_id = str(form.get("code", ""))[:12], as_id(form.get("change_id"))
        ip = self.router.session.client_ip or None
        settings = get_settings()
        return await self._tool_step(
            lambda s, info, _: auth_change.prove_current_tool(
                s,
                actor_of(info),
                change_id,
                code,
                now(),
                settings.password_pepper,
                settings.brand_name,
                ip=ip,
            ),
            "Obecne narzędzie potwierdzone.",
        )

    @rx.event
    async def complete_auth_change(self, form: dict):
        code, change_id = str(form.get("code", ""))[:12], as_id(form.get("change_id"))
        ip = self.router.session.client_ip or None
        return await self._tool_step(
            lambda s, info, token: auth_change.complete(
                s,
                actor_of(info),
                change_id,
                code,
                now(),
                get_settings().password_pepper,
                ip=ip,
                keep_token=token,
            ),
            "Narzędzie autoryzacji zmienione: od teraz logujesz się nim. Twoje inne sesje zakończono.",
        )

    @rx.event
    async def cancel_auth_change(self, change_id: int):
        ip = self.router.session.client_ip or None
        return await self._tool_step(
            lambda s, info, _: auth_change.cancel(s, actor_of(info), as_id(change_id), now(), ip=ip),
            "Zmianę narzędzia anulowano: obecne narzędzie działa jak dotąd.",
        )

    def _ip(self) -> str | None:
        return self.router.session.client_ip or None


@dataclass(frozen=True)
class _MaskingChange:
    info: SignedIn
    ip: str | None
    enabled: bool
    action: str = "masking_toggle"

    def problems(self, user: User) -> list[str]:
        return []

    def apply(self, session: Session, user: User) -> list[str]:
        user.masking_enabled = self.enabled and bool(user.masked_secret)
        _audit_done(session, self, enabled=user.masking_enabled)
        return []


@dataclass(frozen=True)
class _PasswordChange:
    info: SignedIn
    ip: str | None
    new: str
    repeated: str
    keep_token: str  # this tab's session stays; every other one ends
    action: str = "password_change"

    def problems(self, user: User) -> list[str]:
        return reauth.new_password_problems(user, self.new, self.repeated)

    def apply(self, session: Session, user: User) -> list[str]:
        problems = accounts.set_password(user, self.new, get_settings().password_pepper)
        if not problems:
            sessions.end_all(session, user.id, now(), "password_change", keep_token=self.keep_token)
            _audit_done(session, self)
        return problems


def _audit_done(session: Session, change: _MaskingChange | _PasswordChange, **details: object) -> None:
    info = change.info
    audit.record(
        session,
        change.action,
        "ok",
        info.actor,
        company_id=info.company_id,
        user_id=info.user_id,
        ip=change.ip,
        **details,
    )


def _after_reauth(change: _MaskingChange | _PasswordChange, current_password: str) -> list[str]:
    """The change, once what is wrong on its face was told and the current password given again
    (off the event loop: argon2id). A wrong password counts towards the lockout (security/reauth.py)."""
    with db.session_scope() as session:
        user = session.get(User, change.info.user_id)
        problems = change.problems(user)
        if problems:
            return problems
        settings = get_settings()
        if not reauth.confirm(
            session,
            user,
            current_password,
            action=change.action,
            now=now(),
            max_failures=settings.max_failed_logins,
            ip=change.ip,
        ):
            return [reauth.FAILED_PL]
        return change.apply(session, user)
