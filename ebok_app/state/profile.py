"""Profil > Ustawienia haseł: masking on and off, changing the password (both after the current password
was given again, a wrong one counting towards the lockout), the recent log-ins."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session, col, select

from ebok_app import db
from ebok_app.models import AuditEntry, User
from ebok_app.portfolio.formatting import format_moment, masked_phone
from ebok_app.security import accounts, audit, reauth, sessions
from ebok_app.security.sessions import SignedIn
from ebok_app.settings import get_settings
from ebok_app.state.auth import AuthState, guard, now, to_login
from ebok_app.state.company_users import ROLE_LABELS_PL


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

    @rx.event
    async def load(self):
        info = await guard(self)
        if info is None:
            return None  # require_login, the other on_load handler, sends the tab to the log-in
        self.message, self.problems = "", []
        self._fill(info.user_id)
        return None

    def _fill(self, user_id: int) -> None:
        with db.session_scope() as session:
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
