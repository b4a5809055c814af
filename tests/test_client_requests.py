"""Requests with a status (Wnioski): the catalogue's checks in Polish, sending, the helpdesk's answers
with documents and SMS, completing a request, another company's things refused like missing ones and
audited, and the balance confirmation's figures against plain SQL (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from sqlmodel import Session, select

from ebok_app.accounts import PermissionDenied
from ebok_app.accounts.staff import Staff
from ebok_app.client_requests import balance, catalogue, files, filing, handling
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.documents import request_pdf
from ebok_app.models import (
    AuditEntry,
    ClientRequest,
    ClientRequestFile,
    ClientRequestStep,
    Company,
    Invoice,
    RequestStatus,
    SmsMessage,
)
from ebok_app.portfolio.formatting import format_day
from ebok_app.portfolio.money import format_pln
from ebok_app.settings import DEMO_LESSOR
from tests import pdf_samples
from tests.helpdesk_scene import NOW, build

TODAY = NOW.date()
PDF = pdf_samples.plain()


def _abroad(contract_id: object, start: date = TODAY + timedelta(days=5), days: int = 7) -> dict:
    return {
        "contract_id": str(contract_id),
        "countries": "Niemcy, cz, Włochy",
        "date_from": start.isoformat(),
        "date_to": (start + timedelta(days=days)).isoformat(),
        "driver": "Jan   Kowalski",
    }


def _send(session, scene, kind: str, form: dict, login: str = "afinanse", company: str = "alfa"):
    return filing.send(
        session,
        user_id=scene.users[login],
        company_id=scene.companies[company],
        actor=f"11111111/{login}",
        kind=kind,
        form=form,
        today=TODAY,
        now=NOW,
        ip="203.0.113.9",
    )


@pytest.mark.parametrize(
    ("kind", "form", "expected"),
    [
        ("lot_na_ksiezyc", {}, "Wybierz rodzaj wniosku"),
        ("abroad", {}, "Umowa (pojazd): wybierz umowę"),
        ("abroad", {**_abroad(1), "countries": ""}, "Kraje: wpisz co najmniej jeden kraj"),
        ("abroad", {**_abroad(1), "countries": "Polska"}, "Polska nie jest wyjazdem"),
        ("abroad", {**_abroad(1), "countries": "Niemcy, Rosja"}, "Rosja nie wydajemy zgody"),
        ("abroad", {**_abroad(1), "countries": "Atlantyda"}, "Nie znamy kraju „Atlantyda”"),
        ("abroad", _abroad(1, days=-2), "nie wcześniej niż jego początek"),
        ("abroad", _abroad(1, start=TODAY - timedelta(days=1)), "nie może zaczynać się w przeszłości"),
        ("abroad", _abroad(1, days=400), "najwyżej na 365 dni"),
        ("abroad", {**_abroad(1), "date_to": "31.02.2027"}, "Do dnia: wybierz datę"),
        ("abroad", {**_abroad(1), "driver": "J"}, "Kierowca (imię i nazwisko): od 3 do 200"),
        ("balance", {"as_of": (TODAY + timedelta(days=1)).isoformat()}, "najpóźniej dziś"),
        ("balance", {"as_of": "2001-01-01"}, "najwyżej 10 lat wstecz"),
        ("duplicate", {"invoices": " , ", "reason": "Zagubienie faktury"}, "co najmniej jeden numer"),
        ("duplicate", {"invoices": " ".join(f"F/{n}" for n in range(21))}, "najwyżej 20 faktur"),
        ("duplicate", {"invoices": "F/1", "reason": "bo tak"}, "Powód: wybierz"),
        ("contract_change", {"contract_id": "1", "subject": "Osoba do kontaktu"}, "Nowe dane: od 3"),
        ("bank_account", {"iban": "PL61 1090 1014 0000 0712 1981 2875"}, "cyfry kontrolne"),
        ("bank_account", {"iban": "DE89 3704 0044 0532 0130 00"}, "tylko z rachunku w polskim banku"),
        ("bank_account", {"iban": ""}, "wpisz numer IBAN"),
    ],
)
def test_the_catalogue_explains_each_bad_field_in_polish(kind, form, expected):
    checked = catalogue.check(kind, form, TODAY)
    assert any(expected in p for p in checked.problems), checked.problems


def test_good_forms_are_normalised():
    abroad = catalogue.check("abroad", _abroad(7), TODAY)
    assert abroad.problems == [] and abroad.contract_id == 7
    assert abroad.values["countries"] == ["Niemcy", "Czechy", "Włochy"]
    assert abroad.values["driver"] == "Jan Kowalski"
    bank = catalogue.check(
        "bank_account", {"iban": "61109010140000071219812874", "holder": "Alfa", "contract_id": ""}, TODAY
    )
    assert bank.problems == [] and bank.values["iban"] == "PL61 1090 1014 0000 0712 1981 2874"
    assert bank.values["contract_id"] == catalogue.ALL_CONTRACTS and bank.contract_id is None


def _count(session, model) -> int:
    return len(session.exec(select(model)).all())


def test_a_request_goes_through_every_status_with_steps_documents_and_sms(engine):
    scene = build(engine)
    desk = scene.staff["desk"]
    with Session(engine) as session:
        problems, request = _send(session, scene, "abroad", _abroad(scene.contracts["alfa"]))
        assert problems == [] and request.status == RequestStatus.NEW
        assert request.details["contract_number"] == "UL/2025/0001"
        assert request.details["vehicle"] == "Skoda Octavia"
        [shown] = handling.inbox(session, desk, status="new").rows
        assert shown["number"] == f"WN/{NOW.year}/{request.id:05d}" and shown["millekod"] == "11111111"
        assert {"label": "Kraje", "value": "Niemcy, Czechy, Włochy"} in shown["fields"]
        assert handling.take(session, desk, request.id, NOW) is None
        assert handling.take(session, desk, request.id, NOW) == handling.CHANGED_PL
        assert handling.answer(session, desk, request.id, status="done", comment="krótko", now=NOW)
        assert "Wybierz nowy status" in handling.answer(
            session, desk, request.id, status="new", comment="Zgoda udzielona, szerokiej drogi.", now=NOW
        )
        asked = "Prosimy o numer prawa jazdy kierowcy."
        assert handling.answer(session, desk, request.id, status="needs_info", comment=asked, now=NOW) is None
        session.commit()
        assert files.add_for_client(
            session, user_id=scene.users["afinanse"], company_id=scene.companies["alfa"], actor="a",
            name="prawo-jazdy.pdf", data=PDF, now=NOW,
        ) is None  # fmt: skip
        later = NOW + timedelta(hours=1)
        client = {"user_id": scene.users["afinanse"], "company_id": scene.companies["alfa"], "actor": "a/b"}
        comment = "Prawo jazdy nr 12345/67/8901 w załączniku."
        assert filing.complete(session, request_id=request.id, comment=comment, now=later, **client) is None
        assert request.status == RequestStatus.IN_PROGRESS
        facts = handling.document_facts(session, desk, request.id)
        pdf = request_pdf.render(facts, DEMO_LESSOR, TODAY)
        assert handling.add_file(session, desk, request.id, "skan.pdf", PDF, later) is None
        assert handling.add_file(session, desk, request.id, "zly.pdf", PDF, later) is None
        [waiting] = handling.inbox(session, desk, status="in_progress").rows
        assert [f["name"] for f in waiting["waiting"]] == ["skan.pdf", "zly.pdf"]
        handling.remove_file(session, desk, request.id, waiting["waiting"][1]["id"])
        done = handling.answer(
            session, desk, request.id, status="done", comment="Zgoda w załączniku.", now=later,
            document=(request_pdf.file_name(facts), pdf),
        )  # fmt: skip
        assert done is None and request.status == RequestStatus.DONE
        assert handling.answer(
            session, desk, request.id, status="rejected", comment="Jednak nie.", now=later
        ) == (handling.CLOSED_PL)
        session.commit()
        [view] = filing.company_requests(session, company_id=scene.companies["alfa"]).rows
        assert [s["status"] for s in view["steps"]] == [
            "new",
            "in_progress",
            "needs_info",
            "in_progress",
            "done",
        ]
        assert view["answer"] == "Zgoda w załączniku." and view["status_label"] == "zrealizowana"
        assert sorted(d["name"] for d in view["documents"]) == [
            "skan.pdf",
            f"zgoda-na-wyjazd-WN-{NOW.year}-{request.id:05d}.pdf",
        ]
        assert [f["name"] for f in view["steps"][3]["files"]] == ["prawo-jazdy.pdf"]
        assert filing.company_requests(session, company_id=scene.companies["beta"]).rows == []
        sms = session.exec(select(SmsMessage).where(SmsMessage.purpose == "request_answer")).all()
        assert [m.user_id for m in sms] == [scene.users["afinanse"]] * 2
        assert "wymaga uzupelnienia" in sms[0].body and "zrealizowany" in sms[1].body
        assert all(len(m.body) <= 160 and m.body.isascii() for m in sms)
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.result == "ok")).all()
        assert actions.count("request_answer") == 2 and "client_request_complete" in actions


def test_another_companys_contract_request_and_files_look_missing_and_are_audited(engine):
    scene = build(engine)
    with Session(engine) as session:
        problems, request = _send(session, scene, "abroad", _abroad(scene.contracts["beta"]))
        assert request is None and problems == ["Umowa: wybierz jedną ze swoich umów z listy."]
        _, theirs = _send(session, scene, "abroad", _abroad(scene.contracts["beta"]), "badmin", "beta")
        session.commit()
        client = {"user_id": scene.users["aadmin"], "company_id": scene.companies["alfa"], "actor": "a/b"}
        comment = "Uzupełniam cudzy wniosek."
        assert filing.complete(session, request_id=theirs.id, comment=comment, now=NOW, **client) == (
            filing.MISSING_PL
        )
        session.commit()
        denied = session.exec(select(AuditEntry).where(AuditEntry.result == "denied")).all()
        assert [(e.action, e.company_id) for e in denied] == [("client_request", scene.companies["alfa"])] * 2
        assert denied[1].details["request_id"] == theirs.id
        assert _count(session, ClientRequest) == 1  # only Beta's own
        files.add_for_client(
            session, user_id=scene.users["badmin"], company_id=scene.companies["beta"], actor="b",
            name="x.pdf", data=PDF, now=NOW,
        )  # fmt: skip
        session.commit()
        file_id = session.exec(select(ClientRequestFile.id)).one()
        assert files.for_company(session, scene.companies["alfa"], scene.users["aadmin"], file_id) is None
        assert files.for_company(session, scene.companies["beta"], scene.users["badmin"], file_id) is not None


def test_a_bank_account_change_needs_the_banks_confirmation_and_nothing_bad_is_stored(engine):
    scene = build(engine)
    form = {"iban": "PL61 1090 1014 0000 0712 1981 2874", "holder": "Alfa Sp. z o.o.", "contract_id": ""}
    user, company = scene.users["aadmin"], scene.companies["alfa"]
    with Session(engine) as session:
        problems, _ = _send(session, scene, "bank_account", form, "aadmin")
        assert problems == ["Załącznik: dołącz plik (Potwierdzenie z banku)."]
        big = b"%PDF-1.4\n" + b"0" * files.MAX_BYTES
        add = {"user_id": user, "company_id": company, "actor": "a", "now": NOW}
        assert (
            files.add_for_client(session, name="duzy.pdf", data=big, **add) == "Plik może mieć najwyżej 2 MB."
        )
        assert "tylko pliki PDF" in files.add_for_client(session, name="x.exe", data=b"MZ\x90", **add)
        assert _count(session, ClientRequestFile) == 0
        assert files.add_for_client(session, name="../../potwierdzenie.pdf", data=PDF, **add) is None
        problems, request = _send(session, scene, "bank_account", form, "aadmin")
        assert problems == [] and request.contract_id is None
        session.commit()
        [row] = session.exec(select(ClientRequestFile)).all()
        step = session.exec(select(ClientRequestStep).where(ClientRequestStep.request_id == request.id)).one()
        assert (row.request_id, row.step_id, row.filename) == (request.id, step.id, "potwierdzenie.pdf")
        assert files.client_waiting(session, user) == []


def test_duplicate_invoices_only_of_the_company(engine):
    scene = build(engine)
    with Session(engine) as session:
        for company, number in (("alfa", "FV/1/2026"), ("beta", "FV/2/2026")):
            session.add(
                Invoice(
                    company_id=scene.companies[company],
                    contract_id=scene.contracts[company],
                    number=number,
                    issue_date=TODAY,
                    sale_date=TODAY,
                    due_date=TODAY,
                )
            )
        session.commit()
        form = {"invoices": "FV/1/2026, FV/2/2026", "reason": "Zagubienie faktury"}
        problems, _ = _send(session, scene, "duplicate", form)
        assert problems == ["Numery faktur: nie znaleziono faktur FV/2/2026 (sprawdź je w zakładce Faktury)."]
        problems, request = _send(session, scene, "duplicate", {**form, "invoices": "FV/1/2026"})
        assert problems == [] and request.details["invoices"] == ["FV/1/2026"]


def test_an_employee_without_the_helpdesk_right_is_refused_and_audited(engine):
    scene = build(engine)
    with Session(engine) as session:
        _, request = _send(
            session, scene, "balance", {"as_of": TODAY.isoformat(), "contract_id": "wszystkie"}
        )
        for login in ("akt", "nikt"):
            with pytest.raises(PermissionDenied):
                handling.inbox(session, scene.staff[login])
            with pytest.raises(PermissionDenied):
                handling.answer(
                    session, scene.staff[login], request.id, status="done", comment="x" * 20, now=NOW
                )
        session.commit()
        refused = session.exec(select(AuditEntry.action).where(AuditEntry.result == "denied")).all()
        assert refused == ["request_inbox", "request_answer"] * 2
        assert session.get(ClientRequest, request.id).status == RequestStatus.NEW


PLAIN_BALANCE = """
SELECT
  COALESCE((SELECT SUM(gross_gr) FROM invoice WHERE company_id = :c AND issue_date <= :d), 0),
  COALESCE((SELECT SUM(p.amount_gr) FROM payment p JOIN invoice i ON i.id = p.invoice_id
            WHERE i.company_id = :c AND i.issue_date <= :d AND p.paid_on <= :d), 0)
