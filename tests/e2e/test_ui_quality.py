"""Every page of a signed-in fleet client at 320x640, 390x844 and 1280x800: amounts inside their cards,
no clipped table, every column of the desktop in a phone's card, Polish only, axe-core without serious or
critical violations, states that pickle; the 404 page, the accessibility statement and the keyboard."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from ebok_app import routes
from ebok_app.settings import PROJECT_ROOT
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.login_flow import identify, log_in_ok, sms_code

pytestmark = pytest.mark.e2e

SIZES = {"320": (320, 640), "phone": (390, 844), "desktop": (1280, 800)}
PAGES = {
    "pulpit": routes.DASHBOARD,
    "umowy": routes.CONTRACTS,
    "faktury": routes.INVOICES,
    "raty": routes.INSTALLMENTS,
    "prognoza": routes.FORECAST,
    "ubezpieczenia": routes.INSURANCE,
    "powiadomienia": routes.NOTIFICATIONS,
    "kontakt": routes.CONTACT,
    "wnioski": routes.REQUESTS,
    "profil": routes.PROFILE,
    "uzytkownicy": routes.COMPANY_USERS,
    "dziennik": routes.AUDIT_LOG,
}
WIDEST_AMOUNT = "999\u00a0999\u00a0999,99\u00a0zł"
# English a user could meet: Reflex's and plotly's own texts, placeholders left in English
ENGLISH = re.compile(
    r"\b(Cannot connect|websocket|Page not found|Not Found|Loading|Submit|Search|Select|Download plot|"
    r"Autoscale|Reset axes|unknown|undefined|null|NaN|Next|Previous)\b"
)
AXE = PROJECT_ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
}"""
# amounts outside their card: the text wider than its box, or the box wider than the card
AMOUNTS_OUTSIDE = """() => Array.from(document.querySelectorAll('.ebok-amount')).filter(el => {
  const card = el.closest('.ebok-figure').getBoundingClientRect();
  const box = el.getBoundingClientRect();
  return el.scrollWidth > el.clientWidth + 1 || box.right > card.right + 1 || box.left < card.left - 1;
}).map(el => el.textContent)"""
# tables wider than their box: [label, whether the scroll hint above them shows]
CLIPPED_TABLES = """() => Array.from(document.querySelectorAll('.ebok-scroll'))
  .filter(el => el.checkVisibility() && el.scrollWidth > el.clientWidth + 1)
  .map(el => [el.getAttribute('aria-label'), el.previousElementSibling.checkVisibility()])"""
WHOLE_AT_1280 = ("umowy", "faktury", "raty", "dziennik")  # the lists a fleet client reads most
TEXT_OUTSIDE = """() => Array.from(document.querySelectorAll('main :is(p, span, a, h1, h2, dd)'))
  .filter(el => el.checkVisibility() && !el.closest('.ebok-scroll, .js-plotly-plot') && el.clientWidth > 0)
  .filter(el => getComputedStyle(el).overflowX === 'visible' && el.scrollWidth > el.clientWidth + 1
    && getComputedStyle(el).display !== 'inline')
  .map(el => el.textContent.slice(0, 40))"""


@pytest.fixture(params=list(SIZES))
def sized_page(request, browser: Browser) -> Iterator[Page]:
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.size_name = request.param  # type: ignore[attr-defined]
    yield page
    context.close()


