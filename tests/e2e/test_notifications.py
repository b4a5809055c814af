"""Powiadomienia in Chromium: settings changed in the browser, `ebok notify run`, the SMS in the inbox."""

import subprocess
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.models import Company, Invoice, NotificationPreference, User
from ebok_app.settings import PROJECT_ROOT
from tests.e2e.conftest import screenshot
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def _notify_run(running_app) -> str:
    result = subprocess.run(
        ["ebok", "notify", "run"],
        env=running_app.env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def _user_and_due(database, user: dict, days: int) -> tuple[User, list[Invoice]]:
    today = date.today()
    with Session(database) as session:
        row = session.exec(
            select(User)
            .join(Company)
            .where(Company.millekod == user["millekod"], User.login == user["login"])
        ).one()
        due = session.exec(
            select(Invoice).where(
                Invoice.company_id == row.company_id,
                Invoice.due_date >= today,
                Invoice.due_date <= today + timedelta(days=days),
                Invoice.paid_gr < Invoice.gross_gr,
            )
        ).all()
        return row, list(due)


def test_a_reminder_set_in_the_browser_arrives_in_the_demo_inbox(desktop_page: Page, running_app, database):
    page = desktop_page
    user = running_app.user("jjankowski")  # a viewer: the demo leaves the notifications off
    row, due = _user_and_due(database, user, 30)
    assert due, "the fleet has unpaid invoices due within 30 days"
    log_in_ok(page, running_app.url, user)
    page.goto(running_app.url + routes.NOTIFICATIONS)
    expect(page.get_by_role("heading", name="Powiadomienia", level=1)).to_be_visible()
    expect(page.get_by_text(row.phone[-3:], exact=False).first).to_be_visible()
    reminder = page.get_by_role("switch", name="Zbliżający się termin płatności")
    expect(reminder).not_to_be_checked()
    reminder.click()
    days = page.get_by_label("Ile dni przed terminem płatności")
    days.fill("45")
    page.get_by_role("button", name="Zapisz ustawienia").click()
    expect(page.get_by_role("alert").filter(has_text="musi być od 1 do 30")).to_be_visible()
    with Session(database) as session:
        assert (
            not session.exec(select(NotificationPreference).where(NotificationPreference.user_id == row.id))
            .one()
            .due_reminder
        )
    days.fill("30")
    page.get_by_role("button", name="Zapisz ustawienia").click()
    expect(page.get_by_text("Zapisano ustawienia powiadomień.")).to_be_visible()
    with Session(database) as session:
        pref = session.exec(
            select(NotificationPreference).where(NotificationPreference.user_id == row.id)
        ).one()
        assert (pref.due_reminder, pref.new_invoice, pref.days_before_due) == (True, False, 30)

    assert "SMS queued" in _notify_run(running_app)
    inbox = page.context.new_page()
    inbox.goto(running_app.url + routes.DEMO_SMS)
    message = inbox.get_by_test_id("sms-message").filter(has_text=row.phone).filter(has_text="termin").first
    expect(message).to_be_visible()
    if len(due) == 1:
        expect(message).to_contain_text(due[0].number)
    else:
        expect(message).to_contain_text(f"{len(due)} faktur")
    inbox.close()

    page.reload()
    item = page.get_by_test_id("sms-history-item").filter(has_text="Termin płatności").first
    expect(item).to_contain_text("wysłany")
    screenshot(page, "notifications")
    assert "0 SMS queued" in _notify_run(running_app)  # nothing twice


def test_the_notifications_page_fits_a_phone(page: Page, running_app):
    log_in_ok(page, running_app.url, running_app.user("mnowak"))
    page.goto(running_app.url + routes.NOTIFICATIONS)
    expect(
        page.get_by_role("switch", name="Nowa faktura")
    ).to_be_checked()  # the demo turns them on for finance
    expect(page.get_by_role("heading", name="Historia SMS")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, "notifications-page")
