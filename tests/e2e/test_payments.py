"""Zapłać online in Chromium: two invoices ticked and paid with BLIK on the fake gateway's page (they are
paid at once), and a payment cancelled on that page (the invoice stays unpaid)."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.models import Invoice, Payment
from tests.e2e.conftest import screenshot
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e
PICK = "Zaznacz do zapłaty fakturę "


def _invoice(database, number: str) -> Invoice:
    with Session(database) as session:
        return session.exec(select(Invoice).where(Invoice.number == number)).one()


def _unpaid_numbers(page: Page, running_app, count: int) -> list[str]:
    page.goto(running_app.url + routes.INVOICES + "?status=unpaid&sort=due_date&kier=rosn")
    boxes = page.get_by_role("checkbox", name=re.compile(PICK)).filter(visible=True)
    expect(boxes.first).to_be_visible()
    return [boxes.nth(n).get_attribute("aria-label").removeprefix(PICK) for n in range(count)]


def test_two_invoices_are_paid_with_blik_at_once(page: Page, running_app, database):
    log_in_ok(page, running_app.url, running_app.user("mnowak"))
    numbers = _unpaid_numbers(page, running_app, 2)
    left = sum(i.gross_gr - i.paid_gr for i in (_invoice(database, n) for n in numbers))
    for number in numbers:
        page.get_by_role("checkbox", name=PICK + number).filter(visible=True).click()
    bar = page.get_by_test_id("payment-bar")
    expect(bar).to_contain_text("2 faktury")
    screenshot(page, "payments-selected")
    bar.get_by_role("button", name="Zapłać zaznaczone").click()
    expect(page.get_by_role("heading", name="Bramka płatności (testowa)")).to_be_visible()
    expect(page.get_by_text(numbers[0])).to_be_visible()
    page.get_by_label("Kod BLIK").fill("12")
    page.get_by_role("button", name="Zapłać").click()
    expect(page.get_by_role("alert")).to_contain_text("6-cyfrowy kod BLIK")
    page.get_by_label("Kod BLIK").fill("777123")
    screenshot(page, "payments-gateway")
    page.get_by_role("button", name="Zapłać").click()
    notice = page.get_by_test_id("payment-notice")
    expect(notice).to_contain_text("Płatność przyjęta")
    screenshot(page, "payments-paid")
    for number in numbers:
        invoice = _invoice(database, number)
        assert invoice.paid_gr == invoice.gross_gr
    with Session(database) as session:
        online = session.exec(
            select(Payment).where(
                Payment.source == "online",
                Payment.invoice_id.in_([_invoice(database, n).id for n in numbers]),
            )
        ).all()
    assert sum(p.amount_gr for p in online) == left and len(online) == 2


def test_a_cancelled_payment_leaves_the_invoice_unpaid(page: Page, running_app, database):
    log_in_ok(page, running_app.url, running_app.user("awisniewska"))
    (number,) = _unpaid_numbers(page, running_app, 1)
    before = _invoice(database, number).paid_gr
    page.get_by_role("button", name="Zapłać online fakturę " + number).filter(visible=True).click()
    page.get_by_role("button", name="Anuluj").click()
    expect(page.get_by_test_id("payment-notice")).to_contain_text("anulowana")
    screenshot(page, "payments-cancelled")
    assert _invoice(database, number).paid_gr == before
