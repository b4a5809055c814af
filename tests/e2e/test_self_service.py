"""Self-service of the account in Chromium, desktop and phone: a user asks for a new SMS number and the
administrator accepts it, the administrator changes a colleague's number (each confirmed with a code sent
to the new number), gives a colleague a new password without a lockout; the contract schedule's filters.

Each test builds its own company, so that the demo users of the other browser tests keep their numbers."""

from __future__ import annotations

import secrets

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from ebok_app import accounts, routes
from ebok_app.content import current_terms
from ebok_app.models import AuditEntry, Company, Role, ScheduleItem, SmsMessage, User
from ebok_app.settings import get_settings
from tests.e2e.conftest import screenshot, viewport
from tests.e2e.login_flow import log_in, log_in_ok
from tests.e2e.staff_flow import fresh_totp, inbox_text
from tests.e2e.test_helpdesk import no_sideways_scrolling
from tests.helpdesk_scene import NOW, add_company

pytestmark = pytest.mark.e2e

PASSWORD = "Samoobsluga#2026"
# per screen size: the administrator's, the colleague's, and the colleague's two new numbers
PHONES = {
    "desktop": ("+48600310001", "+48600310002", "+48600310003", "+48600310004"),
    "phone": ("+48600320001", "+48600320002", "+48600320003", "+48600320004"),
    "desktop-terms": ("+48600330001", "+48600330002", "", ""),
    "phone-terms": ("+48600340001", "+48600340002", "", ""),
}


def _scene(database, size: str, terms_version: str | None = None) -> tuple[dict, dict]:
    """A company of its own with an administrator and a colleague (both with H@sło SMS) who accepted
    `terms_version` of the service terms (by default the current one)."""
    admin_phone, user_phone, _, _ = PHONES[size]
    tag = secrets.token_hex(3)
    with Session(database) as session:
        company = add_company(
            session, f"Samoobsługa {size} {tag}", str(30_000_000 + secrets.randbelow(10**7)), f"99{tag}00"
        )
        company.demo = True  # a company of the demo: its SMS appear in the demo inbox
        made = {}
        for login, role, phone in (("sadmin", Role.ADMIN, admin_phone), ("skolega", Role.VIEWER, user_phone)):
            user = User(
                company_id=company.id,
                login=login,
                first_name=login.capitalize(),
                last_name=f"Testowy {size}",
                phone=phone,
                role=role,
                created_at=NOW,
                terms_version=terms_version or current_terms().version,
            )
            assert accounts.set_password(user, PASSWORD, get_settings().password_pepper) == []
            session.add(user)
            made[login] = {
                "millekod": company.millekod,
                "login": login,
                "auth_method": "sms",
                "phone": phone,
                "password": PASSWORD,
                "name": f"{user.first_name} {user.last_name}",
            }
        session.commit()
    return made["sadmin"], made["skolega"]


def _confirm_code(page: Page, url: str, phone: str) -> str:
    return inbox_text(page, url, phone, "kod potwierdzenia", r"SMS: (\d{6})")


def _phone_of(database, millekod: str, login: str) -> str:
    with Session(database) as session:
        return session.exec(
            select(User.phone).join(Company).where(Company.millekod == millekod, User.login == login)
        ).one()


def _second_tab(browser: Browser, page: Page) -> Page:
    other = browser.new_context(viewport=page.viewport_size, locale="pl-PL").new_page()
    other.viewport_name = viewport(page)  # type: ignore[attr-defined]
    return other


