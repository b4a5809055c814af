"""Prognoza kosztów in Chromium: changing the period changes the chart and the totals; the chart fits."""

import io
import re
from datetime import date

import polars as pl
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.models import Company, Contract, ScheduleItem
from ebok_app.portfolio.dates import add_months, month_end
from ebok_app.portfolio.money import format_pln
from tests.e2e.conftest import screenshot
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def _left(database, millekod: str, months: int) -> int:
    today = date.today()
    end = month_end(add_months(today, months - 1))
    with Session(database) as session:
        company = session.exec(select(Company).where(Company.millekod == millekod)).one()
        items = session.exec(
            select(ScheduleItem).where(
                ScheduleItem.company_id == company.id,
                ScheduleItem.due_date >= today,
                ScheduleItem.due_date <= end,
            )
        ).all()
    return sum(i.gross_gr - i.paid_gr for i in items)


def _overdue(database, millekod: str) -> int:
    """Due before today and not paid, whatever the forecast's window."""
    with Session(database) as session:
        company = session.exec(select(Company).where(Company.millekod == millekod)).one()
        items = session.exec(
            select(ScheduleItem).where(
                ScheduleItem.company_id == company.id, ScheduleItem.due_date < date.today()
            )
        ).all()
    return sum(i.gross_gr - i.paid_gr for i in items)


def test_changing_the_period_changes_chart_and_totals(page: Page, running_app, database):
    user = running_app.user("mnowak")
    log_in_ok(page, running_app.url, user)
    page.goto(running_app.url + routes.FORECAST)
    chart = page.get_by_test_id("forecast-chart")
    chart.scroll_into_view_if_needed()  # the chart is drawn once its place comes into view
    expect(chart.locator(".main-svg").first).to_be_visible()
    expect(page.get_by_test_id("forecast-left_gr")).to_contain_text(
        format_pln(_left(database, user["millekod"], 12))
    )
    expect(page.get_by_test_id("forecast-row")).to_have_count(12)
    overdue = format_pln(_overdue(database, user["millekod"]))
    expect(page.get_by_test_id("forecast-overdue")).to_contain_text(overdue)
    bars_12 = chart.locator("g.point").count()
    screenshot(page, "forecast-12")

    page.goto(running_app.url + routes.FORECAST + "?okres=3&wg=kind")
    expect(page.get_by_test_id("forecast-row")).to_have_count(3)
    expect(page.get_by_test_id("forecast-left_gr")).to_contain_text(
        format_pln(_left(database, user["millekod"], 3))
    )
    expect(page.get_by_test_id("forecast-overdue")).to_contain_text(overdue)  # whatever the period
    expect(chart.locator(".legendtext").filter(has_text=re.compile("rata"))).to_be_visible()
    assert chart.locator("g.point").count() < bars_12
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV").click()
    exported = pl.read_csv(
        io.BytesIO(download.value.path().read_bytes()[3:]), separator=";", decimal_comma=True
    )
    assert exported.height == 3
    assert round(exported["Brutto do zapłaty"].sum() * 100) == _left(database, user["millekod"], 3)
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    screenshot(page, "forecast-3")


def test_a_wrong_date_range_is_explained(page: Page, running_app):
    log_in_ok(page, running_app.url, running_app.user("awisniewska"))
    page.goto(running_app.url + routes.FORECAST + "?od=2027-05-01&do=2027-01-01")
    screenshot(page, "forecast-bad-range")
    expect(page.get_by_role("alert")).to_contain_text("data końcowa nie może być wcześniejsza")


def test_buyout_what_if_shows_an_estimate_and_changes_the_totals(page: Page, running_app, database):
    user = running_app.user("mnowak")
    with Session(database) as session:
        company = session.exec(select(Company).where(Company.millekod == user["millekod"])).one()
        number = session.exec(
            select(Contract.number)
            .where(Contract.company_id == company.id, Contract.terminated_on.is_(None))
            .order_by(Contract.end_date.desc())
        ).first()
    log_in_ok(page, running_app.url, user)
    page.goto(running_app.url + routes.FORECAST + "?okres=24")
    total = page.get_by_test_id("forecast-left_gr")
    expect(total).not_to_have_text(re.compile(r"^Do zapłaty brutto$"))
    before = total.inner_text()
    page.get_by_label("Numer umowy do wykupu").fill(number)
    page.get_by_role("button", name="Oszacuj").click()
    result = page.get_by_test_id("what-if-result")
    expect(result).to_contain_text(number)
    expect(result).to_contain_text("Różnica")
    expect(result).to_contain_text("Szacunek")
    expect(total).not_to_have_text(before)
    screenshot(page, "forecast-what-if")


def test_filters_apply_and_stay_in_the_address(page: Page, running_app):
    log_in_ok(page, running_app.url, running_app.user("mnowak"))
    page.goto(running_app.url + routes.FORECAST + "?okres=6")
    expect(page.get_by_test_id("forecast-row")).to_have_count(6)
    if page.viewport_size["width"] < 768:
        page.get_by_text("Filtry i wyszukiwanie").click()
    page.get_by_label("Umowy w prognozie").fill("zzz-brak")
    page.get_by_role("button", name="Filtruj").click()
    expect(page.get_by_test_id("forecast-left_gr")).to_contain_text("0,00")
    expect(page).to_have_url(re.compile(r"q=zzz-brak"))
    expect(page).to_have_url(re.compile(r"okres=6"))
