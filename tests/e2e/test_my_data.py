"""Profil in Chromium: the calendar address made, fetched as iCal, renewed and revoked; Moje dane
downloaded as JSON over HTTP."""

import json
import re
import urllib.error
import urllib.request

import icalendar
import pytest
from playwright.sync_api import Page, expect

from ebok_app import routes
from tests.e2e.conftest import screenshot
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e
ICS_URL = re.compile(r"/kalendarz/[A-Za-z0-9_-]+\.ics$")


def _status(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_calendar_address_is_made_renewed_and_revoked(page: Page, running_app):
    log_in_ok(page, running_app.url, running_app.user("mnowak"))
    page.goto(running_app.url + routes.PROFILE)
    page.get_by_role("button", name="Włącz kalendarz").click()
    field = page.get_by_test_id("calendar-url")
    expect(field).to_have_value(ICS_URL)
    first = field.input_value()
    status, body = _status(first)
    assert status == 200
    events = list(icalendar.Calendar.from_ical(body).walk("VEVENT"))
    assert events and all(e.get("uid") for e in events)
    page.get_by_test_id("calendar-url").scroll_into_view_if_needed()
    screenshot(page, "profile-calendar")
    page.get_by_role("button", name="Nowy adres").click()
    expect(field).not_to_have_value(first)
    assert _status(first)[0] == 404  # the old address stopped working
    second = field.input_value()
    assert ICS_URL.search(second) and _status(second)[0] == 200
    page.get_by_role("button", name="Wyłącz", exact=True).click()
    expect(page.get_by_test_id("calendar-status")).to_have_text("Kalendarz wyłączony.")
    assert _status(second)[0] == 404


def test_my_data_downloads_as_json(page: Page, running_app):
    user = running_app.user("awisniewska")
    log_in_ok(page, running_app.url, user)
    page.goto(running_app.url + routes.PROFILE)
    expect(page.get_by_role("heading", name="Moje dane")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="JSON").click()
    data = json.loads(download.value.path().read_text())
    assert data["profile"][0]["login"] == user["login"]
    assert any(a["action"] == "login" for a in data["audit"])
    assert "password_hash" not in json.dumps(data)
    page.get_by_role("heading", name="Moje dane").scroll_into_view_if_needed()
    screenshot(page, "profile-my-data")
