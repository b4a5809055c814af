"""Guide 001 in Chromium: masked log-in, first log-in, lockout and unlocking, foreign data, idle log-out."""

import json
import re
import threading
from datetime import UTC, datetime

import pytest
import socketio
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ebok_app import accounts, routes
from ebok_app.models import AuditEntry, Company, Contract, User
from ebok_app.state.company_users import CompanyUsersState
from ebok_app.state.contract import NOT_FOUND_PL, ContractState
from tests.e2e.conftest import IDLE_TIMEOUT_S, screenshot, viewport
from tests.e2e.login_flow import (
    choose_shape,
    give_code,
    give_password,
    identify,
    log_in,
    log_in_ok,
    log_out,
)

pytestmark = pytest.mark.e2e
GENERIC = "Nieprawidłowe dane logowania"
EVENT_NAMESPACE = "/_event"  # Reflex's Socket.IO path and namespace, as the browser uses them


def test_masked_log_in_with_the_virtual_keyboard_and_log_out(page: Page, running_app):
    user = running_app.user("mnowak")
    identify(page, running_app.url, user)
    boxes = page.get_by_test_id("masked-password").locator("input")
    expect(boxes).to_have_count(32)  # the longest password the policy allows: the length is not told
    first = page.get_by_test_id("masked-password").locator("input:not([disabled])").first
    expect(first).to_be_focused()
    expect(page.get_by_test_id("helpdesk-phone")).to_be_visible()
    screenshot(page, "login-step2-password-and-code")
    give_code(page, running_app.url, user, use_keyboard=True)
    give_password(page, user["password"], use_keyboard=True)
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    if viewport(page) == "desktop":
        expect(page.get_by_test_id("signed-in-user")).to_have_text(user["name"])
    log_out(page)
    expect(page.get_by_text("Wylogowano")).to_be_visible()
    page.goto(running_app.url + routes.PROFILE)
    page.wait_for_url("**" + routes.LOGIN + "**")


def test_each_attempt_asks_for_other_positions(page: Page, running_app):
    user = running_app.user("mnowak")
    seen = set()
    for _ in range(3):
        identify(page, running_app.url, user)
        boxes = page.get_by_test_id("masked-password").locator("input:not([disabled])")
        expect(boxes).to_have_count(5)
        seen.add(tuple(boxes.nth(i).get_attribute("name") for i in range(5)))
        give_code(page, running_app.url, user)
        give_password(page, user["password"])
        expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
        log_out(page)
    assert len(seen) >= 2  # 3 draws of 5 out of 14+ positions: the same thrice is ~1e-6


@pytest.fixture
def first_login_user(page: Page, running_app, database) -> tuple[dict, str]:
    """A user waiting for the first log-in, with a temporary password from the helpdesk."""
    login = "alewandowska" if viewport(page) == "desktop" else "mmazur"
    with Session(database) as session:
        user = session.exec(select(User).where(User.login == login)).one()
        temporary = accounts.issue_temporary_password(user)
        session.commit()
    return running_app.user(login), temporary


def test_first_log_in_with_the_sms_code_sets_a_new_password(page: Page, running_app, first_login_user):
    user, temporary = first_login_user
    identify(page, running_app.url, user)
    give_code(page, running_app.url, user)
    choose_shape(page, "temporary")
    expect(page.get_by_text("Wpisz hasło tymczasowe")).to_be_visible()
    screenshot(page, "login-step2-temporary")
    give_password(page, temporary, shape="temporary")
    expect(page.get_by_role("heading", name="Ustaw nowe hasło")).to_be_visible()
    screenshot(page, "login-new-password")
    page.get_by_label("Nowe hasło", exact=True).fill("krotkie")
    page.get_by_label("Powtórz nowe hasło").fill("krotkie")
    page.get_by_role("button", name="Ustaw nowe hasło").click()
    expect(page.get_by_role("alert")).to_contain_text("od 12 do 32 znaków")
    new_password = "Nowy#Start2026x"
    page.get_by_label("Nowe hasło", exact=True).fill(new_password)
    page.get_by_label("Powtórz nowe hasło").fill(new_password)
    page.get_by_role("button", name="Ustaw nowe hasło").click()
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    log_out(page)
    log_in(page, running_app.url, user, password=new_password)  # from now on: the masked password
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()


def test_token_user_logs_in_with_the_token_code(desktop_page: Page, running_app):
    """A TOTP step is accepted once, so the token log-in runs at one screen size."""
    page = desktop_page
    user = running_app.user("dkaminska")
    identify(page, running_app.url, user)
    expect(page.get_by_text("kod wygenerowany w tokenie")).to_be_visible()
    give_code(page, running_app.url, user)
    give_password(page, user["password"])
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()


