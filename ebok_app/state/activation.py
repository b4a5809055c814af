"""Obsługa > Aktywacja: the configuration form typed in from the signed paper, then the result with the
new MilleKod and, once, the QR codes that enrol the token users' TOTP apps."""

from __future__ import annotations

from datetime import date

import reflex as rx
from sqlalchemy.exc import IntegrityError

from ebok_app import db
from ebok_app.security import activation
from ebok_app.security.accounts import PermissionDenied
from ebok_app.security.activation import ActivationError, CompanyForm, UserForm
from ebok_app.settings import get_settings
from ebok_app.state.auth import now
from ebok_app.state.staff_auth import NO_STAFF_RIGHT_PL, staff_guard, staff_ip, to_staff_login

CONFLICT_PL = "Tę firmę właśnie aktywowano w innym oknie: sprawdź ją w wyszukiwarce klientów."

USER_FIELDS = ("first_name", "last_name", "login", "phone", "role", "auth_method")


def _users(form: dict, slots: list[int]) -> list[UserForm]:
    """The filled user rows of the form (a row with every text field empty is skipped)."""
    users = []
    for slot in slots:
        values = {f: str(form.get(f"u{slot}_{f}", "")).strip()[:100] for f in USER_FIELDS}
        if any(values[f] for f in ("first_name", "last_name", "login", "phone")):
            users.append(UserForm(**values))
    return users


def _day(value: object) -> date | None:
    """A date typed into the form (YYYY-MM-DD); None when empty or not a date."""
    try:
        return date.fromisoformat(str(value or ""))
    except ValueError:
        return None


class ActivationState(rx.State):
    slots: list[int] = [0]
    problems: list[str] = []
    error: str = ""
    done_millekod: str = ""  # the last activation: its MilleKod, company and number of users
    done_company: str = ""
    done_users: int = 0
    enrolments: list[dict] = []  # shown once: login, name, qr (the token secret is inside the QR)

    @rx.event
    async def load(self):
        self.problems, self.done_millekod, self.enrolments = [], "", []
        staff = await staff_guard(self)
        if staff is None:
            return None
        self.error = "" if "activate" in staff.rights else NO_STAFF_RIGHT_PL
        return None

    @rx.event
    def add_user(self):
        if len(self.slots) < activation.MAX_USERS:
            self.slots = [*self.slots, max(self.slots) + 1]

    @rx.event
    def remove_user(self, slot: int):
        if len(self.slots) > 1:
            self.slots = [s for s in self.slots if s != slot]

    @rx.event
    def new_form(self):
        self.slots, self.problems, self.done_millekod, self.enrolments = [0], [], "", []

    def _activate(self, session, staff, company: CompanyForm) -> activation.Activation | None:
        """The activation, or None when refused (the refusal's audit entry is committed all the same)."""
        try:
            return activation.activate(
                session, staff, company, now(), get_settings().brand_name, staff_ip(self)
            )
        except PermissionDenied:
            return None

    @rx.event
    async def submit(self, form: dict):
        staff = await staff_guard(self)
        if staff is None:
            return to_staff_login()
        company = CompanyForm(
            **{
                k: str(form.get(k, "")).strip()[:200]
                for k in ("name", "nip", "regon", "street", "postal_code", "city")
            },
            users=_users(form, self.slots),
            form_witness=str(form.get("form_witness", "")).strip()[:120] or staff.full_name,
            form_signed_on=_day(form.get("form_signed_on")) or now().date(),
            terms_version=str(form.get("terms_version", ""))[:20],
        )
        try:
            with db.session_scope() as session:
                result = self._activate(session, staff, company)
        except ActivationError as exc:
            self.problems = exc.problems
            return None
        except IntegrityError:  # another activation of the same NIP (or MilleKod) won the race
            self.problems = [CONFLICT_PL]
            return None
        if result is None:
            self.error, self.problems = NO_STAFF_RIGHT_PL, []
            return None
        self.problems, self.error = [], ""
        self.done_millekod, self.done_company, self.done_users = (
            result.millekod,
            result.company_name,
            result.users,
        )
        self.enrolments = [{"login": e.login, "name": e.name, "qr": e.qr_svg_uri} for e in result.enrolments]
        return None
