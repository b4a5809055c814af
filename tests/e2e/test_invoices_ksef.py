"""Faktury and KSeF in Chromium: the KSeF number column (a phone's card), the with/without filter, the
XML download, the KOD I link, the transfer title, and the accountant's ZIP package."""

import io
import re
import zipfile
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.documents.ksef.fa3 import check_fa3
from ebok_app.documents.ksef.links import xml_hash
from ebok_app.models import AuditEntry, Company, Invoice, InvoiceXml
from tests.e2e.conftest import screenshot, viewport
from tests.e2e.invoice_actions import invoice_action
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def _entries(page: Page):
    return page.get_by_test_id("invoice-row" if viewport(page) == "desktop" else "invoice-card")


def test_ksef_numbers_xml_link_and_filters(page: Page, running_app, database):
    user = running_app.user("mnowak")
    with Session(database) as session:
        fleet = session.exec(select(Company).where(Company.millekod == user["millekod"])).one()
        with_number = session.exec(
            select(Invoice)
            .where(Invoice.company_id == fleet.id, Invoice.ksef_number.is_not(None))
            .order_by(Invoice.issue_date.desc(), Invoice.number.desc())
        ).first()
        offline = session.exec(
            select(Invoice).where(Invoice.company_id == fleet.id, Invoice.ksef_number.is_(None))
        ).all()
    log_in_ok(page, running_app.url, user)

    page.goto(running_app.url + routes.INVOICES + "?q=" + with_number.ksef_number[-18:].lower())
    entry = _entries(page).first
    expect(entry).to_contain_text(with_number.number)
    expect(entry.get_by_test_id("ksef-number")).to_contain_text(with_number.ksef_number[20:])
    assert "".join(entry.get_by_test_id("ksef-number").inner_text().split()) == with_number.ksef_number
    expect(page.get_by_test_id("found")).to_have_text("Znaleziono: 1")
    if viewport(page) == "phone":  # the card spells the transfer title out
        expect(entry).to_contain_text(f"{with_number.number} KSeF {with_number.ksef_number}")
    screenshot(page, "invoices-ksef")

    with page.expect_download() as download:
        invoice_action(page, entry, "Pobierz XML")
    assert download.value.suggested_filename == with_number.number.replace("/", "_") + ".xml"
    xml = download.value.path().read_bytes()
    assert check_fa3(xml).gross_gr == with_number.gross_gr

    invoice_action(page, entry, "Link weryfikacyjny")
    panel = page.get_by_test_id("verification-panel")
    expect(panel).to_contain_text(f"/invoice/5252248481/{with_number.issue_date:%d-%m-%Y}/{xml_hash(xml)}")
    screenshot(page, "invoices-ksef-link")

    page.goto(running_app.url + routes.INVOICES + "?ksef=without")
    expect(page.get_by_test_id("found")).to_have_text(f"Znaleziono: {len(offline)}")
    if offline:
        expect(_entries(page).first).to_contain_text("OFFLINE")

    with Session(database) as session:
        assert session.get(InvoiceXml, with_number.id) is not None  # stored as issued on first use
        actions = session.exec(
            select(AuditEntry.action).where(AuditEntry.actor.endswith(user["login"]))
        ).all()
    assert "download_invoice_xml" in actions


def test_the_accountants_package_holds_each_invoices_pdf_and_xml_and_a_summary(
    desktop_page, running_app, database
):
    page = desktop_page
    user = running_app.user("mnowak")
    with Session(database) as session:
        fleet = session.exec(select(Company).where(Company.millekod == user["millekod"])).one()
        month = session.exec(
            select(Invoice.issue_date)
            .where(Invoice.company_id == fleet.id)
            .order_by(Invoice.issue_date.desc())
        ).first()
        start = month.replace(day=1)
        chosen = session.exec(
            select(Invoice).where(Invoice.company_id == fleet.id, Invoice.issue_date >= start)
        ).all()
    log_in_ok(page, running_app.url, user)
    page.goto(running_app.url + routes.INVOICES + f"?wyst_od={start.isoformat()}")
    expect(page.get_by_test_id("found")).to_have_text(f"Znaleziono: {len(chosen)}")
    expect(page.get_by_text(re.compile(r"Najwyżej 10\s000 faktur w jednej paczce"))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Paczka dla księgowego (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    names = set(archive.namelist())
    stems = {i.number.replace("/", "_") for i in chosen}
    assert names == {"zestawienie.csv"} | {f"pdf/{s}.pdf" for s in stems} | {f"xml/{s}.xml" for s in stems}
    summary = archive.read("zestawienie.csv").decode("utf-8-sig")
    assert all(i.number in summary for i in chosen)
    assert sum(
        check_fa3(archive.read(f"xml/{i.number.replace('/', '_')}.xml")).gross_gr for i in chosen
    ) == sum(i.gross_gr for i in chosen)
    with Session(database) as session:
        audit = session.exec(
            select(AuditEntry)
            .where(AuditEntry.action == "download_invoice_package")
            .order_by(AuditEntry.id.desc())
        ).first()
    assert audit.result == "ok" and audit.details["invoices"] == len(chosen)


def test_the_company_admin_chooses_e_invoices(page: Page, running_app, database):
    admin = next(
        c
        for c in running_app.credentials.values()
        if c["company"] == "Polflota Logistyka S.A." and c["role"] == "admin" and c["state"] == "active"
    )
    log_in_ok(page, running_app.url, admin)
    page.goto(running_app.url + routes.COMPANY_USERS)
    card = page.get_by_test_id("einvoices")
    switch = card.get_by_role("switch", name="Faktury elektroniczne zamiast papierowych")
    if switch.get_attribute("aria-checked") == "true":  # the other screen size's run chose them already
        switch.click()
        expect(card).to_contain_text("Teraz: faktury papierowe")
    switch.click()
    expect(card).to_contain_text(f"Teraz: faktury elektroniczne od {date.today():%d.%m.%Y}")
    expect(page.get_by_text("Wybrano faktury elektroniczne")).to_be_visible()
    screenshot(page, "einvoices-consent")
    with Session(database) as session:
        company = session.exec(select(Company).where(Company.millekod == admin["millekod"])).one()
        assert company.einvoices and company.einvoices_changed_by.endswith(admin["login"])
        entry = session.exec(
            select(AuditEntry).where(AuditEntry.action == "einvoice_consent").order_by(AuditEntry.id.desc())
        ).first()
    assert (entry.result, entry.details["einvoices"]) == ("ok", True)
