"""Live data in Chromium: a payment fed by the core system while a tab shows the invoice overdue turns it
paid on that open tab within 5 seconds, without a reload."""

import json
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.ingest.batch import ingest
from ebok_app.models import Company, Invoice
from tests.e2e.conftest import screenshot
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def test_a_fed_payment_turns_an_overdue_invoice_paid_on_an_open_tab(desktop_page, running_app, database):
    page, user = desktop_page, running_app.user("mnowak")
    with Session(database) as session:
        company = session.exec(select(Company).where(Company.millekod == user["millekod"])).one()
        invoice = session.exec(
            select(Invoice)
            .where(Invoice.company_id == company.id, Invoice.paid_gr < Invoice.gross_gr)
            .where(Invoice.due_date < date.today(), Invoice.external_id.is_not(None))
            .order_by(Invoice.due_date.desc())
        ).first()
    assert invoice is not None, "the demo fleet has an overdue invoice"
    log_in_ok(page, running_app.url, user)
    page.goto(running_app.url + routes.INVOICES + f"?q={invoice.number}")
    row = page.get_by_test_id("invoice-row").filter(has_text=invoice.number)
    expect(row).to_contain_text("po terminie")
    expect(row.get_by_text(re.compile(r"^zapłacona$"))).to_have_count(0)
    left = invoice.gross_gr - invoice.paid_gr
    payment = {
        "format": 1,
        "kind": "payment",
        "id": f"e2e-payment-{invoice.id}",
        "record_version": 1,
        "invoice": invoice.external_id,
        "paid_on": invoice.due_date.isoformat(),
        "amount": f"{left // 100}.{left % 100:02d}",
        "reference": "PRZELEW/E2E",
    }
    report = ingest(database, json.dumps(payment) + "\n", "jsonl", actor="feed:e2e", source="e2e")
    assert report.ok, report.problems
    # the open tab follows the company's data version: no reload, no click
    expect(row.get_by_text(re.compile(r"^zapłacona$"))).to_be_visible(timeout=5_000)
    expect(row).not_to_contain_text("po terminie")
    screenshot(page, "invoice-paid-by-feed")
