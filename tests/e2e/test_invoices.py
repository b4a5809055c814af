"""Faktury in Chromium: status filter, the e-invoice PDF and the CSV list, at desktop and phone size."""

import io
import re

import polars as pl
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.models import AuditEntry, Company, Invoice
from tests.e2e.conftest import screenshot, viewport
from tests.e2e.invoice_actions import invoice_action
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def _entries(page: Page):
    return page.get_by_test_id("invoice-row" if viewport(page) == "desktop" else "invoice-card")


def test_filter_download_pdf_and_export_csv(page: Page, running_app, database):
    user = running_app.user("mnowak")
    with Session(database) as session:
        fleet = session.exec(select(Company).where(Company.millekod == user["millekod"])).one()
        invoices = session.exec(select(Invoice).where(Invoice.company_id == fleet.id)).all()
    # the demo ages with the day it is loaded: filter by the first of these statuses that the fleet has
    status, label, chosen = next(
        (status, label, found)
        for status, label, test in (
            ("partly_paid", "częściowo zapłacona", lambda i: 0 < i.paid_gr < i.gross_gr),
            ("unpaid", "niezapłacona", lambda i: i.paid_gr == 0),
            ("paid", "zapłacona", lambda i: i.paid_gr == i.gross_gr),
        )
        if (found := [i for i in invoices if test(i)])
    )
    log_in_ok(page, running_app.url, user)
    page.goto(running_app.url + routes.INVOICES + f"?status={status}")
    expect(_entries(page).first).to_be_visible()
    expect(page.get_by_test_id("pager")).to_contain_text("strona 1 z")
    expect(page.get_by_test_id("found")).to_have_text(f"Znaleziono: {len(chosen)}")
    for entry in _entries(page).all():
        expect(entry).to_contain_text(label)
    screenshot(page, "invoices-filtered")

    number = _entries(page).first.inner_text().split()[0]
    assert re.fullmatch(r"FV/\d{4}/\d{2}/\d{6}", number)
    with page.expect_download() as download:
        invoice_action(page, _entries(page).first, "Pobierz PDF")
    assert download.value.suggested_filename == number.replace("/", "_") + ".pdf"
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert f"Faktura VAT nr {number}" in text and fleet.name in text and "Słownie" in text

    with page.expect_download() as export:
        page.get_by_role("button", name="CSV").click()
    data = export.value.path().read_bytes()
    listed = pl.read_csv(io.BytesIO(data[3:]), separator=";", decimal_comma=True)
    assert listed.height == len(chosen)
    assert set(listed["Status"]) == {label}
    assert sorted(listed["Numer faktury"]) == sorted(i.number for i in chosen)

    with Session(database) as session:
        actions = session.exec(
            select(AuditEntry.action).where(AuditEntry.actor.endswith(user["login"]))
        ).all()
    assert "download_invoice" in actions and "export_invoices" in actions
