"""Raty in Chromium: one list of all contracts' items with the totals of what the filters show."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.models import Company, ScheduleItem
from ebok_app.portfolio.money import format_pln
from tests.e2e.conftest import screenshot, viewport
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def test_period_filter_and_totals(page: Page, running_app, database):
    user = running_app.user("wnowak")  # Transbud: several contracts
    with Session(database) as session:
        company = session.exec(select(Company).where(Company.millekod == user["millekod"])).one()
        items = session.exec(
            select(ScheduleItem).where(
                ScheduleItem.company_id == company.id, ScheduleItem.kind == "installment"
            )
        ).all()
    start, end = date.today() - timedelta(days=180), date.today() + timedelta(days=180)
    log_in_ok(page, running_app.url, user)
    page.goto(running_app.url + routes.INSTALLMENTS + f"?rodzaj=installment&od={start}&do={end}")
    chosen = [i for i in items if start <= i.due_date <= end]
    entries = page.get_by_test_id("item-row" if viewport(page) == "desktop" else "item-card")
    expect(entries.first).to_be_visible()
    expect(page.get_by_test_id("found")).to_have_text(f"Znaleziono: {len(chosen)}")
    expect(page.get_by_test_id("total-gross_gr")).to_contain_text(format_pln(sum(i.gross_gr for i in chosen)))
    expect(page.get_by_test_id("total-paid_gr")).to_contain_text(format_pln(sum(i.paid_gr for i in chosen)))
    left = sum(i.gross_gr - i.paid_gr for i in chosen)
    expect(page.get_by_test_id("total-left_gr")).to_contain_text(format_pln(left))
    screenshot(page, "installments")
