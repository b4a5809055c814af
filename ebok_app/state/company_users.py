"""Company administration: the users of the administrator's own company and the two unlocks."""

from __future__ import annotations

import reflex as rx
from sqlmodel import col, select

from ebok_app import db
from ebok_app.models import Company, Role, User
from ebok_app.portfolio.formatting import format_moment
from ebok_app.security import accounts, company_admin, unlocking
from ebok_app.security.accounts import Actor, PermissionDenied
from ebok_app.security.company_admin import LastAdministrator
from ebok_app.security.sessions import SignedIn
from ebok_app.settings import get_settings
from ebok_app.state.auth import guard, now, to_login

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
        "method": "token" if user.auth_method == "token" else "SMS",
        "state": state.value,
        "state_label": accounts.STATE_LABELS_PL[state],
        "failed": user.failed_attempts,
        "last_login": format_moment(user.last_login_at),
        "last_failed": format_moment(user.last_failed_login_at),
        "is_me": user.id == me,
    }


class CompanyUsersState(rx.State):
    users: list[dict] = []
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
            company = session.get(Company, info.company_id)
            self.einvoices = company.einvoices
            self.einvoices_label = company_admin.einvoices_label(company)

    @rx.event
    async def set_einvoices(self, enabled: bool):
        """The administrator chooses e-invoices instead of paper ones, or goes back to paper (audited)."""
        info = await guard(self)
        if info is None:
            return to_login()
        actor = Actor(info.actor, info.company_id, info.user_id, info.role)
        with db.session_scope() as session:
            try:
                company_admin.set_einvoices(
                    session,
                    actor,
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
            self.error, self.users = NO_RIGHT_PL, []
        else:
            self._reload(info)
        return None

    @rx.event
    async def unlock_current(self, user_id: int):
        return await self._unlock(user_id, new_password=False)

    @rx.event
    async def unlock_new_password(self, user_id: int):
        return await self._unlock(user_id, new_password=True)

    async def _unlock(self, user_id: int, new_password: bool):
        info = await guard(self)
        if info is None:
            return to_login()
        actor = Actor(info.actor, info.company_id, info.user_id, info.role)
        asked = user_id if isinstance(user_id, int) else None
        with db.session_scope() as session:
            target = session.get(User, asked) if asked is not None else None
            if target is not None and target.company_id != info.company_id:
                target = None  # another company's user is refused exactly like a missing one
            try:
                unlocking.unlock(
                    session,
                    actor,
                    target,
                    new_password=new_password,
                    max_failures=get_settings().max_failed_logins,
                    now=now(),
                    ip=self.router.session.client_ip or None,
                    target_ref=asked,
                )
            except PermissionDenied:
                self.error, self.message = NO_RIGHT_PL, ""
                return None
            name = f"{target.first_name} {target.last_name}"
        self.error = ""
        self.message = (
            f"Odblokowano generowanie nowego hasła dla: {name}. Hasło tymczasowe poszło SMS-em na jego numer."
            if new_password
            else f"Odblokowano obecne hasło dla: {name}. Ma {get_settings().max_failed_logins} kolejne próby."
        )
        self._reload(info)
        return None

    @rx.event
    async def change_role(self, user_id: int, role: str):
        """Grant or revoke rights (administrator, finance, view only) of a colleague."""
        info = await guard(self)
        if info is None:
            return to_login()
        actor = Actor(info.actor, info.company_id, info.user_id, info.role)
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
