"""Wnioski in Chromium: a client asks for permission to take the car abroad (reversed dates and an
oversized file explained first), the helpdesk answers it with the permission eBOK generates, the client
sees the status and downloads the PDF, and the SMS about the answer is in the demo inbox."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from sqlmodel import Session, col, select

from ebok_app import routes
from ebok_app.models import ClientRequest, ClientRequestFile, Company, Contract, SmsMessage
from tests.e2e.conftest import ARTIFACTS, screenshot, viewport
from tests.e2e.login_flow import log_in_ok
from tests.e2e.staff_flow import staff_log_in
from tests.e2e.test_helpdesk import no_sideways_scrolling, staff  # noqa: F401  (the fixture)

pytestmark = pytest.mark.e2e
COUNTRIES = {"desktop": "Niemcy, Czechy", "phone": "Austria, Włochy"}


def _open_from_the_contract(page: Page, url: str, database, millekod: str) -> None:
    """The contract's page has the shortcut: the form opens with the contract chosen."""
    with Session(database) as session:
        contract = session.exec(
            select(Contract)
            .join(Company)
            .where(Company.millekod == millekod, col(Contract.terminated_on).is_(None))
            .order_by(col(Contract.end_date).desc())
        ).first()
    page.goto(f"{url}/umowy/{contract.id}")
    shortcuts = page.get_by_test_id("contract-requests")
    shortcuts.scroll_into_view_if_needed()
    screenshot(page, "requests-contract-shortcuts")
    shortcuts.get_by_role("link", name="Zgoda na wyjazd za granicę").click()
    page.wait_for_url(f"**{routes.REQUESTS}?rodzaj=abroad&umowa={contract.id}")
    expect(page.get_by_test_id("request-form").get_by_label("Umowa (pojazd)")).to_have_value(str(contract.id))


def _fill_abroad(page: Page, start: date, end: date) -> None:
    form = page.get_by_test_id("request-form")
    form.get_by_label("Kraje").fill(COUNTRIES[viewport(page)])
    form.get_by_label("Od dnia").fill(start.isoformat())
    form.get_by_label("Do dnia").fill(end.isoformat())
    form.get_by_label("Kierowca (imię i nazwisko)").fill(f"Anna Wiśniewska {viewport(page)}")


def _bank_account_refusals(page: Page) -> None:
    """A bad IBAN and an oversized file: Polish messages, nothing sent."""
    page.get_by_test_id("request-type").filter(has_text="Zmiana rachunku").click()
    form = page.get_by_test_id("request-form")
    form.get_by_label("Numer rachunku (IBAN)").fill("PL61 1090 1014 0000 0712 1981 2875")
    form.get_by_label("Posiadacz rachunku").fill("Kwiaciarnia Stokrotka")
    upload = form.get_by_test_id("request-files").locator("input[type=file]")
    big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 + 10)
    upload.set_input_files([{"name": "potwierdzenie.pdf", "mimeType": "application/pdf", "buffer": big}])
    expect(form.get_by_text("potwierdzenie.pdf: Plik może mieć najwyżej 2 MB.")).to_be_visible()
    form.get_by_role("button", name="Wyślij wniosek").click()
    expect(form.get_by_role("alert").last).to_contain_text("cyfry kontrolne")
    expect(form.get_by_role("alert").last).to_contain_text("dołącz plik")
    screenshot(page, "requests-bad-input")
    page.get_by_role("button", name="Zmień rodzaj").click()


