"""Obsługa > Aktywacja: the configuration form typed in from the signed paper, then the result with the
new MilleKod and, once, the QR codes that enrol the token users' TOTP apps."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app.accounts.staff import Staff
from ebok_app.onboarding import activation
from ebok_app.onboarding.activation import ActivationError, CompanyForm, EnrolmentCard, UserForm
from ebok_app.security.rights import Right
from ebok_app.settings import get_settings
from ebok_app.state.auth import now
from ebok_app.state.boundary import protected
from ebok_app.state.staff_auth import NO_STAFF_RIGHT_PL, staff_ip

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
    enrolments: list[EnrolmentCard] = []  # shown once (the token secret is inside the QR)

    def _refused(self, right: Right) -> None:
        self.problems, self.done_millekod, self.enrolments = [], "", []
        self.error = NO_STAFF_RIGHT_PL

    @protected(Right.ACTIVATE_COMPANIES)
    def load(self, staff: Staff):
        self.problems, self.done_millekod, self.enrolments = [], "", []
        self.error = ""

    @protected(Right.ACTIVATE_COMPANIES)
    def add_user(self, staff: Staff):
        if len(self.slots) < activation.MAX_USERS:
            self.slots = [*self.slots, max(self.slots) + 1]

    @protected(Right.ACTIVATE_COMPANIES)
    def remove_user(self, staff: Staff, slot: int):
        if len(self.slots) > 1:
            self.slots = [s for s in self.slots if s != slot]

    @protected(Right.ACTIVATE_COMPANIES)
    def new_form(self, staff: Staff):
        self.slots, self.problems, self.done_millekod, self.enrolments = [0], [], "", []

    @protected(Right.ACTIVATE_COMPANIES)
    def submit(self, staff: Staff, form: dict):
        """Runs in the boundary's worker thread: the users' argon2id hashes never block the event loop."""
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
            result = activation.activate_committed(
                staff, company, now=now(), brand_name=get_settings().brand_name, ip=staff_ip(self)
            )
        except ActivationError as exc:
            self.problems = exc.problems
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
        self.enrolments = [e.card() for e in result.enrolments]
        return None
