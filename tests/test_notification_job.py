"""The notification job against a real database (SQLite and PostgreSQL): who gets SMS, and never twice."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from ebok_app.models import (
    Contract,
    Invoice,
    InvoiceNotice,
    NotificationPreference,
    SmsMessage,
    SmsStatus,
    User,
)
from ebok_app.notifications import job
from ebok_app.notifications.preferences import preferences_of, update_preferences
from tests.helpdesk_scene import add_company, add_contract

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BRAND = "eBOK Leasing"


def _user(session, company, login, *, new_invoice=True, due_reminder=True, phone="+48600100200", active=True):
    user = User(
        company_id=company.id,
        login=login,
        first_name="Jan",
        last_name=login,
        phone=phone,
        active=active,
        created_at=NOW,
    )
    session.add(user)
    session.flush()
    session.add(
        NotificationPreference(
            user_id=user.id,
            new_invoice=new_invoice,
            due_reminder=due_reminder,
            days_before_due=5,
            new_invoice_since=TODAY - timedelta(days=30),
            updated_at=NOW,
        )
    )
    return user


def _invoice(session, contract, number: str, *, issued: date, due: date, gross=100_000, paid=0) -> Invoice:
    invoice = Invoice(
        company_id=contract.company_id,
        contract_id=contract.id,
        number=number,
        issue_date=issued,
        sale_date=issued,
        due_date=due,
        net_gr=gross * 100 // 123,
        vat_gr=gross - gross * 100 // 123,
        gross_gr=gross,
        paid_gr=paid,
    )
    session.add(invoice)
    return invoice


@pytest.fixture
def world(engine):
    """Firma A: two users with SMS on, one with them off, one without a phone, one disabled; Firma B: one.
    A's invoices: one issued today due in 14 days, one due in 2 days (unpaid), one due in 2 days (paid);
    B's: one due tomorrow."""
    with Session(engine, expire_on_commit=False) as session:
        a = add_company(session, "Firma A", "11112222", "5260250274")
        b = add_company(session, "Firma B", "33334444", "1234563218")
        users = {
            "anna": _user(session, a, "anna"),
            "piotr": _user(session, a, "piotr", new_invoice=False),
            "off": _user(session, a, "off", new_invoice=False, due_reminder=False),
            "nophone": _user(session, a, "nophone", phone=""),
            "gone": _user(session, a, "gone", active=False),
            "bartek": _user(session, b, "bartek"),
        }
        ca, cb = add_contract(session, a, "UL/1/2025"), add_contract(session, b, "UL/2/2025")
        _invoice(session, ca, "FV/A/1", issued=TODAY, due=TODAY + timedelta(days=14))
        _invoice(session, ca, "FV/A/2", issued=TODAY - timedelta(days=20), due=TODAY + timedelta(days=2))
        _invoice(
            session,
            ca,
            "FV/A/3",
            issued=TODAY - timedelta(days=20),
            due=TODAY + timedelta(days=2),
            paid=100_000,
        )
        _invoice(session, cb, "FV/B/1", issued=TODAY - timedelta(days=25), due=TODAY + timedelta(days=1))
        session.commit()
    return engine, {name: u.id for name, u in users.items()}


def _sms(engine) -> list[SmsMessage]:
    with Session(engine) as session:
        return list(session.exec(select(SmsMessage).order_by(SmsMessage.id)))


def _run(engine):
    return job.run(engine, today=TODAY, now=NOW, brand=BRAND)


def test_each_user_gets_what_they_asked_for_about_their_own_company(world):
    engine, ids = world
    report = _run(engine)
    got = {(m.user_id, m.purpose): m for m in _sms(engine)}
    assert set(got) == {
        (ids["anna"], "new_invoice"),
        (ids["anna"], "due_reminder"),
        (ids["piotr"], "due_reminder"),
        (ids["bartek"], "due_reminder"),
    }
    assert "FV/A/1" in got[ids["anna"], "new_invoice"].body
    assert (
        "FV/A/2" in got[ids["anna"], "due_reminder"].body
        and "FV/A/3" not in got[ids["anna"], "due_reminder"].body
    )
    assert "FV/B/1" in got[ids["bartek"], "due_reminder"].body
    assert all(m.status == SmsStatus.SENT and m.phone == "+48600100200" for m in got.values())
    assert report.sms_queued == 4 and report.notices == 4
    with Session(engine) as session:
        notices = session.exec(select(InvoiceNotice)).all()
        assert {n.sms_id for n in notices} == {m.id for m in got.values()}


def test_a_second_run_sends_nothing_and_a_later_invoice_gets_its_own_sms(world):
    engine, ids = world
    _run(engine)
    before = len(_sms(engine))
    assert _run(engine).sms_queued == 0 and len(_sms(engine)) == before
    with Session(engine) as session:
        contract = session.exec(select(Contract).where(Contract.number == "UL/1/2025")).one()
        _invoice(session, contract, "FV/A/4", issued=TODAY, due=TODAY + timedelta(days=3))
        session.commit()
    report = _run(engine)
    new = _sms(engine)[before:]
    assert report.sms_queued == 3  # anna: new invoice and reminder; piotr: reminder
    assert all("FV/A/4" in m.body and "FV/A/2" not in m.body for m in new)
    assert Counter(m.user_id for m in new) == {ids["anna"]: 2, ids["piotr"]: 1}


def test_runs_at_the_same_time_send_each_sms_once(world):
    engine, _ = world
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def one_run() -> None:
        try:
            start.wait()
            _run(engine)
        except BaseException as exc:  # collected: a thread's exception would otherwise be lost
            errors.append(exc)

    threads = [threading.Thread(target=one_run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    per_event = Counter((m.user_id, m.purpose) for m in _sms(engine))
    assert len(per_event) == 4 and set(per_event.values()) == {1}
    with Session(engine) as session:
        assert len(session.exec(select(InvoiceNotice)).all()) == 4


def test_turning_new_invoice_sms_on_starts_the_news_from_that_day(world):
    engine, ids = world
    later = TODAY + timedelta(days=10)
    with Session(engine) as session:
        pref = update_preferences(
            session, ids["piotr"], new_invoice=True, due_reminder=True, days_before=7, today=later, now=NOW
        )
        session.commit()
        assert pref.new_invoice_since == later and pref.days_before_due == 7
        update_preferences(
            session,
            ids["piotr"],
            new_invoice=True,
            due_reminder=False,
            days_before=7,
            today=later + timedelta(days=1),
            now=NOW,
        )
        session.commit()
        assert preferences_of(session, ids["piotr"], NOW).new_invoice_since == later  # still on: unchanged
        fresh = preferences_of(session, 999_999, NOW)
        assert (fresh.new_invoice, fresh.due_reminder, fresh.id) == (False, False, None)
