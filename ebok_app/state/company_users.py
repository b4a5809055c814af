"""Company administration: the users of the administrator's own company and the two unlocks."""

from __future__ import annotations

import reflex as rx
from sqlmodel import col, select

from ebok_app import db
from ebok_app.models import Company, PhoneChange, PhoneChangeStatus, Role, User
from ebok_app.portfolio.formatting import format_moment, masked_phone
from ebok_app.security import accounts, auth_change, company_admin, otp, phone_change, unlocking
from ebok_app.security.accounts import Actor, PermissionDenied
from ebok_app.security.auth_change import AuthChangeProblem
from ebok_app.security.company_admin import LastAdministrator
from ebok_app.security.phone_change import PhoneChangeProblem
from ebok_app.security.sessions import SignedIn
from ebok_app.settings import get_settings
from ebok_app.state.auth import as_id, guard, now, to_login

ROLE_LABELS_PL = {Role.ADMIN: "administrator", Role.FINANCE: "finanse", Role.VIEWER: "podgląd"}
NO_RIGHT_PL = "Tę operację może wykonać tylko administrator firmy."


def _row(user: User, me: int) -> dict:
    state = accounts.account_state(user)
    return {
        "id": user.id,
        "name": f"{user.first_name} {user.last_name}",
        "login": user.login,
        "role": ROLE_LABELS_PL.get(user.role, user.role),
        "role_key": user.role,
        "method": otp.TOOL_SHORT_PL.get(user.auth_method, "SMS"),
        "state": state.value,
        "state_label": accounts.STATE_LABELS_PL[state],
        "failed": user.failed_attempts,
        "last_login": format_moment(user.last_login_at),
        "last_failed": format_moment(user.last_failed_login_at),
        "is_me": user.id == me,
        "phone": masked_phone(user.phone),
        "other_method": "sms" if user.auth_method == "token" else "token",
    }


def phone_change_row(change: PhoneChange, user: User) -> dict:
    """An open change of a number, as Użytkownicy (and Profil) show it."""
    return {
        "id": change.id,
        "name": f"{user.first_name} {user.last_name}",
        "login": user.login,
        "new_phone": change.new_phone,
        "waits_for_code": change.status == PhoneChangeStatus.CODE_SENT,
        "since": format_moment(change.created_at),
    }


def actor_of(info: SignedIn) -> Actor:
    return Actor(info.actor, info.company_id, info.user_id, info.role)


