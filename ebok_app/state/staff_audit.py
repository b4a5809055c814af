"""Obsługa > Dziennik and Nieudane SMS: the audit log of every company with filters, and the SMS the
gateways could not deliver."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app import helpdesk
from ebok_app.accounts import PermissionDenied
from ebok_app.accounts.staff import Staff
from ebok_app.helpdesk import AuditFilter
from ebok_app.security.rights import Right
from ebok_app.sms.rows import FailedSms, failed_row
from ebok_app.state.audit_log import ACTIONS_PL, RESULTS_PL, StaffAuditRow, audit_row
from ebok_app.state.boundary import protected
from ebok_app.state.staff_auth import NO_STAFF_RIGHT_PL
from ebok_app.state.transactions import transaction

BAD_DATE_PL = "Daty podaj w postaci RRRR-MM-DD."


def _day(text: str) -> date | None:
    """A filter date; ValueError for anything but a day of 2000-2100 (a far-off date is a typo)."""
    day = date.fromisoformat(text) if text else None
    if day is not None and not 2000 <= day.year <= 2100:
        raise ValueError(f"out of range: {day}")
    return day


class StaffAuditState(rx.State):
    entries: list[StaffAuditRow] = []
    error: str = ""

    def _refused(self, right: Right) -> None:
        self.error, self.entries = NO_STAFF_RIGHT_PL, []

    @protected(Right.READ_ALL_AUDIT)
    def load(self, staff: Staff):
        self._fill(staff, AuditFilter())

    @protected(Right.READ_ALL_AUDIT)
    def apply(self, staff: Staff, form: dict):
        text = {
            k: str(form.get(k, "")).strip()[:60]
            for k in ("millekod", "action", "result", "actor", "from", "to")
        }
        try:
            wanted = AuditFilter(
                millekod=text["millekod"],
                action=text["action"] if text["action"] in ACTIONS_PL else "",
                result=text["result"] if text["result"] in RESULTS_PL else "",
                actor=text["actor"],
                date_from=_day(text["from"]),
                date_to=_day(text["to"]),
            )
        except ValueError:
            self.error = BAD_DATE_PL
            return None
        self._fill(staff, wanted)
        return None

    def _fill(self, staff: Staff, wanted: AuditFilter) -> None:
        with transaction() as session:
            try:
                rows = helpdesk.audit_entries(session, staff, wanted)
                names = helpdesk.actor_names(session, {e.actor for e, _ in rows})
            except PermissionDenied:
                self.error, self.entries = NO_STAFF_RIGHT_PL, []
                return
        self.error = ""
        self.entries = [
            {**audit_row(e, names.get(e.actor, e.actor)), "millekod": millekod or "—"} for e, millekod in rows
        ]


class FailedSmsState(rx.State):
    messages: list[FailedSms] = []
    error: str = ""

    def _refused(self, right: Right) -> None:
        self.error, self.messages = NO_STAFF_RIGHT_PL, []

    @protected(Right.READ_FAILED_SMS)
    def load(self, staff: Staff):
        with transaction() as session:
            try:
                rows = helpdesk.failed_sms(session, staff)
            except PermissionDenied:
                self.error, self.messages = NO_STAFF_RIGHT_PL, []
                return None
            self.error = ""
            self.messages = [failed_row(m) for m in rows]
        return None
