"""Umowy in Chromium: search, filter, sort, a bookmarkable view, opening a contract; desktop and phone."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.models import Asset, Company, Contract, ScheduleItem
from tests.e2e.conftest import screenshot, viewport
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def _entries(page: Page):
    return page.get_by_test_id("contract-row" if viewport(page) == "desktop" else "contract-card")


def _fleet_plate(database) -> tuple[str, str]:
    with Session(database) as session:
        number, plate = session.exec(
            select(Contract.number, Asset.registration_number)
            .join(Asset, Asset.id == Contract.asset_id)
            .join(Company, Company.id == Contract.company_id)
            .where(Company.name.startswith("Polflota"), Asset.registration_number.is_not(None))
            .order_by(Contract.number)
        ).first()
    return number, plate


def test_search_filter_sort_bookmark_and_open(page: Page, running_app, database):
    number, plate = _fleet_plate(database)
    log_in_ok(page, running_app.url, running_app.user("mnowak"))
    page.goto(running_app.url + routes.CONTRACTS)
    expect(_entries(page)).to_have_count(20)  # a page of the fleet's 30 contracts
    expect(page.get_by_test_id("pager")).to_have_text("strona 1 z 2")
    screenshot(page, "contracts")

    if viewport(page) == "phone":
        page.get_by_text("Filtry i wyszukiwanie").click()  # folded on a phone
    page.get_by_label("Szukaj umowy").fill(plate.lower())
    page.get_by_role("button", name="Filtruj").click()
    expect(_entries(page)).to_have_count(1)
    expect(_entries(page).first).to_contain_text(number)
    expect(page).to_have_url(re.compile(r"/umowy\?q="))

    page.reload()  # the view is in the address: a bookmark shows the same
    expect(_entries(page)).to_have_count(1)
    expect(_entries(page).first).to_contain_text(number)

    page.goto(running_app.url + routes.CONTRACTS + "?sort=number&kier=rosn")
    first = _entries(page).first.inner_text()
    if viewport(page) == "desktop":
        page.get_by_role("columnheader", name=re.compile("Numer umowy")).click()
        expect(page.get_by_role("columnheader", name=re.compile("Numer umowy"))).to_have_attribute(
            "aria-sort", "descending"
        )
        expect(_entries(page).first).not_to_have_text(first)

    opener = _entries(page).first
    (opener.get_by_role("link").first if viewport(page) == "desktop" else opener).click()
    page.wait_for_url(re.compile(r"/umowy/\d+"))
    expect(page.get_by_test_id("contract-header")).to_contain_text("UL/")


def test_a_filter_with_no_match_says_so(page: Page, running_app):
    log_in_ok(page, running_app.url, running_app.user("awisniewska"))
    page.goto(running_app.url + routes.CONTRACTS + "?q=zzzz-nie-ma")
    expect(page.get_by_test_id("empty")).to_be_visible()
    expect(page.get_by_test_id("pager")).to_have_text("strona 1 z 1")


def test_the_filter_fields_show_the_view_from_the_address(page: Page, running_app):
    log_in_ok(page, running_app.url, running_app.user("awisniewska"))
    page.goto(running_app.url + routes.CONTRACTS + "?q=UL%2F&status=active")
    if viewport(page) == "phone":
        page.get_by_text("Filtry i wyszukiwanie").click()
    expect(page.get_by_label("Szukaj umowy")).to_have_value("UL/")
    expect(page.get_by_role("combobox").filter(has_text="aktywna")).to_be_visible()


def test_contract_details_show_schedule_invoices_and_policies(page: Page, running_app, database):
    number, _ = _fleet_plate(database)
    with Session(database) as session:
        contract = session.exec(select(Contract).where(Contract.number == number)).one()
        schedule = session.exec(
            select(ScheduleItem).where(
                ScheduleItem.contract_id == contract.id,
                ScheduleItem.kind.in_(("installment", "initial_fee", "buyout")),
            )
        ).all()
    log_in_ok(page, running_app.url, running_app.user("mnowak"))
    page.goto(f"{running_app.url}/umowy/{contract.id}")
    expect(page.get_by_test_id("contract-header")).to_contain_text(number)
    rows = page.get_by_test_id("schedule-row" if viewport(page) == "desktop" else "schedule-card")
    expect(rows.first).to_be_visible()
    expect(rows).to_have_count(len(schedule))  # installments, the initial fee and the buyout
    page.get_by_role("tab", name="Faktury").click()
    expect(page.get_by_test_id("contract-invoice-row").first).to_be_visible()
    page.get_by_role("tab", name="Polisy").click()
    expect(page.get_by_test_id("contract-policy").first).to_be_visible()
    screenshot(page, "contract-details")
