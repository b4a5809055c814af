"""Wycena wykupu in Chromium: a day in the past is explained, a good day gives the amount, the request
goes to the helpdesk with the PDF and its status shows on the contract."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app.models import Company, ContactAttachment, ContactMessage, Contract
from tests.e2e.conftest import screenshot
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def test_a_buyout_quote_and_the_request_to_the_helpdesk(page: Page, running_app, database):
    user = running_app.user("awisniewska")
    with Session(database) as session:
        company = session.exec(select(Company).where(Company.millekod == user["millekod"])).one()
        contract = session.exec(
            select(Contract)
            .where(
                Contract.company_id == company.id,
                Contract.terminated_on.is_(None),
                Contract.end_date > date.today() + timedelta(days=120),
            )
            .order_by(Contract.id)
        ).first()
    log_in_ok(page, running_app.url, user)
    page.goto(f"{running_app.url}/umowy/{contract.id}")
    field = page.get_by_label("Dzień wykupu")
    field.fill((date.today() - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Wyceń").click()
    expect(page.get_by_role("alert")).to_contain_text("nie może być w przeszłości")
    field.fill((date.today() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Wyceń").click()
    result = page.get_by_test_id("buyout-quote")
    expect(result).to_contain_text("Razem do zapłaty")
    expect(result).to_contain_text("zł")
    result.scroll_into_view_if_needed()
    screenshot(page, "buyout-quote")
    page.get_by_role("button", name="Chcę wykupić: wyślij do HelpDesku").click()
    expect(page.get_by_test_id("buyout-request").first).to_contain_text("nowa")
    screenshot(page, "buyout-requested")
    with Session(database) as session:
        message = session.exec(
            select(ContactMessage)
            .where(
                ContactMessage.contract_id == contract.id, ContactMessage.topic == "Wykup przedmiotu leasingu"
            )
            .order_by(ContactMessage.id.desc())
        ).first()
        files = session.exec(
            select(ContactAttachment).where(ContactAttachment.message_id == message.id)
        ).all()
    assert contract.number in message.body
    assert len(files) == 1 and files[0].data.startswith(b"%PDF")
