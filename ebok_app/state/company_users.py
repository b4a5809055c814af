"""Company administration: the users of the administrator's own company and the two unlocks."""

from __future__ import annotations

import reflex as rx

from ebok_app.models import Role, User
from ebok_app.portfolio.formatting import format_moment
from ebok_app.security import accounts, company_admin, unlocking
from ebok_app.security.accounts import Actor, PermissionDenied
from ebok_app.security.company_admin import LastAdministrator
from ebok_app.security.rights import Right, role_table
from ebok_app.security.sessions import SignedIn
from ebok_app.settings import get_settings
from ebok_app.state.auth import now
from ebok_app.state.boundary import RecordId, protected
from ebok_app.state.transactions import transaction

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
    rights: list[dict] = []  # the rights table: right, admin, finance, viewer
    message: str = ""
    error: str = ""

    def _refused(self, right: Right) -> None:
        self.error, self.message, self.users, self.rights = NO_RIGHT_PL, "", [], []

    def _reload(self, info: SignedIn) -> None:
        with transaction() as session:
            rows = company_admin.company_users(session, company_id=info.company_id)
            self.users = [_row(u, info.user_id) for u in rows]

    @protected(Right.MANAGE_USERS)
    def load(self, info: SignedIn):
        self.message = self.error = ""
        self.rights = role_table()
        self._reload(info)

    @protected(Right.UNLOCK)
    def unlock_current(self, info: SignedIn, user_id: RecordId):
        return self._unlock(info, user_id, new_password=False)

    @protected(Right.UNLOCK)
    def unlock_new_password(self, info: SignedIn, user_id: RecordId):
        return self._unlock(info, user_id, new_password=True)

    def _unlock(self, info: SignedIn, asked: int, new_password: bool):
        actor = Actor(info.actor, info.company_id, info.user_id, info.role)
        with transaction() as session:
            target = company_admin.colleague(session, company_id=info.company_id, user_id=asked)
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

    @protected(Right.MANAGE_USERS)
    def change_role(self, info: SignedIn, user_id: RecordId, role: str):
        """Grant or revoke rights (administrator, finance, view only) of a colleague."""
        actor = Actor(info.actor, info.company_id, info.user_id, info.role)
        with transaction() as session:
            target = company_admin.colleague(session, company_id=info.company_id, user_id=user_id)
            try:
                company_admin.set_role(
                    session,
                    actor,
                    target,
                    role,
                    ip=self.router.session.client_ip or None,
                    target_ref=user_id,
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
