"""The staff log-in (login + password + TOTP) and the staff session every staff event re-reads
(state/boundary.py).

Separate from the client's AuthState: its own backend-only session key, its own session table. The
display vars (name, which menu items to show) decide nothing; every handler checks the rights again.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from ebok_app import routes
from ebok_app.accounts import staff as staff_rules
from ebok_app.accounts.staff import Staff
from ebok_app.models import StaffRight
from ebok_app.security import audit
from ebok_app.settings import get_settings
from ebok_app.state.auth import in_thread, now
from ebok_app.state.transactions import transaction

NO_STAFF_RIGHT_PL = "Nie masz uprawnienia do tej części obsługi. Poproś przełożonego o jego nadanie."


class StaffAuthState(rx.State):
    _staff_key: str = ""

    staff_name: str = ""
    can_activate: bool = False  # display only
    can_helpdesk: bool = False  # display only
    error: str = ""
    ready: bool = False

    def _signed_in_staff(self, touch: bool = True) -> Staff | None:
        if not self._staff_key:
            return None
        with transaction() as session:
            staff = staff_rules.check_session(
                session,
                self._staff_key,
                self.router.session.client_token,
                now(),
                get_settings().idle_timeout_s,
                touch=touch,
                agent=self.router.headers.user_agent,
            )
        if staff is None:
            self._forget()
            return None
        self._show(staff)
        return dataclasses.replace(staff, ip=staff_ip(self))  # every audit entry of theirs says from where

    def _forget(self) -> None:
        self._staff_key = ""
        self.staff_name, self.can_activate, self.can_helpdesk = "", False, False

    def _show(self, staff: Staff) -> None:
        self.staff_name = staff.full_name
        self.can_activate = StaffRight.ACTIVATE.value in staff.rights
        self.can_helpdesk = StaffRight.HELPDESK.value in staff.rights

    @rx.event
    @in_thread
    def open_login_page(self):
        if self._signed_in_staff(touch=False) is not None:
            return rx.redirect(routes.STAFF_CLIENTS)
        self.error = (
            "Sesja wygasła. Zaloguj się ponownie." if self.router.url.query_parameters.get("powod") else ""
        )
        self.ready = True
        return None

    @rx.event
    @in_thread
    def submit_login(self, form: dict):
        """argon2id and the database run in a worker thread, never on the event loop."""
        settings = get_settings()
        with transaction() as session:
            employee, message = staff_rules.authenticate(
                session,
                str(form.get("login", "")),
                str(form.get("password", "")),
                str(form.get("code", "")),
                staff_ip(self),
                now(),
                settings.max_failed_logins,
            )
            if employee is None:
                self.error = message
                return None
            self._staff_key = staff_rules.start_session(
                session,
                employee,
                self.router.session.client_token,
                now(),
                settings.session_max_s,
                staff_ip(self),
                self.router.headers.user_agent,
            )
        self.error = ""
        return rx.redirect(routes.STAFF_CLIENTS)

    @rx.event
    @in_thread
    def require_staff(self):
        """on_load of every staff page."""
        had_session = bool(self._staff_key)
        if self._signed_in_staff() is None:
            return rx.redirect(routes.staff_login("sesja") if had_session else routes.STAFF_LOGIN)
        return None

    @rx.event
    @in_thread
    def keep_alive(self):
        """The idle warning's "stay signed in" and the activity ping of the idle timer."""
        if self._signed_in_staff() is None:
            return to_staff_login()
        return None

    @rx.event
    @in_thread
    def logout(self):
        self._end("logout")
        return rx.redirect(routes.STAFF_LOGIN)

    @rx.event
    @in_thread
    def logout_idle(self):
        self._end("idle")
        return to_staff_login()

    def _end(self, reason: str) -> None:
        staff = self._signed_in_staff(touch=False)
        with transaction() as session:
            staff_rules.end_session(session, self._staff_key, now(), reason)
            if staff is not None:
                audit.record(session, "staff_logout", reason, staff.label, ip=staff_ip(self))
        self._forget()


def to_staff_login() -> rx.event.EventSpec:
    return rx.redirect(routes.staff_login("sesja"))


def staff_ip(state: rx.State) -> str | None:
    ip = state.router.session.client_ip
    return ip[:45] if ip else None
