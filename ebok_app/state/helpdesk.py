"""HelpDesk > Klienci: search by MilleKod, NIP, name or login; a user's state; the two unlocks, a new
phone number and deactivation. Each handler re-checks the staff session and the right."""

from __future__ import annotations

import reflex as rx

from ebok_app import helpdesk
from ebok_app.accounts import PermissionDenied
from ebok_app.accounts.staff import Staff
from ebok_app.security.rights import Right
from ebok_app.settings import get_settings
from ebok_app.state.auth import as_id, now
from ebok_app.state.boundary import RecordId, protected
from ebok_app.state.staff_auth import NO_STAFF_RIGHT_PL, staff_ip
from ebok_app.state.transactions import transaction


class HelpdeskState(rx.State):
    query: str = ""
    users: list[helpdesk.ClientUserRow] = []
    searched: bool = False
    message: str = ""
    error: str = ""

    def _refused(self, right: Right) -> None:
        self.error, self.message, self.users = NO_STAFF_RIGHT_PL, "", []

    @protected(Right.SEARCH_CLIENTS)
    def load(self, staff: Staff):
        self.message = self.error = ""
        return self._search(staff)

    @protected(Right.SEARCH_CLIENTS)
    def search(self, staff: Staff, form: dict):
        self.query = str(form.get("q", "")).strip()[:100]
        self.message = self.error = ""
        return self._search(staff)

    def _search(self, staff: Staff) -> None:
        with transaction() as session:
            try:
                found = helpdesk.search_clients(session, staff, self.query)
            except PermissionDenied:
                self.error, self.users = NO_STAFF_RIGHT_PL, []
                return
            self.users = [
                helpdesk.client_user_row(company, user) for company, users in found for user in users
            ]
        self.searched = bool(self.query)

    def _act(self, staff: Staff, user_id: object, action, success: str):
        """Run `action(session, staff, user id)`; a returned string is a problem to show."""
        uid = as_id(user_id)
        with transaction() as session:
            try:
                if uid is None:
                    raise PermissionDenied("no such user")
                result = action(session, staff, uid)
            except PermissionDenied:
                self.error, self.message = NO_STAFF_RIGHT_PL, ""
                return None
        problem = result if isinstance(result, str) else None
        self.error, self.message = (problem, "") if problem else ("", success)
        self._search(staff)
        return None

    @protected(Right.UNLOCK_USERS)
    def unlock_current(self, staff: Staff, user_id: RecordId):
        max_failures = get_settings().max_failed_logins
        return self._act(
            staff,
            user_id,
            lambda s, st, uid: helpdesk.unlock(
                s, st, uid, new_password=False, max_failures=max_failures, now=now(), ip=staff_ip(self)
            ),
            f"Odblokowano obecne hasło: użytkownik ma {max_failures} kolejne próby.",
        )

    @protected(Right.UNLOCK_USERS)
    def unlock_new_password(self, staff: Staff, user_id: RecordId):
        return self._act(
            staff,
            user_id,
            lambda s, st, uid: helpdesk.unlock(
                s,
                st,
                uid,
                new_password=True,
                max_failures=get_settings().max_failed_logins,
                now=now(),
                ip=staff_ip(self),
            ),
            "Odblokowano generowanie nowego hasła: hasło tymczasowe poszło SMS-em do użytkownika.",
        )

    @protected(Right.DEACTIVATE_USERS)
    def deactivate(self, staff: Staff, user_id: RecordId):
        return self._act(
            staff,
            user_id,
            lambda s, st, uid: helpdesk.deactivate(s, st, uid, now(), staff_ip(self)),
            "Użytkownik został wyłączony; jego sesje zakończono.",
        )

    @protected(Right.CHANGE_PHONES)
    def change_phone(self, staff: Staff, form: dict):
        phone = str(form.get("phone", ""))[:40]
        return self._act(
            staff,
            form.get("user_id"),
            lambda s, st, uid: helpdesk.change_phone(s, st, uid, phone, now(), staff_ip(self)),
            "Numer telefonu został zmieniony.",
        )

    @protected(Right.CHANGE_PHONES)
    def set_auth_method(self, staff: Staff, user_id: RecordId, method: str):
        return self._act(
            staff,
            user_id,
            lambda s, st, uid: helpdesk.set_auth_method(s, st, uid, str(method), now(), staff_ip(self)),
            "Zmiana narzędzia zlecona: użytkownik dokończy ją w Profilu.",
        )
