"""Walking the log-in like a person: reading the SMS in the demo inbox, typing the masked characters."""

from __future__ import annotations

import re
import time

import pyotp
from playwright.sync_api import Page, expect

from ebok_app import routes
from ebok_app.security import reader

_USED_SMS_CODES: set[tuple[str, str]] = set()  # (phone, code) already typed in this test session
INBOX_WAIT_S = 60  # the code goes out in a background event: on a busy machine it can take a while


def sms_code(page: Page, url: str, phone: str) -> str:
    """The newest log-in code sent to `phone`, read from the demo SMS inbox in another tab. The code goes
    out after step one has answered, so the inbox is read again until a code not used before is there."""
    inbox = page.context.new_page()
    try:
        inbox.goto(url + routes.DEMO_SMS)
        deadline = time.monotonic() + INBOX_WAIT_S
        while time.monotonic() < deadline:
            message = (
                inbox.get_by_test_id("sms-message")
                .filter(has_text=phone)
                .filter(has_text="kod logowania")
                .first
            )
            expect(message).to_be_visible()
            code = re.search(r"kod logowania (\d{6})", message.inner_text()).group(1)
            if (phone, code) not in _USED_SMS_CODES:
                _USED_SMS_CODES.add((phone, code))
                return code
            inbox.reload()
        raise AssertionError(f"no new log-in code for {phone} in the demo inbox")
    finally:
        inbox.close()


def open_virtual_keyboard(page: Page) -> None:
    """The keyboard pictogram toggles the keyboard; it stays open from one step to the next."""
    if not page.get_by_test_id("virtual-keyboard").is_visible():
        page.get_by_role("button", name="Wirtualna klawiatura").click()
    expect(page.get_by_test_id("virtual-keyboard")).to_be_visible()


def type_on_virtual_keyboard(page: Page, text: str) -> None:
    keyboard = page.get_by_test_id("virtual-keyboard")
    for char in text:
        if char.isdigit():
            keyboard.get_by_role("button", name=f"cyfra {char}", exact=True).click()
            continue
        tab = "abc" if char.islower() else "ABC" if char.isupper() else "#+="
        keyboard.get_by_role("tab", name=tab, exact=True).click()
        keyboard.get_by_role("button", name=f"klawisz {char}", exact=True).click()


def identify(page: Page, url: str, user: dict) -> None:
    """Step one: MilleKod and login, "Dalej"; step two (password and code together) opens."""
    page.goto(url + routes.LOGIN)
    expect(page.get_by_role("button", name="Dalej")).to_be_enabled()  # connected: the form is live
    page.get_by_label("MilleKod").fill(user["millekod"])
    page.get_by_label("Login").fill(user["login"])
    page.get_by_role("button", name="Dalej").click()
    expect(page.get_by_label("Kod jednorazowy")).to_be_visible()


def reader_answer(page: Page, user: dict) -> str:
    """What the user's token with a reader shows for the challenge printed under the graphic code."""
    challenge = page.get_by_test_id("reader-challenge").inner_text().strip()
    return reader.respond(bytes.fromhex(user["reader_key"]), challenge)


def one_time_code(page: Page, url: str, user: dict) -> str:
    if user["auth_method"] == "token":
        return pyotp.TOTP(user["totp_secret"]).now()
    if user["auth_method"] == "reader":
        return reader_answer(page, user)
    return sms_code(page, url, user["phone"])


def give_code(page: Page, url: str, user: dict, use_keyboard: bool = False) -> None:
    """Types the one-time code of step two (the verdict comes with the password: no button here)."""
    code = one_time_code(page, url, user)
    field = page.get_by_label("Kod jednorazowy")
    if use_keyboard:
        open_virtual_keyboard(page)
        field.click()
        type_on_virtual_keyboard(page, code)
        expect(field).to_have_value(code)
    else:
        field.fill(code)


def choose_shape(page: Page, shape: str) -> None:
    """How the password is given: "masked" characters, the "whole" password or a "temporary" one."""
    label = {"masked": "Wybrane znaki", "whole": "Całe hasło", "temporary": "Hasło tymczasowe"}[shape]
    page.get_by_role("radio", name=label).click()
    expect(page.get_by_role("radio", name=label)).to_have_attribute("aria-checked", "true")


def give_password(page: Page, password: str, use_keyboard: bool = False, shape: str = "masked") -> None:
    """The masked characters (or the whole or temporary password), then Zaloguj (Wyślij)."""
    choose_shape(page, shape)
    if use_keyboard:
        open_virtual_keyboard(page)
    if shape == "masked":
        boxes = page.get_by_test_id("masked-password").locator("input:not([disabled])")
        expect(boxes).to_have_count(5)
        for i in range(boxes.count()):
            box = boxes.nth(i)
            position = int(box.get_attribute("name")[1:])
            char = password[position - 1] if position <= len(password) else "x"
            if use_keyboard:
                box.click()
                type_on_virtual_keyboard(page, char)
                expect(box).to_have_value(char)
            else:
                box.fill(char)
    else:
        page.get_by_label("Hasło", exact=True).fill(password)
    page.get_by_role("button", name="Wyślij" if shape == "temporary" else "Zaloguj").click()


def log_in(page: Page, url: str, user: dict, password: str | None = None, use_keyboard: bool = False) -> None:
    """Both steps; leaves the page where the verdict took it."""
    identify(page, url, user)
    give_code(page, url, user, use_keyboard)
    give_password(page, password or user["password"], use_keyboard)


def log_in_ok(page: Page, url: str, user: dict) -> None:
    log_in(page, url, user)
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()


def log_out(page: Page) -> None:
    """Wyloguj: in the page header on a desktop, at the foot of the menu on a phone."""
    if page.viewport_size["width"] < 1024:
        page.get_by_role("button", name="Otwórz menu").click()
        page.get_by_role("dialog").get_by_role("button", name="Wyloguj").click()
    else:
        page.get_by_role("button", name="Wyloguj").click()
    page.wait_for_url("**" + routes.LOGIN + "**")