def test_reader_token_user_answers_the_graphic_code_with_the_emulator(page: Page, running_app):
    """Guide 001: "W przypadku tokena z czytnikiem, poprosimy Cię o zeskanowanie kodu graficznego"."""
    user = running_app.user("jjankowski")
    identify(page, running_app.url, user)
    expect(page.get_by_role("img", name="Kod graficzny do zeskanowania tokenem")).to_be_visible()
    challenge = page.get_by_test_id("reader-challenge").inner_text().strip()
    assert re.fullmatch(r"\d{8}", challenge)
    screenshot(page, "login-step2-reader")
    emulator = page.context.new_page()
    emulator.viewport_name = viewport(page)  # type: ignore[attr-defined]
    emulator.goto(running_app.url + routes.DEMO_TOKEN)
    emulator.get_by_label("MilleKod").fill(user["millekod"])
    emulator.get_by_label("Login").fill(user["login"])
    emulator.get_by_label("Kod spod obrazka").fill(challenge)
    emulator.get_by_role("button", name="Pokaż odpowiedź tokena").click()
    answer = emulator.get_by_test_id("token-answer")
    expect(answer).to_have_text(re.compile(r"^\d{8}$"))
    screenshot(emulator, "demo-token-emulator")
    code = answer.inner_text()
    emulator.close()
    page.get_by_label("Kod jednorazowy").fill(code)
    give_password(page, user["password"])
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()


def test_an_unknown_login_sees_the_same_step_two(page: Page, running_app):
    identify(page, running_app.url, {"millekod": "12345678", "login": "nikt.taki"})
    expect(page.get_by_test_id("masked-password").locator("input")).to_have_count(32)
    expect(page.get_by_test_id("masked-password").locator("input:not([disabled])")).to_have_count(5)
    expect(page.get_by_role("radio", name="Hasło tymczasowe")).to_be_visible()
    expect(page.get_by_test_id("helpdesk-phone")).to_be_visible()
    asked = page.get_by_test_id("masked-password").locator("input:not([disabled])")
    expect(asked.first).to_be_focused()
    for i in range(1, 5):  # each typed character moves on to the next asked box, then to the code
        page.keyboard.type("x")
        expect(asked.nth(i)).to_be_focused()
    page.keyboard.type("x")
    expect(page.get_by_label("Kod jednorazowy")).to_be_focused()


def test_three_wrong_tries_lock_and_the_company_admin_unlocks(page: Page, running_app, browser, database):
    victim, admin = running_app.user("jjankowski"), running_app.user("jzielinska")
    for _ in range(3):
        log_in(page, running_app.url, victim, password="Z" * 20)
        expect(page.get_by_role("alert")).to_contain_text(GENERIC)
        # back at step one with MilleKod and login kept: only the password and the code again
        expect(page.get_by_label("MilleKod")).to_have_value(victim["millekod"])
        expect(page.get_by_label("Login")).to_have_value(victim["login"])
    screenshot(page, "login-failed")
    failure = page.get_by_role("alert").inner_text()
    log_in(page, running_app.url, victim)
    expect(page.get_by_role("alert")).to_have_text(failure)  # locked: the same message (PSD2 RTS art. 4)

    admin_page = browser.new_context(viewport=page.viewport_size).new_page()
    admin_page.viewport_name = viewport(page)  # type: ignore[attr-defined]
    log_in_ok(admin_page, running_app.url, admin)
    admin_page.goto(running_app.url + routes.COMPANY_USERS)
    row = admin_page.get_by_test_id("company-user").filter(has_text=victim["name"])
    expect(row).to_contain_text("zablokowany")
    screenshot(admin_page, "company-users-locked")
    row.get_by_role("button", name="Odblokuj obecne hasło").click()
    expect(admin_page.get_by_text("Odblokowano obecne hasło")).to_be_visible()
    expect(row).to_contain_text("aktywny")
    admin_page.context.close()

    log_in_ok(page, running_app.url, victim)
    with Session(database) as session:
        actions = session.exec(
            select(AuditEntry.action).where(AuditEntry.actor.contains(victim["login"]))
        ).all()
        assert "lockout" in actions
        assert session.exec(
            select(AuditEntry).where(
                AuditEntry.action == "unlock_current_password", AuditEntry.result == "ok"
            )
        ).first()


def _foreign_and_own_contract(database, login: str) -> tuple[int, int]:
    with Session(database) as session:
        user = session.exec(select(User).where(User.login == login)).one()
        own = session.exec(select(Contract.id).where(Contract.company_id == user.company_id)).first()
        foreign = session.exec(select(Contract.id).where(Contract.company_id != user.company_id)).first()
    return own, foreign


def test_another_companys_contract_cannot_be_opened_by_url(page: Page, running_app, database):
    own, foreign = _foreign_and_own_contract(database, "awisniewska")
    log_in_ok(page, running_app.url, running_app.user("awisniewska"))
    page.goto(f"{running_app.url}/umowy/{own}")
    expect(page.get_by_test_id("contract-header")).to_contain_text("UL/")
    page.goto(f"{running_app.url}/umowy/{foreign}")
    expect(page.get_by_role("alert")).to_contain_text("Nie znaleziono umowy")
    expect(page.get_by_test_id("contract-header")).to_have_count(0)
    with Session(database) as session:
        number = session.get(Contract, foreign).number
    assert number not in page.content()