def test_a_request_is_sent_answered_with_a_document_and_downloaded(
    page: Page,
    running_app,
    staff,  # noqa: F811
    browser: Browser,
    database,
):
    client = running_app.user("awisniewska")
    log_in_ok(page, running_app.url, client)
    page.goto(running_app.url + routes.REQUESTS)
    expect(page.get_by_test_id("client-request").first).to_be_visible()  # the demo's requests
    screenshot(page, "requests-catalogue")
    no_sideways_scrolling(page)
    _bank_account_refusals(page)

    _open_from_the_contract(page, running_app.url, database, client["millekod"])
    start = date.today() + timedelta(days=10)
    _fill_abroad(page, start, start - timedelta(days=3))
    page.get_by_role("button", name="Wyślij wniosek").click()
    expect(page.get_by_test_id("request-form").get_by_role("alert").last).to_contain_text(
        "nie wcześniej niż jego początek"
    )
    page.get_by_test_id("request-form").get_by_label("Do dnia").fill((start + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Wyślij wniosek").click()
    expect(page.get_by_text("wysłany")).to_be_visible()
    with Session(database) as session:
        request = session.exec(select(ClientRequest).order_by(col(ClientRequest.id).desc())).first()
    assert request.kind == "abroad" and request.details["driver"].endswith(viewport(page))
    number = f"WN/{request.created_at.year}/{request.id:05d}"
    mine = page.get_by_test_id("client-request").filter(has_text=number)
    expect(mine).to_contain_text("nowa")
    screenshot(page, "requests-sent")
    no_sideways_scrolling(page)

    desk = browser.new_context(viewport=page.viewport_size, locale="pl-PL").new_page()
    desk.viewport_name = viewport(page)  # type: ignore[attr-defined]
    staff_log_in(desk, running_app.url, staff["hdesk"])
    desk.goto(running_app.url + routes.STAFF_REQUESTS)
    desk.get_by_role("button", name="Nowa", exact=True).click()
    item = desk.get_by_test_id("inbox-request").filter(has_text=number)
    expect(item).to_contain_text(client["millekod"])
    item.get_by_role("button", name="Przyjmij do realizacji").click()
    expect(item).to_have_count(0)  # no longer new
    desk.get_by_role("button", name="W realizacji", exact=True).click()
    item.get_by_role("button", name="Odpowiedz").click()
    item.get_by_label("Nowy status").select_option("done")
    item.get_by_label("Komentarz dla klienta").fill("Zgoda w załączniku. Szerokiej drogi!")
    item.get_by_text("Dołącz dokument wygenerowany przez eBOK").click()
    screenshot(desk, "staff-requests-answer")
    item.get_by_role("button", name="Wyślij odpowiedź").click()
    expect(desk.get_by_text("Odpowiedź wysłana")).to_be_visible()
    no_sideways_scrolling(desk)
    desk.context.close()

    page.reload()
    mine = page.get_by_test_id("client-request").filter(has_text=number)
    expect(mine).to_contain_text("zrealizowana")
    expect(mine.get_by_test_id("request-answer")).to_contain_text("Szerokiej drogi")
    mine.scroll_into_view_if_needed()
    screenshot(page, "requests-answered")
    no_sideways_scrolling(page)
    with page.expect_download() as download:
        mine.get_by_test_id("request-answer").get_by_role("button", name="Pobierz").click()
    assert download.value.suggested_filename.startswith("zgoda-na-wyjazd-WN-")
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Zgoda na wyjazd" in text and COUNTRIES[viewport(page)].split(",")[0] in text

    sms = page.context.new_page()
    sms.goto(running_app.url + routes.DEMO_SMS)
    expect(sms.get_by_test_id("sms-message").filter(has_text=number).first).to_contain_text("zrealizowany")
    sms.close()
    with Session(database) as session:
        files = session.exec(
            select(ClientRequestFile).where(ClientRequestFile.request_id == request.id)
        ).all()
        sent = session.exec(select(SmsMessage).where(SmsMessage.purpose == "request_answer")).all()
    assert [f.origin for f in files] == ["generated"] and files[0].data.startswith(b"%PDF")
    assert any(number in m.body and m.phone == client["phone"] for m in sent)


def _side_bar_fits(page: Page) -> None:
    """Every section and the helpdesk's numbers at the foot of the side bar, without scrolling it."""
    bar = page.get_by_role("navigation", name="Menu główne").locator("xpath=..")
    numbers = bar.get_by_test_id("contact-numbers")
    expect(numbers).to_be_visible()
    cut = bar.evaluate("el => el.scrollHeight - el.clientHeight")
    bottom = numbers.bounding_box()
    assert cut <= 0, f"the side bar is {cut}px taller than the screen"
    assert bottom["y"] + bottom["height"] <= page.viewport_size["height"]


def _at_least(database, millekod: str, count: int) -> int:
    """Old requests of the company until it has `count` (more than a page); how many it has."""
    with Session(database) as session:
        company = session.exec(select(Company).where(Company.millekod == millekod)).one()
        user_id = session.exec(
            select(ClientRequest.user_id).where(ClientRequest.company_id == company.id)
        ).first()
        has = len(session.exec(select(ClientRequest.id).where(ClientRequest.company_id == company.id)).all())
        long_ago = datetime.now(UTC) - timedelta(days=400)
        for n in range(count - has):
            session.add(
                ClientRequest(
                    company_id=company.id,
                    user_id=user_id,
                    kind="balance",
                    status="done",
                    details={"as_of": date.today().isoformat(), "contract_id": "wszystkie"},
                    created_at=long_ago - timedelta(days=n),
                    updated_at=long_ago - timedelta(days=n),
                )
            )
        session.commit()
        return len(session.exec(select(ClientRequest.id).where(ClientRequest.company_id == company.id)).all())


def test_the_list_goes_page_by_page_and_the_side_bar_fits(page: Page, running_app, database):
    """More requests than a page: the count is the table's, the next page is reachable. The admin's side
    bar (every section, Administracja, the helpdesk's numbers) fits 1280x800; on a phone (390 px, and
    320 px) the menu is a drawer and nothing scrolls sideways."""
    client = running_app.user("awisniewska")
    total = _at_least(database, client["millekod"], 45)
    log_in_ok(page, running_app.url, client)
    page.goto(running_app.url + routes.REQUESTS)
    expect(page.get_by_test_id("client-request")).to_have_count(20)
    expect(page.get_by_test_id("found")).to_have_text(f"Znaleziono: {total}")
    page.get_by_role("button", name="Następna strona").click()
    expect(page.get_by_test_id("pager")).to_have_text(f"strona 2 z {-(-total // 20)}")
    expect(page.get_by_test_id("client-request")).to_have_count(20)
    if viewport(page) == "desktop":
        _side_bar_fits(page)
        page.screenshot(path=str(ARTIFACTS / "requests-side-bar-desktop.png"))  # the screen, not the page
        return
    page.get_by_role("button", name="Otwórz menu").click()
    drawer = page.get_by_role("dialog")
    expect(drawer).to_be_in_viewport(ratio=1)  # slid in
    expect(drawer.get_by_test_id("contact-numbers")).to_be_in_viewport(ratio=1)  # 390x844: no scrolling
    page.screenshot(path=str(ARTIFACTS / "requests-drawer-phone.png"))
    page.get_by_role("button", name="Zamknij menu").click()
    expect(drawer).to_have_count(0)
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 844 if width == 390 else 640})
        expect(page.get_by_test_id("client-request").first).to_be_visible()
        no_sideways_scrolling(page)
    page.viewport_name = "phone-320"  # type: ignore[attr-defined]
    screenshot(page, "requests")
