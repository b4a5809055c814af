"""A user's notification settings (Powiadomienia): which kinds, and how many days before the due date."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from ebok_app.i18n.catalogues import gettext
from ebok_app.models import NotificationPreference
from ebok_app.notifications.job import DAYS_BEFORE_RANGE


def preferences_of(session: Session, user_id: int, now: datetime) -> NotificationPreference:
    """The user's settings; a user without any gets everything off and 3 days (stored on first save)."""
    found = session.exec(
        select(NotificationPreference).where(NotificationPreference.user_id == user_id)
    ).first()
    return found or NotificationPreference(user_id=user_id, days_before_due=3, updated_at=now)


def days_before_problem(raw: object) -> tuple[int | None, str | None]:
    """The number of days from the form, or a message (Polish) saying what is wrong with it."""
    low, high = DAYS_BEFORE_RANGE
    try:
        days = int(str(raw).strip())
    except ValueError:
        return None, gettext("Podaj liczbę dni od {low} do {high}.").format(low=low, high=high)
    if not low <= days <= high:
        return None, gettext("Liczba dni przed terminem płatności musi być od {low} do {high}.").format(
            low=low, high=high
        )
    return days, None


def update_preferences(
    session: Session,
    user_id: int,
    *,
    new_invoice: bool,
    due_reminder: bool,
    days_before: int,
    today: date,
    now: datetime,
) -> NotificationPreference:
    """Store the settings. Turning new-invoice SMS on starts today: earlier invoices are not news."""
    pref = preferences_of(session, user_id, now)
    if new_invoice and not pref.new_invoice:
        pref.new_invoice_since = today
    pref.new_invoice, pref.due_reminder, pref.days_before_due = new_invoice, due_reminder, days_before
    pref.updated_at = now
    session.add(pref)
    return pref
