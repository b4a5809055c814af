"""Ubezpieczenia in Chromium: the expiring policies of a fleet, at desktop and phone size."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.models import Company, InsurancePolicy
from tests.e2e.conftest import screenshot, viewport
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def test_expiring_policies(page: Page, running_app, database):
    user = running_app.user("mnowak")
    today = date.today()
    with Session(database) as session:
        company = session.exec(select(Company).where(Company.millekod == user["millekod"])).one()
        expiring = session.exec(
            select(InsurancePolicy).where(
                InsurancePolicy.company_id == company.id,
                InsurancePolicy.end_date >= today,
                InsurancePolicy.end_date <= today + timedelta(days=30),
            )
        ).all()
    log_in_ok(page, running_app.url, user)
    page.goto(running_app.url + routes.INSURANCE + "?status=expiring")
    expect(page.get_by_test_id("found")).to_have_text(f"Znaleziono: {len(expiring)}")
    entries = page.get_by_test_id("policy-row" if viewport(page) == "desktop" else "policy-card")
    if expiring:
        expect(entries).to_have_count(min(len(expiring), 20))
        for entry in entries.all():
            expect(entry).to_contain_text("wygasająca")
    else:
        expect(page.get_by_test_id("empty")).to_be_visible()
    screenshot(page, "insurance-expiring")
