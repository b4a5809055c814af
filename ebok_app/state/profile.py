"""Profil > Ustawienia haseł: masking on and off, changing the password (both after the current password
was given again, a wrong one counting towards the lockout), the recent log-ins."""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from ebok_app.accounts import PermissionDenied, auth_change, phone_change, profile_changes
from ebok_app.accounts.auth_change import METHOD_LABELS_PL, AuthChangeProblem
from ebok_app.accounts.cards import ROLE_LABELS_PL, phone_change_row
from ebok_app.accounts.phone_change import PhoneChangeProblem
from ebok_app.accounts.sessions import SignedIn
from ebok_app.models import AuthChangeStatus, AuthMethod, User
from ebok_app.portfolio.formatting import format_moment, masked_phone
from ebok_app.security import audit
from ebok_app.security.rights import Right
from ebok_app.settings import get_settings
from ebok_app.state.auth import AuthState, as_id, now
from ebok_app.state.boundary import RecordId, off_loop, protected
from ebok_app.state.company_users import actor_of
from ebok_app.state.transactions import transaction


class LoginEntry(TypedDict):
    """A recent log-in of the user (Profil's history)."""

    at: str
    ok: bool
    result: str
    ip: str


class ProfileState(rx.State):
    full_name: str = ""
    login: str = ""
    phone: str = ""
    role: str = ""
    auth_method: str = ""
    masking_enabled: bool = True
    last_login: str = "—"
    last_failed: str = "—"
    history: list[LoginEntry] = []
    message: str = ""
    problems: list[str] = []
    phone_change: dict = {}  # my open change of the number (waiting for an administrator or the code)
    phone_error: str = ""
    auth_change: dict = {}  # my open change of the authorisation tool
    auth_error: str = ""
    enrol_qr: str = ""  # the new token's QR code, shown once (gone after a reload)
    enrol_uri: str = ""  # the same as a link, for an authenticator app on this phone

    @protected(Right.OWN_ACCOUNT)
    def load(self, info: SignedIn):
        self.message, self.problems, self.phone_error, self.auth_error = "", [], "", ""
        self.enrol_qr = self.enrol_uri = ""
        self._fill(info.user_id)
        return None

    def _fill(self, user_id: int) -> None:
        with transaction() as session:
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
            rows = audit.recent_logins(session, user_id=user_id)
            self.history = [
                {
                    "at": format_moment(e.at),
                    "ok": e.result == "ok",
                    "result": "udane" if e.result == "ok" else "nieudane",
                    "ip": e.ip or "—",
                }
                for e in rows
            ]

    @protected(Right.OWN_ACCOUNT)
    def set_masking(self, info: SignedIn, form: dict):
        """Masking on or off, after the current password was given again (in a worker thread: argon2id)."""
        self.message = ""
        change = profile_changes.MaskingChange(info, self._ip(), enabled=not self.masking_enabled)
        with transaction() as session:
            self.problems = profile_changes.after_reauth(
                session, change, str(form.get("current_password", ""))
            )
        self._fill(info.user_id)
        if not self.problems:
            self.message = (
                "Maskowanie hasła włączone." if self.masking_enabled else "Maskowanie hasła wyłączone."
            )
        return None

    @protected(Right.OWN_ACCOUNT)
    async def change_password(self, info: SignedIn, form: dict):
        auth = await self.get_state(AuthState)
        await off_loop(self._change_password, info, form, auth._session_token)

    def _change_password(self, info: SignedIn, form: dict, keep_token: str) -> None:
        """The current password given again, then the new one (argon2id: in a worker thread)."""
        self.message = ""
        change = profile_changes.PasswordChange(
            info, self._ip(), str(form.get("new_password", "")), str(form.get("repeat", "")), keep_token
        )
        with transaction() as session:
            self.problems = profile_changes.after_reauth(
                session, change, str(form.get("current_password", ""))
            )
        if not self.problems:
            self.message = "Hasło zostało zmienione. Inne sesje zostały zakończone."
        self._fill(info.user_id)

    async def _phone_step(self, info: SignedIn, step, success: str):
        """Run `step(session, signed-in user, my session token)` off the event loop; show its Polish
        problem or `success`."""
        auth = await self.get_state(AuthState)
        await off_loop(self._run_phone_step, info, step, auth._session_token, success)

    def _run_phone_step(self, info: SignedIn, step, token: str, success: str) -> None:
        self.message = self.phone_error = ""
        with transaction() as session:
            try:
                step(session, info, token)
            except (PermissionDenied, PhoneChangeProblem) as problem:
                self.phone_error = (
                    str(problem) if isinstance(problem, PhoneChangeProblem) else "Operacja niedozwolona."
                )
                success = ""
        self.message = success
        self._fill(info.user_id)

    @protected(Right.OWN_ACCOUNT)
    async def request_phone_change(self, info: SignedIn, form: dict):
        """Ask for a new number; an administrator of the company accepts it (then a code goes to it)."""
        phone, ip = str(form.get("phone", ""))[:40], self._ip()
        return await self._phone_step(
            info,
            lambda s, info, _: phone_change.request(
                s, actor_of(info), s.get(User, info.user_id), phone, now(), ip=ip
            ),
            "Prośba o zmianę numeru czeka na akceptację administratora Twojej firmy.",
        )

    @protected(Right.OWN_ACCOUNT)
    async def confirm_phone_change(self, info: SignedIn, form: dict):
        code, change_id = str(form.get("code", ""))[:12], as_id(form.get("change_id"))
        ip = self._ip()
        return await self._phone_step(
            info,
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

    @protected(Right.OWN_ACCOUNT)
    async def withdraw_phone_change(self, info: SignedIn, change_id: RecordId):
        ip = self._ip()
        return await self._phone_step(
            info,
            lambda s, info, _: phone_change.cancel(s, actor_of(info), change_id, now(), ip=ip),
            "Prośbę o zmianę numeru wycofano.",
        )

    async def _tool_step(self, info: SignedIn, step, success: str):
        """Run `step(session, signed-in user, my session token)` of a change of the authorisation tool,
        off the event loop."""
        auth = await self.get_state(AuthState)
        await off_loop(self._run_tool_step, info, step, auth._session_token, success)

    def _run_tool_step(self, info: SignedIn, step, token: str, success: str) -> None:
        self.message = self.auth_error = ""
        result = None
        with transaction() as session:
            try:
                result = step(session, info, token)
            except (PermissionDenied, AuthChangeProblem) as problem:
                self.auth_error = (
                    str(problem) if isinstance(problem, AuthChangeProblem) else "Operacja niedozwolona."
                )
                success = ""
        qr, uri = (result.qr_svg_uri, result.uri) if isinstance(result, auth_change.Enrolment) else ("", "")
        self._fill(info.user_id)
        self.message, self.enrol_qr, self.enrol_uri = success, qr, uri

    @protected(Right.OWN_ACCOUNT)
    async def request_auth_change(self, info: SignedIn, new_method: str):
        ip = self._ip()
        return await self._tool_step(
            info,
            lambda s, info, _: auth_change.request(
                s, actor_of(info), s.get(User, info.user_id), str(new_method), now(), ip=ip
            ),
            "Zmiana narzędzia rozpoczęta: potwierdź ją obecnym narzędziem.",
        )

    @protected(Right.OWN_ACCOUNT)
    async def send_auth_code(self, info: SignedIn, change_id: RecordId):
        ip = self._ip()
        return await self._tool_step(
            info,
            lambda s, info, _: auth_change.send_current_code(
                s, actor_of(info), change_id, now(), get_settings().password_pepper, ip=ip
            ),
            "Kod poszedł SMS-em na Twój obecny numer.",
        )

    @protected(Right.OWN_ACCOUNT)
    async def prove_auth_change(self, info: SignedIn, form: dict):
        code, change_id = str(form.get("code", ""))[:12], as_id(form.get("change_id"))
        ip = self._ip()
        settings = get_settings()
        return await self._tool_step(
            info,
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

    @protected(Right.OWN_ACCOUNT)
    async def complete_auth_change(self, info: SignedIn, form: dict):
        code, change_id = str(form.get("code", ""))[:12], as_id(form.get("change_id"))
        ip = self._ip()
        return await self._tool_step(
            info,
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

    @protected(Right.OWN_ACCOUNT)
    async def cancel_auth_change(self, info: SignedIn, change_id: RecordId):
        ip = self._ip()
        return await self._tool_step(
            info,
            lambda s, info, _: auth_change.cancel(s, actor_of(info), change_id, now(), ip=ip),
            "Zmianę narzędzia anulowano: obecne narzędzie działa jak dotąd.",
        )

    def _ip(self) -> str | None:
        return self.router.session.client_ip or None

    def _ip(self) -> str | None:
        return self.router.session.client_ip or None
