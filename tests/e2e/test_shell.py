"""The portal shell in Chromium: every section reachable, at desktop size and on a phone."""

import pytest
from playwright.sync_api import Page, expect

from ebok_app import routes
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def _open_menu(page: Page):
    """The navigation: the side bar on a desktop, the drawer behind the menu button on a phone."""
    if page.viewport_name == "phone":  # type: ignore[attr-defined]
        expect(page.get_by_role("navigation", name="Menu główne")).to_be_hidden()
        page.get_by_role("button", name="Otwórz menu").click()
        return page.get_by_role("dialog").get_by_role("navigation", name="Menu główne")
    return page.get_by_role("navigation", name="Menu główne")


def test_the_shell_lists_every_section_and_navigates(page: Page, running_app):
    page.goto(running_app.url + routes.DASHBOARD)
    expect(page).to_have_title("Pulpit · eBOK")
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    expect(page.get_by_text("Tryb demonstracyjny").filter(visible=True)).to_be_visible()
    screenshot(page, "dashboard")

    menu = _open_menu(page)
    for section in routes.SECTIONS:
        expect(menu.get_by_role("link", name=section.label)).to_be_visible()
    expect(menu.get_by_role("link", name="Pulpit")).to_have_attribute("aria-current", "page")

    menu.get_by_role("link", name="Faktury").click()
    page.wait_for_url("**" + routes.INVOICES)
    expect(page).to_have_title("Faktury · eBOK")
    expect(page.get_by_role("heading", name="Faktury", level=1)).to_be_visible()
    expect(page.get_by_test_id("section-preview")).to_contain_text("status faktury")
    screenshot(page, "invoices")


def test_the_page_never_scrolls_sideways(page: Page, running_app):
    for route in (routes.DASHBOARD, routes.CONTRACTS, routes.FORECAST):
        page.goto(running_app.url + route)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{route} is {overflow}px wider than the {page.viewport_name} screen"


def test_dashboard_tiles_lead_to_their_sections(page: Page, running_app):
    page.goto(running_app.url + routes.DASHBOARD)
    page.get_by_role("main").get_by_role("link", name="Ubezpieczenia").click()
    page.wait_for_url("**" + routes.INSURANCE)
    expect(page.get_by_role("heading", name="Ubezpieczenia", level=1)).to_be_visible()
    expect(page.get_by_test_id("section-preview")).to_contain_text("wygasająca")
