"""Profil > Ustawienia haseł: masking on and off, changing the password, the recent log-ins."""

from __future__ import annotations

import reflex as rx

from ebok_app.models import User
from ebok_app.portfolio.formatting import format_moment, masked_phone
from ebok_app.security import accounts, audit, sessions
from ebok_app.security.passwords import verify_password
from ebok_app.security.rights import Right
from ebok_app.security.sessions import SignedIn
from ebok_app.settings import get_settings
from ebok_app.state.auth import AuthState, now
from ebok_app.state.boundary import off_loop, protected
from ebok_app.state.company_users import ROLE_LABELS_PL
from ebok_app.state.transactions import transaction


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

    @protected(Right.OWN_ACCOUNT)
    def load(self, info: SignedIn):
        self.message, self.problems = "", []
        self._fill(info.user_id)
        return None

    def _fill(self, user_id: int) -> None:
        with transaction() as session:
            user = session.get(User, user_id)
            self.full_name = f"{user.first_name} {user.last_name}"
            self.login, self.phone = user.login, masked_phone(user.phone)
            self.role = ROLE_LABELS_PL.get(user.role, user.role)
            self.auth_method = "token sprzętowy" if user.auth_method == "token" else "H@sło SMS"
            self.masking_enabled = user.masking_enabled
            self.last_login, self.last_failed = (
                format_moment(user.last_login_at),
                format_moment(user.last_failed_login_at),
            )
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
    def set_masking(self, info: SignedIn, enabled: bool):
        with transaction() as session:
            user = session.get(User, info.user_id)
            user.masking_enabled = bool(enabled) and bool(user.masked_secret)
            audit.record(
                session,
                "masking_toggle",
                "ok",
                info.actor,
                company_id=info.company_id,
                user_id=info.user_id,
                ip=self.router.session.client_ip or None,
                enabled=user.masking_enabled,
            )
        self._fill(info.user_id)
        self.message = "Maskowanie hasła włączone." if self.masking_enabled else "Maskowanie hasła wyłączone."
        return None

    @protected(Right.OWN_ACCOUNT)
    async def change_password(self, info: SignedIn, form: dict):
        auth = await self.get_state(AuthState)
        await off_loop(self._change_password, info, form, auth._session_token)

    def _change_password(self, info: SignedIn, form: dict, keep_token: str) -> None:
        """argon2id and the database, in a worker thread."""
        current, new, repeat = (str(form.get(k, "")) for k in ("current_password", "new_password", "repeat"))
        self.message = ""
        with transaction() as session:
            user = session.get(User, info.user_id)
            if not verify_password(current, user.password_hash):
                self.problems = ["Obecne hasło jest nieprawidłowe."]
                audit.record(
                    session,
                    "password_change",
                    "failed",
                    info.actor,
                    company_id=info.company_id,
                    user_id=info.user_id,
                    ip=self.router.session.client_ip or None,
                )
                return None
            if new != repeat:
                self.problems = ["Hasła w obu polach muszą być takie same."]
                return None
            self.problems = accounts.set_password(user, new, get_settings().password_pepper)
            if self.problems:
                return None
            sessions.end_all(session, user.id, now(), "password_change", keep_token=keep_token)
            audit.record(
                session,
                "password_change",
                "ok",
                info.actor,
                company_id=info.company_id,
                user_id=info.user_id,
                ip=self.router.session.client_ip or None,
            )
        self.message = "Hasło zostało zmienione. Inne sesje zostały zakończone."
        self._fill(info.user_id)
        return None
