"""Company administration: the users of the administrator's own company and the two unlocks."""

from __future__ import annotations

import reflex as rx

from ebok_app.accounts import Actor, PermissionDenied, auth_change, company_admin, phone_change, unlocking
from ebok_app.accounts.auth_change import AuthChangeProblem
from ebok_app.accounts.cards import (
    ROLE_LABELS_PL,
    ColleagueRow,
    PhoneChangeRow,
    colleague_row,
    phone_change_row,
)
from ebok_app.accounts.company_admin import LastAdministrator
from ebok_app.accounts.phone_change import PhoneChangeProblem
from ebok_app.accounts.sessions import SignedIn
from ebok_app.models import Company, Role, User
from ebok_app.security.rights import Right, RoleRights, role_table
from ebok_app.settings import get_settings
from ebok_app.state.auth import as_id, now
from ebok_app.state.boundary import RecordId, protected
from ebok_app.state.transactions import transaction

NO_RIGHT_PL = "Tę operację może wykonać tylko administrator firmy."


def actor_of(info: SignedIn) -> Actor:
    return info.as_actor()


class CompanyUsersState(rx.State):
    users: list[ColleagueRow] = []
    phone_changes: list[PhoneChangeRow] = []
    rights: list[RoleRights] = []  # the rights table
    message: str = ""
    error: str = ""
    einvoices: bool = False
    einvoices_label: str = ""

    def _refused(self, right: Right) -> None:
        self.error, self.message, self.users, self.phone_changes, self.rights = NO_RIGHT_PL, "", [], [], []

    def _reload(self, info: SignedIn) -> None:
        with transaction() as session:
            rows = company_admin.company_users(session, company_id=info.company_id)
            self.users = [
                colleague_row(u, info.user_id, auth_change.open_change(session, u.id)) for u in rows
            ]
            by_id = {u.id: u for u in rows}
            self.phone_changes = [
                phone_change_row(c, by_id[c.user_id])
                for c in phone_change.open_changes(session, info.company_id)
            ]
            company = session.get(Company, info.company_id)
            self.einvoices = company.einvoices
            self.einvoices_label = company_admin.einvoices_label(company)

    @protected(Right.MANAGE_USERS)
    def set_einvoices(self, info: SignedIn, enabled: bool):
        """The administrator chooses e-invoices instead of paper ones, or goes back to paper (audited)."""
        with transaction() as session:
            try:
                company_admin.set_einvoices(
                    session,
                    actor_of(info),
                    info.company_id,
                    enabled,
                    now=now(),
                    ip=self.router.session.client_ip or None,
                )
            except PermissionDenied:
                self.error, self.message = NO_RIGHT_PL, ""
                return
        self.error = ""
        self.message = (
            "Wybrano faktury elektroniczne: faktury papierowe nie będą już wysyłane."
            if enabled
            else "Wybrano faktury papierowe."
        )
        self._reload(info)

    @protected(Right.MANAGE_USERS)
    def load(self, info: SignedIn):
        self.message = self.error = ""
        self.rights = role_table()
        self._reload(info)

    @protected(Right.UNLOCK)
    def unlock_current(self, info: SignedIn, user_id: RecordId):
        return self._unlock(info, user_id, "current")

    @protected(Right.UNLOCK)
    def unlock_new_password(self, info: SignedIn, user_id: RecordId):
        return self._unlock(info, user_id, "new")

    @protected(Right.UNLOCK)
    def reset_password(self, info: SignedIn, user_id: RecordId):
        """Nadaj nowe hasło: a colleague who forgot the password (not locked) gets a temporary one."""
        return self._unlock(info, user_id, "reset")

    def _unlock(self, info: SignedIn, asked: int, mode: str):
        actor = actor_of(info)
        ip = self.router.session.client_ip or None
        max_failures = get_settings().max_failed_logins
        with transaction() as session:
            target = company_admin.colleague(session, company_id=info.company_id, user_id=asked)
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

    @protected(Right.MANAGE_USERS)
    def change_role(self, info: SignedIn, user_id: RecordId, role: str):
        """Grant or revoke rights (administrator, finance, view only) of a colleague."""
        actor = actor_of(info)
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

    def _phone_step(self, info: SignedIn, step, success: str):
        """Run `step(session, signed-in user)` of a phone or tool change; show its problem or `success`."""
        with transaction() as session:
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
        asked = as_id(user_id)
        return (
            None if asked is None else company_admin.colleague(session, company_id=company_id, user_id=asked)
        )

    @protected(Right.SET_PHONES)
    def start_phone_change(self, info: SignedIn, form: dict):
        """Nowy numer telefonu of a colleague: a code goes to the new number."""
        phone, asked = str(form.get("phone", ""))[:40], form.get("user_id")
        ip = self.router.session.client_ip or None
        return self._phone_step(
            info,
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

    @protected(Right.SET_PHONES)
    def approve_phone_change(self, info: SignedIn, change_id: RecordId):
        ip = self.router.session.client_ip or None
        return self._phone_step(
            info,
            lambda s, info: phone_change.approve(
                s, actor_of(info), change_id, now(), get_settings().password_pepper, ip=ip
            ),
            "Prośba zaakceptowana: kod potwierdzenia poszedł SMS-em na nowy numer.",
        )

    @protected(Right.SET_PHONES)
    def cancel_phone_change(self, info: SignedIn, change_id: RecordId):
        ip = self.router.session.client_ip or None
        return self._phone_step(
            info,
            lambda s, info: phone_change.cancel(s, actor_of(info), change_id, now(), ip=ip),
            "Zmianę numeru anulowano; numer pozostaje bez zmian.",
        )

    @protected(Right.SET_PHONES)
    def confirm_phone_change(self, info: SignedIn, form: dict):
        code, change_id = str(form.get("code", ""))[:12], as_id(form.get("change_id"))
        ip = self.router.session.client_ip or None
        return self._phone_step(
            info,
            lambda s, info: phone_change.confirm(
                s, actor_of(info), change_id, code, now(), get_settings().password_pepper, ip=ip
            ),
            "Nowy numer potwierdzony: od teraz SMS idą na niego. Stary numer dostał informację, "
            "sesje użytkownika zakończono.",
        )

    @protected(Right.SET_PHONES)
    def set_auth_method(self, info: SignedIn, user_id: RecordId, method: str):
        """The colleague's authorisation tool: the change waits for them (they confirm it in Profil with
        the current tool and, for a token, scan its QR code there: the administrator never sees it)."""
        ip = self.router.session.client_ip or None
        return self._phone_step(
            info,
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
