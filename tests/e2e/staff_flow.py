"""Walking the staff side like a person: the staff log-in with a token code, reading SMS of the demo
inbox. A TOTP step is accepted once per account, so codes are taken from steps not used yet."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pyotp
from playwright.sync_api import Page, expect

from ebok_app import routes

_used_steps: dict[str, int] = {}  # TOTP secret -> the last time step this test run used


def fresh_totp(secret: str) -> str:
    """A code of a step this run has not used; the server accepts the current step and the next one."""
    totp = pyotp.TOTP(secret)
    step = max(totp.timecode(_now()), _used_steps.get(secret, -1) + 1)
    while step > totp.timecode(_now()) + 1:  # both usable steps are spent: wait for the clock to move on
        time.sleep(0.5)
    _used_steps[secret] = step
    return totp.generate_otp(step)


def _now() -> datetime:
    return datetime.now(UTC)


def staff_log_in(page: Page, url: str, staff: dict) -> None:
    page.goto(url + routes.STAFF_LOGIN)
    expect(page.get_by_role("button", name="Zaloguj")).to_be_enabled()  # connected: the form is live
    page.get_by_label("Login").fill(staff["login"])
    page.get_by_label("Hasło").fill(staff["password"])
    page.get_by_label("Kod z tokena").fill(fresh_totp(staff["totp_secret"]))
    page.get_by_role("button", name="Zaloguj").click()
    expect(page.get_by_test_id("signed-in-staff")).to_have_text(staff["name"])


def inbox_text(page: Page, url: str, phone: str, needle: str, pattern: str) -> str:
    """The first group of `pattern` in the newest SMS to `phone` that contains `needle`."""
    inbox = page.context.new_page()
    try:
        inbox.goto(url + routes.DEMO_SMS)
        message = inbox.get_by_test_id("sms-message").filter(has_text=phone).filter(has_text=needle).first
        expect(message).to_be_visible()
        return re.search(pattern, message.inner_text()).group(1)
    finally:
        inbox.close()


def temporary_password(page: Page, url: str, phone: str) -> str:
    return inbox_text(page, url, phone, "hasło tymczasowe", r"hasło tymczasowe: (\S+) \(ważne")