class CompanyUsersState(rx.State):
    users: list[dict] = []
    phone_changes: list[dict] = []
    message: str = ""
    error: str = ""
    einvoices: bool = False
    einvoices_label: str = ""

    def _reload(self, info: SignedIn) -> None:
        with db.session_scope() as session:
            rows = session.exec(
                select(User).where(User.company_id == info.company_id).order_by(col(User.last_name))
            ).all()
            self.users = [_row(u, info.user_id) for u in rows]
            for row in self.users:
                change = auth_change.open_change(session, row["id"])
                row["tool_change"] = "" if change is None else change.new_method
            by_id = {u.id: u for u in rows}
            self.phone_changes = [
                phone_change_row(c, by_id[c.user_id])
                for c in phone_change.open_changes(session, info.company_id)
            ]
            company = session.get(Company, info.company_id)
            self.einvoices = company.einvoices
            self.einvoices_label = company_admin.einvoices_label(company)

    @rx.event
    async def set_einvoices(self, enabled: bool):
        """The administrator chooses e-invoices instead of paper ones, or goes back to paper (audited)."""
        info = await guard(self)
        if info is None:
            return to_login()
        with db.session_scope() as session:
            try:
                company_admin.set_einvoices(
                    session,
                    actor_of(info),
                    info.company_id,
                    enabled is True,
                    now=now(),
                    ip=self.router.session.client_ip or None,
                )
            except PermissionDenied:
                self.error, self.message = NO_RIGHT_PL, ""
                return None
        self.error = ""
        self.message = (
            "Wybrano faktury elektroniczne: faktury papierowe nie będą już wysyłane."
            if enabled is True
            else "Wybrano faktury papierowe."
        )
        self._reload(info)
        return None

    @rx.event
    async def load(self):
        self.message = self.error = ""
        info = await guard(self)
        if info is None:
            return None  # require_login, the other on_load handler, sends the tab to the log-in
        if info.role != Role.ADMIN:
            self.error, self.users, self.phone_changes = NO_RIGHT_PL, [], []
        else:
            self._reload(info)
        return None

    @rx.event
    async def unlock_current(self, user_id: int):
        return await self._unlock(user_id, "current")

    @rx.event
    async def unlock_new_password(self, user_id: int):
        return await self._unlock(user_id, "new")

    @rx.event
    async def reset_password(self, user_id: int):
        """Nadaj nowe hasło: a colleague who forgot the password (not locked) gets a temporary one."""
        return await self._unlock(user_id, "reset")

    async def _unlock(self, user_id: int, mode: str):
        info = await guard(self)
        if info is None:
            return to_login()
        actor = actor_of(info)
        asked = as_id(user_id)
        ip = self.router.session.client_ip or None
        max_failures = get_settings().max_failed_logins
        with db.session_scope() as session:
            target = session.get(User, asked) if asked is not None else None
            if target is not None and target.company_id != info.company_id:
                target = None  # another company's user is refused exactly like a missing one
            try:
                if mode == "reset":
                    unlocking.reset_password(session, actor, target, now=now(), ip=ip, target_ref=asked)
                else:
                    unlocking.unlock(
                        session,
                        actor,
                        target,
                        new_password=mode == "new",
                        max_failures=max_failures,
                        now=now(),
                        ip=ip,
                        target_ref=asked,
                    )
            except PermissionDenied:
                self.error, self.message = NO_RIGHT_PL, ""
                return None
            name = f"{target.first_name} {target.last_name}"
        self.error = ""
        self.message = {
            "current": f"Odblokowano obecne hasło dla: {name}. Ma {max_failures} kolejne próby.",
            "new": f"Odblokowano generowanie nowego hasła dla: {name}. "
            "Hasło tymczasowe poszło SMS-em na jego numer.",
            "reset": f"Nadano nowe hasło tymczasowe dla: {name}. Poszło SMS-em na jego numer; "
            "jego sesje zakończono.",
        }[mode]
        self._reload(info)
        return None

    @rx.event
    async def change_role(self, user_id: int, role: str):
        """Grant or revoke rights (administrator, finance, view only) of a colleague."""
        info = await guard(self)
        if info is None:
            return to_login()
        actor = actor_of(info)
        asked = user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None
        with db.session_scope() as session:
            target = session.get(User, asked) if asked is not None else None
            if target is not None and target.company_id != info.company_id:
                target = None  # another company's user is refused exactly like a missing one
            try:
                company_admin.set_role(
                    session,
                    actor,
                    target,
                    str(role),
                    ip=self.router.session.client_ip or None,
                    target_ref=asked,
                )
            except PermissionDenied:
                self.error, self.message = NO_RIGHT_PL, ""
                return None
            except LastAdministrator as exc:
                self.error, self.message = str(exc), ""
                self._reload(info)
                return None
            name = f"{target.first_name} {target.last_name}"
        self.error = ""
        self.message = f"Zmieniono uprawnienia: {name} — {ROLE_LABELS_PL[Role(role)]}."
        self._reload(info)
        return None

    async def _phone_step(self, step, success: str):
        """Run `step(session, signed-in user)` of a phone or tool change; show its problem or `success`."""
        info = await guard(self)
        if info is None:
            return to_login()
        with db.session_scope() as session:
            try:
                step(session, info)
            except PermissionDenied:
                self.error, self.message = NO_RIGHT_PL, ""
                return None
            except (PhoneChangeProblem, AuthChangeProblem) as problem:
                self.error, self.message = str(problem), ""
                self._reload(info)
                return None
        self.error, self.message = "", success
        self._reload(info)
        return None

    def _colleague(self, session, company_id: int, user_id: object) -> User | None:
        target = session.get(User, as_id(user_id)) if as_id(user_id) is not None else None
        return target if target is not None and target.company_id == company_id else None

    @rx.event
    async def start_phone_change(self, form: dict):
        """Nowy numer telefonu of a colleague: a code goes to the new number."""
        phone, asked = str(form.get("phone", ""))[:40], form.get("user_id")
        ip = self.router.session.client_ip or None
        return await self._phone_step(
            lambda s, info: phone_change.start(
                s,
                actor_of(info),
                self._colleague(s, info.company_id, asked),
                phone,
                now(),
                get_settings().password_pepper,
                ip=ip,
                target_ref=as_id(asked),
            ),
            "Kod potwierdzenia poszedł SMS-em na nowy numer. Wpisz go poniżej (ważny 10 minut).",
        )

    @rx.event
    async def approve_phone_change(self, change_id: int):
        ip = self.router.session.client_ip or None
        return await self._phone_step(
            lambda s, info: phone_change.approve(
                s, actor_of(info), as_id(change_id), now(), get_settings().password_pepper, ip=ip
            ),
            "Prośba zaakceptowana: kod potwierdzenia poszedł SMS-em na nowy numer.",
        )

    @rx.event
    async def cancel_phone_change(self, change_id: int):
        ip = self.router.session.client_ip or None
        return await self._phone_step(
            lambda s, info: phone_change.cancel(s, actor_of(info), as_id(change_id), now(), ip=ip),
            "Zmianę numeru anulowano; numer pozostaje bez zmian.",
        )

    @rx.event
    async def confirm_phone_change(self, form: dict):
        code, change_id = str(form.get("code", ""))[:12], as_id(form.get("change_id"))
        ip = self.router.session.client_ip or None
        return await self._phone_step(
            lambda s, info: phone_change.confirm(
                s, actor_of(info), change_id, code, now(), get_settings().password_pepper, ip=ip
            ),
            "Nowy numer potwierdzony: od teraz SMS idą na niego. Stary numer dostał informację, "
            "sesje użytkownika zakończono.",
        )

    @rx.event
    async def set_auth_method(self, user_id: int, method: str):
        """The colleague's authorisation tool: the change waits for them (they confirm it in Profil with
        the current tool and, for a token, scan its QR code there: the administrator never sees it)."""
        ip = self.router.session.client_ip or None
        return await self._phone_step(
            lambda s, info: auth_change.request(
                s,
                actor_of(info),
                self._colleague(s, info.company_id, user_id),
                str(method),
                now(),
                ip=ip,
                target_ref=as_id(user_id),
            ),
            "Zmiana narzędzia zlecona: użytkownik dokończy ją w Profilu, potwierdzając obecnym narzędziem.",
        )
