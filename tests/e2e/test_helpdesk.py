"""The people around the portal in Chromium: a consultant activates a company and its user logs in for
the first time; a company administrator unlocks a colleague and changes rights; a contact-form message
is answered by the helpdesk and the answer is seen; an employee without rights is refused."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from ebok_app import routes
from ebok_app.models import AuditEntry, Company, ContactMessage, SmsMessage, SmsStatus, User
from ebok_app.state.company_users import CompanyUsersState
from ebok_app.state.helpdesk import HelpdeskState
from tests import pdf_samples
from tests.e2e.conftest import VIEWPORTS, screenshot, viewport
from tests.e2e.login_flow import give_code, give_password, identify, log_in_ok
from tests.e2e.staff_flow import fresh_totp, staff_log_in, temporary_password
from tests.e2e.test_login import ForgedClient

pytestmark = pytest.mark.e2e

INVOICE_PDF = pdf_samples.plain()  # a real PDF: unreadable ones are refused

# one new company per screen size: (NIP, admin phone, token user phone)
NEW_COMPANIES = {
    "desktop": ("1132191233", "600100201", "600100202"),
    "phone": ("5213017228", "600100203", "600100204"),
}


@pytest.fixture(scope="module")
def staff(running_app) -> dict[str, dict]:
    """The demo employees' log-in data, as `ebok demo credentials` prints it."""
    listed = subprocess.run(
        ["ebok", "demo", "credentials", "--json"],
        env=running_app.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {s["login"]: s for s in json.loads(listed[listed.index("{") :])["staff"]}


def no_sideways_scrolling(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {viewport(page)} screen"


def _fill_user(row, first: str, last: str, login: str, phone: str, role: str, method: str) -> None:
    row.get_by_label("Imię").fill(first)
    row.get_by_label("Nazwisko").fill(last)
    row.get_by_label("Login").fill(login)
    row.get_by_label("Telefon komórkowy").fill(phone)
    row.get_by_label("Uprawnienia").select_option(role)
    row.get_by_label("Kod jednorazowy").select_option(method)


def test_consultant_activates_a_company_and_its_user_logs_in_for_the_first_time(
    page: Page, running_app, staff, browser: Browser, database
):
    nip, admin_phone, token_phone = NEW_COMPANIES[viewport(page)]
    staff_log_in(page, running_app.url, staff["kkonsultant"])
    page.goto(running_app.url + routes.STAFF_ACTIVATION)
    page.get_by_label("Nazwa firmy").fill(f"Nowa Flota {viewport(page)} Sp. z o.o.")
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("REGON").fill("123456785")
    page.get_by_label("Ulica i numer").fill("ul. Długa 5")
    page.get_by_label("Kod pocztowy").fill("30-001")
    page.get_by_label("Miejscowość").fill("Kraków")
    rows = page.get_by_test_id("activation-user")
    _fill_user(rows.nth(0), "Jan", "Nowy", "jnowy", admin_phone, "admin", "sms")
    page.get_by_role("button", name="Dodaj użytkownika").click()
    page.get_by_role("button", name="Dodaj użytkownika").click()
    expect(rows).to_have_count(3)
    rows.nth(2).get_by_label("Imię").fill("Ewa")
    rows.nth(1).get_by_role("button", name="Usuń").click()  # the empty middle row goes, Ewa's row stays
    expect(rows).to_have_count(2)
    expect(rows.nth(1).get_by_label("Imię")).to_have_value("Ewa")
    _fill_user(rows.nth(1), "Ewa", "Tokenowa", "etokenowa", "12", "finance", "token")
    page.get_by_role("button", name="Aktywuj usługę").click()
    expect(page.get_by_role("alert")).to_contain_text("Użytkownik 2: numer telefonu")
    screenshot(page, "staff-activation-problems")
    no_sideways_scrolling(page)
    rows.nth(1).get_by_label("Telefon komórkowy").fill(token_phone)
    page.get_by_role("button", name="Aktywuj usługę").click()
    millekod = page.get_by_test_id("new-millekod")
    expect(millekod).to_have_text(re.compile(r"^\d{8}$"))
    expect(page.get_by_test_id("token-enrolment").get_by_role("img")).to_be_visible()
    screenshot(page, "staff-activation-done")
    no_sideways_scrolling(page)
    with Session(database) as session:
        company = session.exec(select(Company).where(Company.nip == nip)).one()
        assert company.millekod == millekod.inner_text() and company.activated_by == "helpdesk:kkonsultant"

    client = browser.new_context(viewport=page.viewport_size, locale="pl-PL").new_page()
    client.viewport_name = viewport(page)  # type: ignore[attr-defined]
    user = {
        "millekod": company.millekod,
        "login": "jnowy",
        "auth_method": "sms",
        "phone": f"+48{admin_phone}",
    }
    temporary = temporary_password(client, running_app.url, user["phone"])
    identify(client, running_app.url, user)
    give_code(client, running_app.url, user)
    give_password(client, temporary, shape="temporary")
    expect(client.get_by_role("heading", name="Ustaw nowe hasło")).to_be_visible()
    client.get_by_label("Nowe hasło", exact=True).fill("Pierwsze#Haslo2026")
    client.get_by_label("Powtórz nowe hasło").fill("Pierwsze#Haslo2026")
    client.get_by_role("button", name="Ustaw nowe hasło").click()
    expect(client.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    screenshot(client, "activated-company-dashboard")
    client.context.close()


def test_company_admin_unlocks_a_locked_colleague_and_changes_rights(
    desktop_page: Page, running_app, database
):
    """The MedTech administrator uses a token: one screen size (a TOTP step is accepted once)."""
    page = desktop_page
    admin, victim = running_app.user("pkozlowski"), running_app.user("bwisniewska")
    identify(page, running_app.url, admin)
    page.get_by_label("Kod jednorazowy").fill(fresh_totp(admin["totp_secret"]))
    give_password(page, admin["password"])
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    page.goto(running_app.url + routes.COMPANY_USERS)
    row = page.get_by_test_id("company-user").filter(has_text=victim["name"])
    expect(row).to_contain_text("zablokowany")
    row.get_by_role("button", name="Odblokuj generowanie nowego hasła").click()
    expect(page.get_by_text("Odblokowano generowanie nowego hasła")).to_be_visible()
    expect(row).to_contain_text("oczekuje na pierwsze logowanie")

    finance = page.get_by_test_id("company-user").filter(has_text=running_app.user("mmazur")["name"])
    finance.get_by_role("combobox", name="Uprawnienia mmazur").click()
    page.get_by_role("option", name="podgląd").click()
    expect(page.get_by_text("Zmieniono uprawnienia")).to_be_visible()
    mine = page.get_by_test_id("company-user").filter(has_text=admin["name"])
    mine.get_by_role("combobox", name="Uprawnienia pkozlowski").click()
    page.get_by_role("option", name="finanse").click()
    expect(page.get_by_role("alert")).to_contain_text("co najmniej jednego aktywnego administratora")
    screenshot(page, "company-users-rights")
    page.set_viewport_size(VIEWPORTS["phone"])  # the same page on a phone, for the eye
    page.viewport_name = "phone"  # type: ignore[attr-defined]
    screenshot(page, "company-users-rights")
    no_sideways_scrolling(page)
    page.set_viewport_size(VIEWPORTS["desktop"])
    with Session(database) as session:
        assert session.exec(select(User.role).where(User.login == "mmazur")).one() == "viewer"
        assert session.exec(select(User.role).where(User.login == "pkozlowski")).one() == "admin"

    temporary = temporary_password(page, running_app.url, victim["phone"])
    victim_page = page.context.browser.new_context(viewport=page.viewport_size, locale="pl-PL").new_page()
    identify(victim_page, running_app.url, victim)
    give_code(victim_page, running_app.url, victim)
    give_password(victim_page, temporary, shape="temporary")
    victim_page.get_by_label("Nowe hasło", exact=True).fill("Odblokowana#2026x")
    victim_page.get_by_label("Powtórz nowe hasło").fill("Odblokowana#2026x")
    victim_page.get_by_role("button", name="Ustaw nowe hasło").click()
    expect(victim_page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    victim_page.context.close()
    with Session(database) as session:
        actions = session.exec(
            select(AuditEntry.action).where(AuditEntry.actor == f"{admin['millekod']}/pkozlowski")
        )
        assert {"unlock_new_password", "role_change"} <= set(actions.all())


def test_a_contact_message_is_answered_by_the_helpdesk_and_the_answer_is_seen(
    page: Page, running_app, staff, browser: Browser, database
):
    client = running_app.user("awisniewska")
    text = f"Proszę o duplikat faktury ({viewport(page)})."
    answer = f"Duplikat wysłaliśmy na adres e-mail firmy ({viewport(page)})."
    log_in_ok(page, running_app.url, client)
    page.goto(running_app.url + routes.CONTACT)
    page.get_by_label("Temat").select_option("Faktury i płatności")
    contract = page.get_by_label("Umowa").locator("option").nth(1).get_attribute("value")
    page.get_by_label("Umowa").select_option(contract)
    page.get_by_label("Treść").fill("krótko")
    page.get_by_role("button", name="Wyślij wiadomość").click()
    expect(page.get_by_role("alert")).to_contain_text("od 10 do 4000 znaków")
    upload = page.get_by_test_id("contact-upload").locator("input[type=file]")
    upload.set_input_files(
        [{"name": "skan.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 not a pdf"}]
    )
    expect(page.get_by_text("skan.pdf: Dołączyć można tylko pliki PDF, PNG lub JPEG.")).to_be_visible()
    upload.set_input_files([{"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": INVOICE_PDF}])
    expect(page.get_by_test_id("waiting-files")).to_contain_text("faktura.pdf")
    page.get_by_label("Treść").fill(text)
    page.get_by_role("button", name="Wyślij wiadomość").click()
    sent = page.get_by_test_id("contact-message").filter(has_text=text)
    expect(sent).to_contain_text("nowa")
    expect(sent.get_by_role("button", name="Pobierz faktura.pdf")).to_be_visible()
    expect(page.get_by_test_id("waiting-files")).not_to_contain_text("faktura.pdf")

    desk = browser.new_context(viewport=page.viewport_size, locale="pl-PL").new_page()
    desk.viewport_name = viewport(page)  # type: ignore[attr-defined]
    staff_log_in(desk, running_app.url, staff["hdesk"])
    desk.goto(running_app.url + routes.STAFF_MESSAGES)
    item = desk.get_by_test_id("inbox-message").filter(has_text=text)
    expect(item).to_contain_text("nowa")
    expect(item).to_contain_text(client["millekod"])
    with desk.expect_download() as download:
        item.get_by_role("button", name="Pobierz faktura.pdf").click()
    assert download.value.suggested_filename == "faktura.pdf"
    assert Path(download.value.path()).read_bytes() == INVOICE_PDF
    item.get_by_role("button", name="Przyjmij do realizacji").click()
    expect(item).to_contain_text("w realizacji")
    item.get_by_label("Odpowiedź").fill(answer)
    item.get_by_role("button", name="Wyślij odpowiedź").click()
    expect(item).to_contain_text("odpowiedziano")
    screenshot(desk, "staff-messages")
    no_sideways_scrolling(desk)
    desk.context.close()

    page.reload()
    sent = page.get_by_test_id("contact-message").filter(has_text=text)
    expect(sent).to_contain_text("odpowiedziano")
    expect(sent.get_by_test_id("contact-answer")).to_contain_text(answer)
    screenshot(page, "contact-answered")
    no_sideways_scrolling(page)
    with Session(database) as session:
        row = session.exec(select(ContactMessage).where(ContactMessage.body == text)).one()
        assert (
            row.status == "answered"
            and row.handled_by == "helpdesk:hdesk"
            and row.contract_id == int(contract)
        )


def test_helpdesk_finds_a_client_and_an_employee_without_rights_is_refused(
    page: Page, running_app, staff, database
):
    page.goto(running_app.url + routes.STAFF_LOGIN)
    expect(page.get_by_role("button", name="Zaloguj")).to_be_enabled()
    screenshot(page, "staff-login")
    no_sideways_scrolling(page)
    staff_log_in(page, running_app.url, staff["hdesk"])
    page.get_by_label("Szukaj klienta").fill("57451484")
    page.get_by_role("button", name="Szukaj").click()
    card = page.get_by_test_id("client-user").filter(has_text="mjankowski")  # no other test logs in as him
    expect(card).to_contain_text("Polflota")
    number = "601 222 333" if viewport(page) == "desktop" else "601 222 334"  # each run a new number
    card.get_by_label("Nowy numer telefonu").fill(number)
    card.get_by_role("button", name="Zmień numer").click()
    expect(page.get_by_text("Numer telefonu został zmieniony")).to_be_visible()
    expect(card).to_contain_text("+48" + number.replace(" ", ""))
    screenshot(page, "staff-clients")
    no_sideways_scrolling(page)
    page.goto(running_app.url + routes.STAFF_AUDIT)
    page.get_by_label("MilleKod").fill("57451484")
    page.get_by_label("Operacja").select_option("phone_change")
    page.get_by_role("button", name="Filtruj").click()
    entries = page.get_by_test_id("audit-entry").filter(visible=True)
    expect(entries.filter(has_text="zmiana numeru telefonu").first).to_contain_text(
        "Henryk Deskowski (HelpDesk)"
    )  # employees by name
    expect(entries.filter(has_text="logowanie pracownika")).to_have_count(0)
    screenshot(page, "staff-audit")
    no_sideways_scrolling(page)
    secret_body = f"eBOK: kod logowania 000000 ({viewport(page)})"
    with Session(database) as session:
        session.add(
            SmsMessage(
                phone="+48600999000",
                purpose="login_code",
                body=secret_body,
                idempotency_key=f"e2e-failed-{viewport(page)}",
                status=SmsStatus.FAILED,
                attempts=3,
                last_error=f"gateway timeout ({viewport(page)})",
                created_at=datetime.now(UTC),
            )
        )
        session.commit()
    page.goto(running_app.url + routes.STAFF_FAILED_SMS)
    failed = page.get_by_test_id("failed-sms").filter(has_text=f"gateway timeout ({viewport(page)})")
    expect(failed).to_contain_text("+48600999000")
    expect(page.get_by_text(secret_body)).to_have_count(0)  # the text (a code, a password) is not shown
    screenshot(page, "staff-failed-sms")
    page.goto(running_app.url + routes.STAFF_ACTIVATION)
    expect(page.get_by_role("alert")).to_contain_text("Nie masz uprawnienia")  # helpdesk only: no activation

    trainee = page.context.browser.new_context(viewport=page.viewport_size, locale="pl-PL").new_page()
    trainee.viewport_name = viewport(page)  # type: ignore[attr-defined]
    staff_log_in(trainee, running_app.url, staff["tstazysta"])
    expect(trainee.get_by_role("alert")).to_contain_text("Nie masz uprawnienia")
    trainee.goto(running_app.url + routes.STAFF_MESSAGES)
    expect(trainee.get_by_role("alert")).to_contain_text("Nie masz uprawnienia")
    screenshot(trainee, "staff-refused")
    trainee.goto(running_app.url + routes.DEMO_SMS)
    expect(trainee.get_by_test_id("staff-token").filter(has_text="tstazysta")).to_contain_text(
        re.compile(r"\d{6}")
    )
    screenshot(trainee, "demo-inbox-staff-tokens")
    trainee.context.close()
    with Session(database) as session:
        rows = session.exec(
            select(AuditEntry.action, AuditEntry.details).where(AuditEntry.actor == "helpdesk:tstazysta")
        ).all()
    refused = [details["event"] for action, details in rows if action == "event_refused"]  # by the boundary
    assert any(e.startswith("HelpdeskState.") for e in refused), refused
    assert any(e.startswith("StaffMessagesState.") for e in refused), refused


def test_forged_events_of_a_client_reach_neither_staff_actions_nor_another_company(
    desktop_page: Page, running_app, database
):
    """A signed-in company administrator fires staff events and a rights change for another company's
    user over the socket: nothing changes, the rights change is refused and audited."""
    page = desktop_page
    admin = running_app.user("jzielinska")  # administrator of Polflota
    with Session(database) as session:
        foreign = session.exec(select(User).join(Company).where(Company.name.startswith("Transbud"))).first()
        foreign_id, foreign_role = foreign.id, foreign.role
    log_in_ok(page, running_app.url, admin)
    token = page.evaluate("window.sessionStorage.getItem('token')")
    agent = page.evaluate("navigator.userAgent")
    page.close()  # the tab's socket goes away; the forged client takes its token

    forged = ForgedClient(running_app.url, token, agent)
    try:
        forged.send(HelpdeskState, "deactivate", {"user_id": foreign_id}, routes.STAFF_CLIENTS)
        forged.send(
            HelpdeskState,
            "change_phone",
            {"form": {"user_id": str(foreign_id), "phone": "601000999"}},
            "/obsluga",
        )
        forged.send(
            CompanyUsersState, "change_role", {"user_id": foreign_id, "role": "viewer"}, routes.COMPANY_USERS
        )
    finally:
        forged.close()
    with Session(database) as session:
        user = session.get(User, foreign_id)
        assert user.active and user.role == foreign_role and user.phone != "+48601000999"
        denied = session.exec(
            select(AuditEntry).where(AuditEntry.action == "role_change", AuditEntry.result == "denied")
        ).all()
        assert any(e.details and e.details.get("target_user_id") == foreign_id for e in denied)
