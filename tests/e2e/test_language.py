"""The language switch in Chromium: English before log-in (kept by the browser), then for the user
(kept in the database): the pages, their amounts and plurals in English, after a reload too."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.i18n import formats
from ebok_app.i18n.catalogues import count_of, plural_forms
from ebok_app.models import Company, Invoice, User
from tests.e2e.conftest import screenshot
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e

LOGIN = "mnowak"  # Polflota's finance user (the largest fleet), SMS codes; left in Polish afterwards
INVOICES = plural_forms("faktura", "faktury", "faktur")


def _switch(page: Page, code: str) -> None:
    """The switch in the top bar (the page header on a desktop, the phone's top bar)."""
    page.get_by_test_id(f"language-{code}").filter(visible=True).first.click()


def _stored_locale(database, login: str) -> str | None:
    with Session(database) as session:
        return session.exec(select(User).where(User.login == login)).one().locale


def test_the_log_in_page_speaks_english_and_the_browser_remembers(page: Page, running_app):
    page.goto(running_app.url + routes.LOGIN)
    expect(page.get_by_role("heading", name="Logowanie do eBOK")).to_be_visible()
    _switch(page, "en")
    expect(page.get_by_role("heading", name="Log in to eBOK")).to_be_visible()
    expect(page.get_by_role("button", name="Next")).to_be_visible()
    expect(page.get_by_test_id("language-en")).to_have_attribute("aria-pressed", "true")  # the log-in's pair
    expect(page.locator("html")).to_have_attribute("lang", "en")  # read aloud as English
    page.reload()
    expect(page.get_by_role("heading", name="Log in to eBOK")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title("Log-in · eBOK")
    screenshot(page, "login-english")
    _switch(page, "pl")
    expect(page.get_by_role("heading", name="Logowanie do eBOK")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "pl")


def test_a_user_reads_the_portal_in_english(page: Page, running_app, database):
    user = running_app.user(LOGIN)
    try:
        log_in_ok(page, running_app.url, user)
        _switch(page, "en")
        expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
        assert _stored_locale(database, LOGIN) == "en"
        with Session(database) as session:
            company = session.exec(select(Company).where(Company.millekod == user["millekod"])).one()
            invoices = session.exec(select(Invoice).where(Invoice.company_id == company.id)).all()
        overdue = [i for i in invoices if i.paid_gr < i.gross_gr and i.due_date < date.today()]
        figure = page.get_by_test_id("figure-overdue")
        expect(figure).to_contain_text(formats.money(sum(i.gross_gr - i.paid_gr for i in overdue), "en"))
        expect(figure).to_contain_text(count_of(len(overdue), INVOICES, "en"))
        expect(page.get_by_text("Overdue invoices")).to_be_visible()
        screenshot(page, "dashboard-english")

        page.reload()  # the browser and the user's record both say English
        expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
        expect(figure).to_contain_text("PLN")
        page.goto(running_app.url + routes.INVOICES)
        expect(page.get_by_role("heading", name="Invoices", level=1)).to_be_visible()
        expect(page).to_have_title("Invoices · eBOK")
        screenshot(page, "invoices-english")
        page.goto(running_app.url + routes.FORECAST)
        expect(page.get_by_role("heading", name="Cost forecast", level=1)).to_be_visible()
        screenshot(page, "forecast-english")

        page.goto(running_app.url + routes.CONTRACTS)
        expect(page.get_by_role("heading", name="Contracts", level=1)).to_be_visible()
        screenshot(page, "contracts-english")
        page.goto(running_app.url + routes.PROFILE)
        expect(page.get_by_role("heading", name="Portal language")).to_be_visible()
        screenshot(page, "profile-english")

        page.get_by_test_id("profile-language").get_by_role("button", name="Polski").click()  # back
        expect(page.get_by_role("heading", name="Profil", level=1, exact=True)).to_be_visible()
        assert _stored_locale(database, LOGIN) == "pl"
    finally:
        with Session(database) as session:  # the other browser tests read the portal in Polish
            row = session.exec(select(User).where(User.login == LOGIN)).one()
            row.locale = None
            session.add(row)
            session.commit()