def test_a_new_sms_number_asked_for_and_given_and_a_new_password_without_a_lockout(
    page: Page, running_app, database, browser: Browser
):
    size = viewport(page)
    admin, colleague = _scene(database, size)
    _, old, asked, given = PHONES[size]
    url = running_app.url

    # the colleague asks in Profil, giving the current password again: a landline is refused, so is a
    # wrong password; a mobile with the right password waits for the administrator
    user_page = _second_tab(browser, page)
    log_in_ok(user_page, url, colleague)
    user_page.goto(url + routes.PROFILE)
    ask = user_page.get_by_label("Nowy numer telefonu")
    current = user_page.get_by_label("Obecne hasło (zmiana numeru)")
    for number, password, answer in (
        ("+48 58 555 12 34", PASSWORD, "nie jest polski numer telefonu komórkowego"),
        (asked[3:], "Zle#Haslo2026", "Nie udało się potwierdzić tożsamości obecnym hasłem"),
    ):
        ask.fill(number)
        current.fill(password)
        user_page.get_by_role("button", name="Poproś o zmianę").click()
        expect(user_page.get_by_role("alert")).to_contain_text(answer)
    ask.fill(asked[3:])
    current.fill(PASSWORD)
    user_page.get_by_role("button", name="Poproś o zmianę").click()
    expect(
        user_page.get_by_text("Czeka na akceptację administratora Twojej firmy.", exact=True)
    ).to_be_visible()
    screenshot(user_page, "profile-phone-requested")
    no_sideways_scrolling(user_page)

    # the administrator accepts: a code goes to the new number
    log_in_ok(page, url, admin)
    page.goto(url + routes.COMPANY_USERS)
    request = page.get_by_test_id("phone-change").filter(has_text=asked)
    request.get_by_role("button", name="Akceptuj i wyślij kod").click()
    expect(page.get_by_text("Prośba zaakceptowana")).to_be_visible()

    # the colleague types a wrong code, then the right one; the current session stays
    user_page.reload()
    code_box = user_page.get_by_label("Kod z SMS")
    code = _confirm_code(user_page, url, asked)
    code_box.fill("000000" if code != "000000" else "111111")
    user_page.get_by_role("button", name="Potwierdź").click()
    expect(user_page.get_by_role("alert")).to_contain_text("Kod jest nieprawidłowy")
    assert _phone_of(database, admin["millekod"], "skolega") == old
    screenshot(user_page, "profile-phone-code")
    code_box.fill(code)
    user_page.get_by_role("button", name="Potwierdź").click()
    expect(user_page.get_by_text("Nowy numer potwierdzony")).to_be_visible()
    assert _phone_of(database, admin["millekod"], "skolega") == asked

    # the administrator gives the colleague another number: refused landline, then a code to the new one
    page.reload()
    row = page.get_by_test_id("company-user").filter(has_text=colleague["name"])
    row.get_by_label("Nowy numer telefonu skolega").fill("58 555 12 34")
    row.get_by_role("button", name="Zmień numer").click()
    expect(page.get_by_role("alert")).to_contain_text("nie jest polski numer telefonu komórkowego")
    row.get_by_label("Nowy numer telefonu skolega").fill(given)
    row.get_by_role("button", name="Zmień numer").click()
    expect(page.get_by_text("Kod potwierdzenia poszedł SMS-em")).to_be_visible()
    screenshot(page, "company-users-phone-code")
    no_sideways_scrolling(page)
    change = page.get_by_test_id("phone-change").filter(has_text=given)
    change.get_by_label("Kod z SMS").fill(_confirm_code(page, url, given))
    change.get_by_role("button", name="Potwierdź").click()
    expect(page.get_by_text("Nowy numer potwierdzony")).to_be_visible()
    assert _phone_of(database, admin["millekod"], "skolega") == given
    user_page.goto(url + routes.PROFILE)  # the colleague's sessions ended with the change
    user_page.wait_for_url("**" + routes.LOGIN + "**")
    user_page.context.close()

    # a new temporary password without a lockout; not for oneself
    mine = page.get_by_test_id("company-user").filter(has_text=admin["name"])
    expect(mine.get_by_role("button", name="Nadaj nowe hasło")).to_have_count(0)
    expect(mine.get_by_label("Nowy numer telefonu sadmin")).to_have_count(0)
    row.get_by_role("button", name="Nadaj nowe hasło").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("dostanie SMS-em hasło tymczasowe")
    screenshot(page, "company-users-new-password")
    page.get_by_role("alertdialog").get_by_role("button", name="Nadaj hasło").click()
    expect(page.get_by_text("Nadano nowe hasło tymczasowe")).to_be_visible()
    expect(row).to_contain_text("oczekuje na pierwsze logowanie")
    screenshot(page, "company-users-done")
    assert inbox_text(page, url, given, "hasło tymczasowe", r"hasło tymczasowe: (\S+) \(ważne")

    with Session(database) as session:
        told = session.exec(
            select(SmsMessage.phone).where(
                SmsMessage.purpose == "phone_change", SmsMessage.phone.in_([old, asked])
            )
        ).all()
        assert sorted(told) == sorted([old, asked])  # each old number heard of its change
        actions = session.exec(
            select(AuditEntry.action, AuditEntry.result).where(
                AuditEntry.actor.in_([f"{admin['millekod']}/sadmin", f"{admin['millekod']}/skolega"])
            )
        ).all()
        assert {
            ("phone_change_request", "ok"),
            ("phone_change_approve", "ok"),
            ("phone_change_confirm", "failed"),
            ("phone_change_confirm", "ok"),
            ("phone_change_start", "ok"),
            ("phone_change", "ok"),
            ("password_reset", "ok"),
        } <= set(actions)