"""


@pytest.mark.parametrize("as_of", [date(2025, 6, 30), TODAY - timedelta(days=1), TODAY])
def test_the_balance_confirmation_equals_plain_sql_sums(engine, as_of):
    insert_demo(engine, generate(5, TODAY, fleet_contracts=6), b"pepper")
    with Session(engine) as session:
        for company_id in session.exec(select(Company.id)).all():
            figures = balance.balance(session, company_id=company_id, as_of=as_of)
            invoiced, paid = session.execute(text(PLAIN_BALANCE), {"c": company_id, "d": as_of}).one()
            assert (figures.invoiced_gr, figures.paid_gr) == (invoiced, paid)
            assert figures.due_gr == invoiced - paid and 0 <= figures.overdue_gr <= max(invoiced, 0)
        assert invoiced > 0  # the demo's companies have invoices by then


def test_the_balance_confirmation_pdf_states_the_figures(engine):
    insert_demo(engine, generate(5, TODAY, fleet_contracts=6), b"pepper")
    desk = Staff(0, 1, "hdesk", "HelpDesk", frozenset({"helpdesk"}))
    with Session(engine) as session:
        request = session.exec(select(ClientRequest).where(ClientRequest.kind == "balance")).first()
        facts = handling.document_facts(session, desk, request.id)
    as_of = date.fromisoformat(request.details["as_of"])
    assert facts.balance.as_of == as_of and facts.balance.invoiced_gr > 0
    pdf = request_pdf.render(facts, DEMO_LESSOR, TODAY)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Potwierdzenie salda" in text and facts.number in text and format_day(as_of) in text
    for amount in (facts.balance.invoiced_gr, facts.balance.paid_gr, facts.balance.due_gr):
        assert format_pln(amount).replace("\u00a0", " ") in text.replace("\u00a0", " ")


def _many(session, scene, company: str, count: int) -> None:
    """`count` requests of `company` straight into the table, every third one about its contract and
    every fourth one done (more than a page of each list)."""
    for n in range(count):
        session.add(
            ClientRequest(
                company_id=scene.companies[company],
                user_id=scene.users["afinanse" if company == "alfa" else "badmin"],
                contract_id=scene.contracts[company] if n % 3 == 0 else None,
                kind="balance",
                status=RequestStatus.DONE if n % 4 == 0 else RequestStatus.NEW,
                details={"as_of": TODAY.isoformat(), "contract_id": "wszystkie"},
                created_at=NOW - timedelta(days=n),
                updated_at=NOW - timedelta(days=n),
            )
        )
    session.commit()


def _walk(read) -> tuple[list[int], int]:
    """Every id a list shows going from its first page to its last, and the count it shows."""
    first = read(1)
    seen = [r["id"] for r in first.rows]
    for page in range(2, first.pages + 1):
        shown = read(page)
        assert shown.page == page and shown.total == first.total and 0 < len(shown.rows) <= 20
        seen += [r["id"] for r in shown.rows]
    assert read(first.pages + 5).page == first.pages  # a page past the last one shows the last one
    return seen, first.total


def _ids(session, where: str, **params) -> list[int]:
    return list(
        session.execute(text(f"SELECT id FROM {ClientRequest.__tablename__} WHERE {where}"), params).scalars()
    )


def test_every_request_of_a_long_list_is_reachable_page_by_page_and_counted(engine):
    scene = build(engine)
    with Session(engine) as session:
        _many(session, scene, "alfa", 90)
        _many(session, scene, "beta", 5)
        alfa, contract = scene.companies["alfa"], scene.contracts["alfa"]
        cases = [
            ({}, "company_id = :c"),
            ({"status": "done"}, "company_id = :c AND status = 'done'"),
            ({"contract_id": contract}, "company_id = :c AND contract_id = :k"),
        ]
        for filters, where in cases:
            seen, total = _walk(
                lambda p, f=filters: filing.company_requests(session, company_id=alfa, page=p, **f)
            )
            expected = _ids(session, where, c=alfa, k=contract)
            assert seen == sorted(expected, reverse=True) and total == len(expected) > 20
        choices = filing.filter_contracts(session, company_id=alfa)
        assert choices == [(contract, "UL/2025/0001")]
        desk = scene.staff["desk"]
        for status, where in (("", "TRUE"), ("new", "status = 'new'")):
            seen, total = _walk(lambda p, s=status: handling.inbox(session, desk, status=s, page=p))
            expected = _ids(session, where)
            assert sorted(seen) == sorted(expected) and len(set(seen)) == total == len(expected) > 20


def test_a_company_sends_at_most_the_set_number_of_requests_an_hour(engine, monkeypatch):
    scene = build(engine)
    cfg = filing.get_settings().model_copy(update={"requests_per_hour": 2})
    monkeypatch.setattr(filing, "get_settings", lambda: cfg)
    balance_form = {"as_of": TODAY.isoformat(), "contract_id": "wszystkie"}
    with Session(engine) as session:
        for _ in range(2):
            assert _send(session, scene, "balance", balance_form)[0] == []
        problems, request = _send(session, scene, "balance", balance_form, login="aadmin")
        assert request is None and problems == [filing.TOO_MANY_PL.format(count=2)]
        assert "limit wniosków firmy: 2 w ciągu godziny" in problems[0]
        assert _send(session, scene, "balance", balance_form, login="badmin", company="beta")[0] == []
        session.commit()
        [refusal] = session.exec(
            select(AuditEntry).where(AuditEntry.action == "client_request", AuditEntry.result == "denied")
        ).all()
        assert refusal.company_id == scene.companies["alfa"] and refusal.details["reason"] == "rate_limit"
        counted = session.execute(
            text(f"SELECT count(*) FROM {ClientRequest.__tablename__} WHERE company_id = :c"),
            {"c": scene.companies["alfa"]},
        ).scalar_one()
        assert counted == 2
        later = NOW + timedelta(hours=1, minutes=1)  # an hour later the company may send again
        problems, _ = filing.send(
            session, user_id=scene.users["afinanse"], company_id=scene.companies["alfa"],
            actor="11111111/afinanse", kind="balance", form=balance_form, today=TODAY, now=later,
        )  # fmt: skip
        assert problems == []
