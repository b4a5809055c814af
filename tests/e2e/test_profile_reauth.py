"""Profil in Chromium: turning masking off asks for the current password; a wrong one is refused with
one message (and counted), the right one makes the change."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ebok_app import routes
from ebok_app.accounts.reauth import FAILED_PL
from tests.e2e.conftest import screenshot
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def _toggle(page: Page, password: str, button: str) -> None:
    page.get_by_label("Obecne hasło (maskowanie)").fill(password)
    page.get_by_role("button", name=button).click()


def test_masking_off_needs_the_current_password(page: Page, running_app):
    user = running_app.user("awisniewska")
    log_in_ok(page, running_app.url, user)
    page.goto(running_app.url + routes.PROFILE)
    _toggle(page, "Zle!Haslo123", "Wyłącz maskowanie")
    expect(page.get_by_text(FAILED_PL)).to_be_visible()
    screenshot(page, "profile-reauth-refused")
    _toggle(page, user["password"], "Wyłącz maskowanie")
    expect(page.get_by_text("Maskowanie hasła wyłączone.")).to_be_visible()
    expect(page.get_by_text(FAILED_PL)).to_be_hidden()
    _toggle(page, user["password"], "Włącz maskowanie")  # as it was, for the other tests
    expect(page.get_by_text("Maskowanie hasła włączone.")).to_be_visible()