def test_the_schedule_shows_every_status_again_and_several_kinds_at_once(page: Page, running_app, database):
    installments = ("installment", "initial_fee", "buyout")
    with Session(database) as session:
        items = session.exec(
            select(ScheduleItem)
            .join(Company, Company.id == ScheduleItem.company_id)
            .where(Company.name.startswith("Polflota"))
            .order_by(ScheduleItem.contract_id)
        ).all()
    by_contract: dict[int, list[ScheduleItem]] = {}
    for item in items:
        by_contract.setdefault(item.contract_id, []).append(item)

    def counts(rows: list[ScheduleItem]) -> tuple[int, int, int, int]:
        raty = [i for i in rows if i.kind in installments]
        paid = [i for i in raty if i.paid_gr == i.gross_gr]
        insured = [i for i in rows if i.kind in (*installments, "insurance")]
        return len(paid), len(raty), len(insured), len(rows)

    # a contract partly paid, with insurance and fees: every filter below changes the count
    contract_id, (paid, raty, with_insurance, every) = next(
        (cid, counts(rows))
        for cid, rows in by_contract.items()
        if 0 < counts(rows)[0] < counts(rows)[1] < counts(rows)[2] < counts(rows)[3]
    )

    log_in_ok(page, running_app.url, running_app.user("mnowak"))
    page.goto(f"{running_app.url}/umowy/{contract_id}")
    rows = page.get_by_test_id("schedule-row")
    expect(rows).to_have_count(raty)
    filters = page.locator("form.ebok-filters")
    filters.get_by_role("combobox").click()
    page.get_by_role("option", name="zapłacona", exact=True).click()
    filters.get_by_role("button", name="Pokaż").click()
    expect(rows).to_have_count(paid)
    filters.get_by_role("combobox").click()
    page.get_by_role("option", name="wszystkie").click()  # all statuses again, without a reload
    filters.get_by_label("ubezpieczenia").check()
    filters.get_by_role("button", name="Pokaż").click()
    expect(rows).to_have_count(with_insurance)
    screenshot(page, "contract-schedule-filters")
    no_sideways_scrolling(page)
    filters.get_by_label("raty").uncheck()
    filters.get_by_label("ubezpieczenia").uncheck()
    filters.get_by_role("button", name="Pokaż").click()  # nothing ticked: every kind
    expect(rows).to_have_count(every)


