"""Powiadomienia: the user's SMS notification settings and the SMS sent to them."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app.accounts.sessions import SignedIn
from ebok_app.models import NoticeKind, User
from ebok_app.notifications.preferences import days_before_problem, preferences_of, update_preferences
from ebok_app.portfolio.formatting import masked_phone
from ebok_app.security import audit
from ebok_app.security.rights import Right
from ebok_app.sms.outbox import recent_messages
from ebok_app.sms.rows import HistorySms, history_row
from ebok_app.state.auth import now
from ebok_app.state.boundary import protected
from ebok_app.state.transactions import transaction

HISTORY_SIZE = 20


class NotificationsState(rx.State):
    new_invoice: bool = False
    due_reminder: bool = False
    days_before: str = "3"
    phone: str = ""
    history: list[HistorySms] = []
    message: str = ""
    problems: list[str] = []

    @protected(Right.OWN_ACCOUNT)
    def load(self, info: SignedIn):
        self.message, self.problems = "", []
        self._fill(info.user_id)
        return None

    def _fill(self, user_id: int) -> None:
        with transaction() as session:
            user = session.get(User, user_id)
            pref = preferences_of(session, user_id, now())
            self.phone = masked_phone(user.phone)
            self.new_invoice, self.due_reminder = pref.new_invoice, pref.due_reminder
            self.days_before = str(pref.days_before_due)
            self.history = [history_row(m) for m in recent_messages(session, HISTORY_SIZE, user_id=user_id)]

    @protected(Right.OWN_ACCOUNT)
    def switch(self, info: SignedIn, kind: str, value: bool):
        """A kind turned on or off in the form (stored by Zapisz)."""
        if kind == NoticeKind.NEW_INVOICE:
            self.new_invoice = bool(value)
        elif kind == NoticeKind.DUE_REMINDER:
            self.due_reminder = bool(value)
        self.message = ""
        return None

    @protected(Right.OWN_ACCOUNT)
    def save(self, info: SignedIn, form: dict):
        self.message = ""
        days, problem = days_before_problem(form.get("days_before", ""))
        if problem is not None:
            self.problems = [problem]
            return None
        self.problems = []
        moment = now()
        with transaction() as session:
            pref = update_preferences(
                session,
                info.user_id,
                new_invoice=self.new_invoice,
                due_reminder=self.due_reminder,
                days_before=days,
                today=date.today(),
                now=moment,
            )
            audit.record(
                session,
                "notification_settings",
                "ok",
                info.actor,
                company_id=info.company_id,
                user_id=info.user_id,
                ip=self.router.session.client_ip or None,
                new_invoice=pref.new_invoice,
                due_reminder=pref.due_reminder,
                days_before=pref.days_before_due,
            )
        self._fill(info.user_id)
        self.message = "Zapisano ustawienia powiadomień."
        return None
