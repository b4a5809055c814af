"""The protective headers on every answer of the served app, and the portal still working under its
Content-Security-Policy in Chromium (no violation reported on the console)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from ebok_app import routes
from ebok_app.middleware import SECURITY_HEADERS
from ebok_app.state.auth import AuthState
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def _answer(url: str, method: str = "GET", headers: dict | None = None, data: bytes | None = None):
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


@pytest.mark.parametrize(
    ("path", "method", "status"),
    [
        (routes.LOGIN, "GET", 200),  # a page
        ("/", "GET", 200),
        ("/ebok.js", "GET", 200),  # a static file
        ("/ping", "GET", 200),  # the API
        ("/no-such-page", "GET", 404),
        ("/pobierz/not-a-ticket", "GET", 401),  # the downloads' route (its refusal page)
    ],
)
def test_every_header_on_pages_files_and_api(running_app, path, method, status):
    got, headers = _answer(running_app.url + path, method)
    assert got == status
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value, name


def test_an_oversized_upload_is_refused_before_it_is_read(running_app):
    got, headers = _answer(
        running_app.url + "/_upload",
        "POST",
        headers={
            "Content-Length": str(60 * 1024 * 1024),
            "reflex-client-token": "x",
            "reflex-event-handler": "x",
        },
        data=b"",
    )
    assert got == 413
    assert headers["X-Frame-Options"] == "DENY"


def test_an_upload_to_a_handler_taking_no_files_is_a_client_error(running_app):
    got, _ = _answer(
        running_app.url + "/_upload",
        "POST",
        headers={
            "Content-Type": "multipart/form-data; boundary=x",
            "reflex-client-token": "x",
            "reflex-event-handler": AuthState.get_full_name() + ".keep_alive",
        },
        data=b"--x--\r\n",
    )
    assert got == 400


def test_the_portal_works_under_its_policy(desktop_page: Page, running_app):
    page = desktop_page
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in_ok(page, running_app.url, running_app.user("awisniewska"))
    page.goto(running_app.url + routes.FORECAST)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    assert violations == []
