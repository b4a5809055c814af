"""The portal shell in Chromium: every section reachable, at desktop size and on a phone."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.models import Company, Invoice, ScheduleItem
from ebok_app.portfolio.dates import month_end
from ebok_app.portfolio.formatting import count_of
from ebok_app.portfolio.money import format_pln
from tests.e2e.conftest import screenshot, viewport
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


@pytest.fixture
def signed_in(page: Page, running_app) -> Page:
    log_in_ok(page, running_app.url, running_app.user("awisniewska"))
    return page


def _open_menu(page: Page):
    """The navigation: the side bar on a desktop, the drawer behind the menu button on a phone."""
    if viewport(page) == "phone":
        expect(page.get_by_role("navigation", name="Menu główne")).to_be_hidden()
        page.get_by_role("button", name="Otwórz menu").click()
        return page.get_by_role("dialog").get_by_role("navigation", name="Menu główne")
    return page.get_by_role("navigation", name="Menu główne")


def test_the_shell_lists_every_section_and_navigates(signed_in: Page, running_app):
    page = signed_in
    expect(page).to_have_title("Pulpit · eBOK")
    demo = "Tryb demonstracyjny" if viewport(page) == "desktop" else "Demo"  # a word in the phone's top bar
    expect(page.get_by_text(demo, exact=True).filter(visible=True)).to_be_visible()
    expect(page.get_by_test_id("figure-overdue")).to_be_visible()
    screenshot(page, "dashboard")

    menu = _open_menu(page)
    for section in routes.SECTIONS + routes.ADMIN_SECTIONS:  # the florist's owner is her company's admin
        expect(menu.get_by_role("link", name=section.label)).to_be_visible()
    expect(menu.get_by_role("link", name="Pulpit")).to_have_attribute("aria-current", "page")

    menu.get_by_role("link", name="Faktury").click()
    page.wait_for_url("**" + routes.INVOICES)
    expect(page).to_have_title("Faktury · eBOK")
    expect(page.get_by_role("heading", name="Faktury", level=1)).to_be_visible()
    entries = page.get_by_test_id("invoice-row" if viewport(page) == "desktop" else "invoice-card")
    expect(entries.first).to_be_visible()
    screenshot(page, "invoices")


def test_the_page_never_scrolls_sideways(signed_in: Page, running_app):
    page = signed_in
    for route in (routes.DASHBOARD, routes.CONTRACTS, routes.PROFILE, routes.COMPANY_USERS):
        page.goto(running_app.url + route)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{route} is {overflow}px wider than the {viewport(page)} screen"


def test_dashboard_shows_what_needs_attention(signed_in: Page, running_app, database):
    page = signed_in
    with Session(database) as session:
        company = session.exec(
            select(Company).where(Company.millekod == running_app.user("awisniewska")["millekod"])
        ).one()
        invoices = session.exec(select(Invoice).where(Invoice.company_id == company.id)).all()
        month = session.exec(
            select(ScheduleItem).where(
                ScheduleItem.company_id == company.id,
                ScheduleItem.due_date >= date.today().replace(day=1),
                ScheduleItem.due_date <= month_end(date.today()),
            )
        ).all()
    today = date.today()
    overdue = [i for i in invoices if i.paid_gr < i.gross_gr and i.due_date < today]
    expect(page.get_by_test_id("figure-overdue")).to_contain_text(
        count_of(len(overdue), ("faktura", "faktury", "faktur"))
    )
    expect(page.get_by_test_id("figure-overdue")).to_contain_text(
        format_pln(sum(i.gross_gr - i.paid_gr for i in overdue))
    )
    this_month = page.get_by_test_id("figure-this-month")
    expect(this_month).to_contain_text("do zapłaty")
    expect(this_month).to_contain_text(format_pln(sum(i.gross_gr - i.paid_gr for i in month)))
    expect(this_month).to_contain_text("zapłacono " + format_pln(sum(i.paid_gr for i in month)))
    screenshot(page, "dashboard-this-month")
    page.get_by_test_id("expiring-list").get_by_role("link", name="Wszystkie").click()
    page.wait_for_url("**" + routes.INSURANCE + "?status=expiring")
    expect(page.get_by_role("heading", name="Ubezpieczenia", level=1)).to_be_visible()
    expect(page.get_by_text("„Wygasająca”: polisa kończy się w ciągu 30 dni")).to_be_visible()


def test_protected_pages_send_a_stranger_to_the_log_in(page: Page, running_app):
    for route in (routes.DASHBOARD, routes.PROFILE, routes.COMPANY_USERS, "/umowy/1"):
        page.goto(running_app.url + route)
        page.wait_for_url("**" + routes.LOGIN + "**")
        expect(page.get_by_role("heading", name="Logowanie do eBOK")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the log-in page is {overflow}px wider than the {viewport(page)} screen"
