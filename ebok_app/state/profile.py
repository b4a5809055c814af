"""Profil > Ustawienia haseł: masking on and off, changing the password, asking for a new SMS number (each
after the current password was given again, a wrong one counting towards the lockout), changing the
authorisation tool (proved with the current tool), the recent log-ins."""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from ebok_app.accounts import PermissionDenied, auth_change, phone_change, profile_changes
from ebok_app.accounts.auth_change import METHOD_LABELS_PL
from ebok_app.accounts.cards import ROLE_LABELS_PL, phone_change_row
from ebok_app.accounts.pending_change import ChangeProblem
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
        await off_loop(self._change_password, info, form, auth._session_key)

    def _change_password(self, info: SignedIn, form: dict, keep_key: str) -> None:
        """The current password given again, then the new one (argon2id: in a worker thread)."""
        self.message = ""
        change = profile_changes.PasswordChange(
            info, self._ip(), str(form.get("new_password", "")), str(form.get("repeat", "")), keep_key
        )
        with transaction() as session:
            self.problems = profile_changes.after_reauth(
                session, change, str(form.get("current_password", ""))
            )
        if not self.problems:
            self.message = "Hasło zostało zmienione. Inne sesje zostały zakończone."
        self._fill(info.user_id)

    async def _step(self, info: SignedIn, step, success: str, tool: bool = False):
        """Run `step(session, me as an actor, my session key)` of a change of my number (or, `tool`, of my
        authorisation tool) off the event loop; show its Polish problem or `success`."""
        auth = await self.get_state(AuthState)
        await off_loop(self._run_step, info, step, auth._session_key, success, tool)

    def _run_step(self, info: SignedIn, step, key: str, success: str, tool: bool) -> None:
        self.message, error = "", ""
        result = None
        with transaction() as session:
            try:
                result = step(session, actor_of(info), key)
            except (PermissionDenied, ChangeProblem) as problem:
                error = str(problem) if isinstance(problem, ChangeProblem) else "Operacja niedozwolona."
                success = ""
        self._fill(info.user_id)
        self.message = success
        if tool:
            enrolment = result if isinstance(result, auth_change.Enrolment) else None
            self.auth_error = error
            self.enrol_qr, self.enrol_uri = (enrolment.qr_svg_uri, enrolment.uri) if enrolment else ("", "")
        else:
            self.phone_error = error

    async def _code_step(self, info: SignedIn, form: dict, confirm, success: str, tool: bool = False):
        """A code typed for a change: `confirm(db, actor, change_id, code, now, pepper, ip=, keep_key=)`
        (my other sessions end when it is right)."""
        code, change_id, ip = str(form.get("code", ""))[:12], as_id(form.get("change_id")), self._ip()
        pepper = get_settings().password_pepper
        return await self._step(
            info,
            lambda s, actor, key: confirm(s, actor, change_id, code, now(), pepper, ip=ip, keep_key=key),
            success,
            tool,
        )

    async def _cancel_step(self, info: SignedIn, change_id: int, cancel, success: str, tool: bool = False):
        """`cancel(db, actor, change_id, now, ip=)` of my change."""
        ip = self._ip()
        return await self._step(
            info, lambda s, actor, _: cancel(s, actor, change_id, now(), ip=ip), success, tool
        )

    @protected(Right.OWN_ACCOUNT)
    def request_phone_change(self, info: SignedIn, form: dict):
        """Ask for a new number, after the current password was given again (a wrong one counts towards
        the lockout); an administrator of the company accepts it (then a code goes to it)."""
        self.message = ""
        change = profile_changes.PhoneRequest(info, self._ip(), str(form.get("phone", ""))[:40])
        with transaction() as session:
            problems = profile_changes.after_reauth(session, change, str(form.get("current_password", "")))
        self._fill(info.user_id)
        self.phone_error = " ".join(problems)
        if not problems:
            self.message = "Prośba o zmianę numeru czeka na akceptację administratora Twojej firmy."

    @protected(Right.OWN_ACCOUNT)
    async def confirm_phone_change(self, info: SignedIn, form: dict):
        return await self._code_step(
            info,
            form,
            phone_change.confirm,
            "Nowy numer potwierdzony: od teraz SMS idą na niego. Twoje inne sesje zakończono.",
        )

    @protected(Right.OWN_ACCOUNT)
    async def withdraw_phone_change(self, info: SignedIn, change_id: RecordId):
        return await self._cancel_step(
            info, change_id, phone_change.cancel, "Prośbę o zmianę numeru wycofano."
        )

    @protected(Right.OWN_ACCOUNT)
    async def request_auth_change(self, info: SignedIn, new_method: str):
        ip = self._ip()
        return await self._step(
            info,
            lambda s, actor, _: auth_change.request(
                s, actor, s.get(User, info.user_id), str(new_method), now(), ip=ip
            ),
            "Zmiana narzędzia rozpoczęta: potwierdź ją obecnym narzędziem.",
            tool=True,
        )

    @protected(Right.OWN_ACCOUNT)
    async def send_auth_code(self, info: SignedIn, change_id: RecordId):
        ip, pepper = self._ip(), get_settings().password_pepper
        return await self._step(
            info,
            lambda s, actor, _: auth_change.send_current_code(s, actor, change_id, now(), pepper, ip=ip),
            "Kod poszedł SMS-em na Twój obecny numer.",
            tool=True,
        )

    @protected(Right.OWN_ACCOUNT)
    async def prove_auth_change(self, info: SignedIn, form: dict):
        code, change_id = str(form.get("code", ""))[:12], as_id(form.get("change_id"))
        ip, settings = self._ip(), get_settings()
        return await self._step(
            info,
            lambda s, actor, _: auth_change.prove_current_tool(
                s, actor, change_id, code, now(), settings.password_pepper, settings.brand_name, ip=ip
            ),
            "Obecne narzędzie potwierdzone.",
            tool=True,
        )

    @protected(Right.OWN_ACCOUNT)
    async def complete_auth_change(self, info: SignedIn, form: dict):
        return await self._code_step(
            info,
            form,
            auth_change.complete,
            "Narzędzie autoryzacji zmienione: od teraz logujesz się nim. Twoje inne sesje zakończono.",
            tool=True,
        )

    @protected(Right.OWN_ACCOUNT)
    async def cancel_auth_change(self, info: SignedIn, change_id: RecordId):
        return await self._cancel_step(
            info,
            change_id,
            auth_change.cancel,
            "Zmianę narzędzia anulowano: obecne narzędzie działa jak dotąd.",
            tool=True,
        )

    def _ip(self) -> str | None:
        return self.router.session.client_ip or None