def test_the_authorisation_tool_changes_to_a_token_and_back_only_with_codes_of_both_tools(
    page: Page, running_app, database, browser: Browser
):
    size = viewport(page)
    admin, colleague = _scene(database, size)
    url = running_app.url
    user_page = _second_tab(browser, page)
    log_in_ok(user_page, url, colleague)
    user_page.goto(url + routes.PROFILE)
    tool = user_page.get_by_test_id("tool-card")
    tool.get_by_role("button", name="Zmień na token").click()
    tool.get_by_role("button", name="Wyślij kod SMS").click()
    expect(user_page.get_by_text("Kod poszedł SMS-em")).to_be_visible()
    code = inbox_text(user_page, url, colleague["phone"], "zmiany narzędzia", r": (\d{6}) \.")
    tool.get_by_label("Kod z SMS").fill("000000" if code != "000000" else "111111")
    tool.get_by_role("button", name="Potwierdź").click()
    expect(tool.get_by_role("alert")).to_contain_text("Kod jest nieprawidłowy")
    tool.get_by_label("Kod z SMS").fill(code)
    tool.get_by_role("button", name="Potwierdź").click()
    expect(tool.get_by_test_id("token-qr")).to_be_visible()
    secret = pyotp.parse_uri(tool.get_by_test_id("token-link").get_attribute("href")).secret
    screenshot(user_page, "profile-token-enrolment")
    no_sideways_scrolling(user_page)
    with Session(database) as session:  # the QR alone changes nothing: SMS still works
        assert (
            session.exec(
                select(User.auth_method)
                .join(Company)
                .where(Company.millekod == admin["millekod"], User.login == "skolega")
            ).one()
            == "sms"
        )
    tool.get_by_label("Kod z nowego tokena").fill(fresh_totp(secret))
    tool.get_by_role("button", name="Aktywuj token").click()
    expect(user_page.get_by_text("Narzędzie autoryzacji zmienione")).to_be_visible()
    expect(tool).to_contain_text("Teraz: token")

    # the administrator sets H@sło SMS back; the QR or secret never reaches the administrator's page
    log_in_ok(page, url, admin)
    page.goto(url + routes.COMPANY_USERS)
    row = page.get_by_test_id("company-user").filter(has_text=colleague["name"])
    row.get_by_role("button", name="Zmień na H@sło SMS").click()
    expect(row).to_contain_text("zmiana narzędzia czeka na użytkownika")
    expect(page.get_by_test_id("token-qr")).to_have_count(0)
    screenshot(page, "company-users-tool-change")

    user_page.reload()
    expect(tool).to_contain_text("Zmiana na: H@sło SMS")
    tool.get_by_label("Kod z obecnego tokena").fill(fresh_totp(secret))
    tool.get_by_role("button", name="Potwierdź").click()
    code = inbox_text(user_page, url, colleague["phone"], "aktywacji H@seł SMS", r": (\d{6}) \.")
    tool.get_by_label("Kod z SMS").fill(code)
    screenshot(user_page, "profile-tool-back-to-sms")
    tool.get_by_role("button", name="Włącz H@sło SMS").click()
    expect(tool).to_contain_text("Teraz: H@sło SMS")
    with Session(database) as session:
        user = session.exec(
            select(User).join(Company).where(Company.millekod == admin["millekod"], User.login == "skolega")
        ).one()
        assert user.auth_method == "sms" and user.totp_secret is None  # the token's secret is gone
        results = set(
            session.exec(
                select(AuditEntry.action, AuditEntry.result).where(AuditEntry.company_id == user.company_id)
            ).all()
        )
        assert {
            ("auth_change_prove", "failed"),
            ("auth_change_complete", "ok"),
            ("auth_change_request", "ok"),
        } <= results
    user_page.context.close()


def test_help_terms_and_contact_numbers_before_and_after_log_in_and_new_terms_accepted(
    page: Page, running_app, database
):
    url, settings = running_app.url, get_settings()
    page.goto(url + routes.HELP)  # before log-in
    expect(page.get_by_test_id("help-section").first).to_be_visible()
    expect(page.get_by_text("Zapomniałem hasła albo zablokowałem dostęp")).to_be_visible()
    numbers = page.get_by_test_id("contact-numbers")
    for number in (settings.helpdesk_phone, settings.helpdesk_phone_mobile, settings.hotline_phone):
        expect(numbers.get_by_role("link", name=number)).to_be_visible()
    screenshot(page, "help-before-log-in")
    no_sideways_scrolling(page)
    page.get_by_role("link", name="Regulamin").first.click()
    expect(page.get_by_test_id("terms-text")).to_contain_text(f"Wersja {current_terms().version}")

    # a user who accepted an older version is asked for the current one before the portal
    admin, _ = _scene(database, viewport(page) + "-terms", terms_version="2020-01-01")
    log_in(page, url, admin)
    expect(page.get_by_role("heading", name="Akceptacja regulaminu")).to_be_visible()
    expect(page.get_by_text("Zaakceptowana przez Ciebie: 2020-01-01")).to_be_visible()
    page.goto(url + routes.CONTACT)  # the portal waits until the terms are accepted
    expect(page.get_by_role("heading", name="Akceptacja regulaminu")).to_be_visible()
    screenshot(page, "terms-accept")
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Akceptuję regulamin").click()
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    with Session(database) as session:
        version = session.exec(
            select(User.terms_version)
            .join(Company)
            .where(Company.millekod == admin["millekod"], User.login == "sadmin")
        ).one()
        assert version == current_terms().version

    page.goto(url + routes.CONTACT)  # Kontakt and the footer have the numbers too
    expect(page.get_by_role("heading", name="Kontakt", level=1)).to_be_visible()
    contact = page.get_by_test_id("contact-numbers").filter(visible=True).first  # the footer hides on a phone
    expect(contact).to_contain_text(settings.hotline_phone)
    screenshot(page, "contact-numbers")