class ForgedClient:
    """A Socket.IO client that speaks Reflex's protocol with a signed-in tab's token, as an attacker
    holding the tab could (its token and its browser's user agent, right after the tab closed: any other
    use of the token is refused, tests/e2e/test_session_replay.py), and sends events the page never offers."""

    def __init__(self, url: str, token: str, agent: str) -> None:
        self.replies: list[str] = []
        self._replied = threading.Condition()
        self.client = socketio.Client()
        self.client.on("event", self._on_reply, namespace=EVENT_NAMESPACE)
        self.client.connect(
            f"{url}?token={token}",
            socketio_path=EVENT_NAMESPACE,
            transports=["websocket"],
            namespaces=[EVENT_NAMESPACE],
            headers={"User-Agent": agent},
        )

    def _on_reply(self, *args) -> None:
        with self._replied:
            self.replies.append(json.dumps(args, ensure_ascii=False))
            self._replied.notify_all()

    def send(self, state: type, handler: str, payload: dict, path: str) -> str:
        """Send one event and return everything the backend answered to it."""
        with self._replied:
            seen = len(self.replies)
            self.client.emit(
                "event",
                {
                    "name": f"{state.get_full_name()}.{handler}",
                    "payload": payload,
                    "router_data": {"pathname": path, "asPath": path},
                },
                namespace=EVENT_NAMESPACE,
            )
            assert self._replied.wait_for(lambda: len(self.replies) > seen, timeout=20), "no answer"
            # Reflex marks no last message: the answer is complete once a second passes without another
            count = len(self.replies)
            while self._replied.wait_for(lambda n=count: len(self.replies) > n, timeout=1):
                count = len(self.replies)
            return "\n".join(self.replies[seen:])

    def close(self) -> None:
        self.client.disconnect()


def test_forged_events_cannot_reach_another_companys_data(desktop_page: Page, running_app, database):
    """The socket protocol does not depend on the screen: desktop size only."""
    page = desktop_page
    own, foreign = _foreign_and_own_contract(database, "jzielinska")
    with Session(database) as session:
        victim = session.exec(
            select(User).join(Company).where(Company.name.startswith("MedTech"), User.login == "bwisniewska")
        ).one()
        victim.locked_at, victim.failed_attempts = datetime.now(UTC), 3  # the scene: a locked colleague
        session.add(victim)
        session.commit()
        victim_id = victim.id
        foreign_number = session.get(Contract, foreign).number
        own_number = session.get(Contract, own).number
    log_in_ok(page, running_app.url, running_app.user("jzielinska"))  # admin of Polflota
    token = page.evaluate("window.sessionStorage.getItem('token')")
    agent = page.evaluate("navigator.userAgent")
    page.close()  # the tab's socket goes away; the forged client takes its token

    forged = ForgedClient(running_app.url, token, agent)
    try:
        mine = forged.send(ContractState, "load", {}, f"/umowy/{own}")
        assert own_number in mine  # the forged client does hold a valid session...
        theirs = forged.send(ContractState, "load", {}, f"/umowy/{foreign}")
        assert foreign_number not in theirs  # ...which still opens nothing of another company
        assert NOT_FOUND_PL in theirs
        forged.send(CompanyUsersState, "unlock_current", {"user_id": victim_id}, routes.COMPANY_USERS)
    finally:
        forged.close()
    with Session(database) as session:
        assert session.get(User, victim_id).locked_at is not None
        denied = session.exec(
            select(AuditEntry).where(
                AuditEntry.action == "unlock_current_password", AuditEntry.result == "denied"
            )
        ).all()
        assert any(e.details and e.details.get("target_user_id") == victim_id for e in denied)


def test_inactivity_warns_and_then_logs_out(desktop_page: Page, running_app):
    """The idle timer does not depend on the screen (and costs a minute): desktop size only."""
    page = desktop_page
    log_in_ok(page, running_app.url, running_app.user("awisniewska"))
    warning = page.locator("#ebok-idle-warning")
    expect(warning.get_by_text("Za chwilę wylogujemy Cię")).to_be_visible(timeout=IDLE_TIMEOUT_S * 1000)
    # screen readers: an assertive live region (in the page from the start) tells the warning and the
    # time left, then the countdown again at 10 seconds; the visible seconds are hidden from them
    spoken = page.locator("#ebok-idle-live")
    expect(spoken).to_have_attribute("aria-live", "assertive")
    expect(spoken).to_have_text(
        re.compile(r"Za chwilę wylogujemy Cię z powodu braku aktywności\. Wylogowanie za \d+ sekund")
    )
    screenshot(page, "idle-warning")
    expect(spoken).to_have_text("Wylogowanie za 10 sekund.", timeout=IDLE_TIMEOUT_S * 1000)
    expect(page.locator("#ebok-idle-countdown")).to_have_attribute("aria-hidden", "true")
    page.wait_for_url(re.compile(r".*/logowanie\?powod=bezczynnosc"), timeout=IDLE_TIMEOUT_S * 2000)
    expect(page.get_by_text("braku aktywności")).to_be_visible()
    page.goto(running_app.url + routes.DASHBOARD)
    page.wait_for_url("**" + routes.LOGIN + "**")