def _settled(page: Page) -> None:
    """The page's heading is there and its data arrived (no skeleton, no "…" left)."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".rt-Skeleton")).to_have_count(0)
    page.wait_for_load_state("networkidle")


def _axe(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"ui-{name}-{page.size_name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_every_page_fits_reads_in_polish_and_passes_axe(sized_page: Page, running_app):
    page = sized_page
    log_in_ok(page, running_app.url, running_app.user("jzielinska"))  # the fleet's administrator
    problems: list[str] = []
    for name, route in PAGES.items():
        page.goto(running_app.url + route)
        _settled(page)
        _shot(page, name)
        if outside := page.evaluate(TEXT_OUTSIDE):
            problems.append(f"{name}: text outside its box: {outside}")
        for label, hinted in page.evaluate(CLIPPED_TABLES):
            if not hinted or (name in WHOLE_AT_1280 and page.viewport_size["width"] >= 1280):
                problems.append(f"{name}: {label} is wider than its box (scroll hint shown: {hinted})")
        if english := ENGLISH.findall(page.locator("body").inner_text()):
            problems.append(f"{name}: English: {english}")
        if violations := _axe(page):
            problems.append(f"{name}: axe: {violations}")
        page_width = page.evaluate("document.documentElement.scrollWidth")
        if page_width > page.viewport_size["width"]:
            problems.append(f"{name}: the page is {page_width}px wide")
    assert problems == []
    assert "Failed to serialize" not in running_app.log_path.read_text()  # every state pickled


@pytest.mark.parametrize("route", [routes.DASHBOARD, routes.INSTALLMENTS, routes.FORECAST])
def test_the_widest_amount_stays_in_its_card(sized_page: Page, running_app, route):
    page = sized_page
    log_in_ok(page, running_app.url, running_app.user("jzielinska"))
    page.goto(running_app.url + route)
    _settled(page)
    amounts = page.locator(".ebok-amount")
    expect(amounts.first).not_to_have_text("\u00a0")
    assert page.evaluate(AMOUNTS_OUTSIDE) == []  # the fleet's real amounts
    page.evaluate(
        f"() => document.querySelectorAll('.ebok-amount').forEach(el => el.textContent = '{WIDEST_AMOUNT}')"
    )
    assert amounts.count() >= 4
    assert page.evaluate(AMOUNTS_OUTSIDE) == []
    heights = page.evaluate(
        "() => Array.from(document.querySelectorAll('.ebok-amount')).map(e => e.clientHeight)"
    )
    one_line = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.ebok-amount')).lineHeight)"
    )
    assert max(heights) <= one_line * 1.5, "the widest amount wraps instead of getting smaller"


def test_on_a_phone_every_column_is_in_the_card(page: Page, running_app):
    if page.viewport_size["width"] >= 768:
        pytest.skip("cards are the phone's view")
    log_in_ok(page, running_app.url, running_app.user("jzielinska"))
    for route, card, labels in (
        (routes.INSTALLMENTS, "item-card", ("Netto", "VAT", "Zapłacono")),
        (routes.INVOICES, "invoice-card", ("Wystawiona", "Netto", "VAT", "Zapłacono")),
        (routes.INSURANCE, "policy-card", ("Ważna", "Składka", "Umowa")),
        (routes.AUDIT_LOG, "audit-card", ("Kto", "Operacja", "Adres IP")),
        (routes.FORECAST, "forecast-card", ("Netto", "VAT", "Brutto", "Koszt", "Kapitał")),
    ):
        page.goto(running_app.url + route)
        first = page.get_by_test_id(card).first
        expect(first).to_be_visible()
        for label in labels:
            expect(first.get_by_text(label, exact=True)).to_be_visible()


def test_both_steps_of_the_log_in_pass_axe(sized_page: Page, running_app):
    page = sized_page
    page.goto(running_app.url + routes.LOGIN)
    expect(page.get_by_role("button", name="Dalej")).to_be_enabled()
    _shot(page, "logowanie")
    assert _axe(page) == []
    identify(page, running_app.url, running_app.user("jzielinska"))
    expect(page.get_by_test_id("masked-password").locator("input:not([disabled])")).to_have_count(5)
    _shot(page, "logowanie-krok-2")
    assert _axe(page) == []


def test_a_log_in_from_the_keyboard_alone(desktop_page: Page, running_app):
    """No click: the first field has the focus, Tab and Enter move on, each character of the password
    moves to the next box and the last one to the code, Enter logs in."""
    page = desktop_page
    user = running_app.user("jzielinska")
    page.goto(running_app.url + routes.LOGIN)
    expect(page.get_by_role("button", name="Dalej")).to_be_enabled()
    expect(page.get_by_label("MilleKod")).to_be_focused()
    page.keyboard.type(user["millekod"])
    page.keyboard.press("Tab")
    expect(page.get_by_label("Login")).to_be_focused()
    page.keyboard.type(user["login"])
    page.keyboard.press("Enter")
    boxes = page.get_by_test_id("masked-password").locator("input:not([disabled])")
    expect(boxes).to_have_count(5)
    code = sms_code(page, running_app.url, user["phone"])  # read in another tab, as a person would
    page.bring_to_front()
    expect(boxes.first).to_be_focused()
    for position in [int(name[1:]) for name in boxes.evaluate_all("els => els.map(e => e.name)")]:
        password = user["password"]
        page.keyboard.type(password[position - 1] if position <= len(password) else "x")
    expect(page.get_by_label("Kod jednorazowy")).to_be_focused()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()


def test_the_404_page_is_polish_with_a_way_back(desktop_page: Page, running_app):
    page = desktop_page
    page.goto(running_app.url + "/nie-ma-takiej-strony")
    expect(page.get_by_role("heading", name="Nie ma takiej strony", level=1)).to_be_visible()
    expect(page).to_have_title("Nie znaleziono strony · eBOK")
    expect(page.locator("main")).to_be_visible()
    assert _axe(page) == []
    page.get_by_role("link", name="Zaloguj się").click()
    page.wait_for_url("**" + routes.LOGIN + "**")


def test_the_accessibility_statement_is_public(page: Page, running_app):
    page.goto(running_app.url + routes.ACCESSIBILITY)
    expect(page.get_by_role("heading", name="Deklaracja dostępności eBOK", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Procedura wnioskowo-skargowa")).to_be_visible()
    assert _axe(page) == []


def test_keyboard_skip_link_sorting_and_scroll_region(desktop_page: Page, running_app):
    page = desktop_page
    log_in_ok(page, running_app.url, running_app.user("jzielinska"))
    page.goto(running_app.url + routes.CONTRACTS)
    _settled(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Przejdź do treści")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    active = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    assert active.startswith("<main"), active
    header = page.get_by_role("columnheader", name=re.compile("Numer umowy"))
    header.get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    region = page.get_by_role("region", name=re.compile("przewijana"))
    expect(region).to_have_attribute("tabindex", "0")


def test_the_chart_speaks_polish(desktop_page: Page, running_app):
    page = desktop_page
    log_in_ok(page, running_app.url, running_app.user("jzielinska"))
    page.goto(running_app.url + routes.FORECAST)
    page.get_by_test_id("forecast-chart").scroll_into_view_if_needed()
    buttons = page.locator(".modebar-btn")
    expect(buttons.first).to_be_attached()
    titles = buttons.evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
    assert "Pobierz wykres jako PNG" in titles
    assert not [t for t in titles if ENGLISH.search(t or "") or t in ("Zoom", "Pan")]


def test_a_lost_connection_is_told_in_polish(desktop_page: Page, running_app):
    page = desktop_page
    page.goto(running_app.url + routes.LOGIN)
    expect(page.get_by_role("button", name="Dalej")).to_be_enabled()  # connected
    page.context.set_offline(True)
    notice = page.get_by_test_id("connection-lost")
    expect(notice).to_have_text("Brak połączenia z serwerem. Łączymy ponownie; nic nie zostało utracone.")
    assert "Cannot connect" not in page.locator("body").inner_text()
    page.context.set_offline(False)
    expect(notice).to_have_count(0)  # back by itself once the server answers again
