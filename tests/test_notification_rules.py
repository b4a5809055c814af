"""Who gets which notification SMS and when, and what the SMS say (pure rules, no database)."""

import asyncio
from datetime import date, timedelta

import pytest

from ebok_app.models import NoticeKind
from ebok_app.notifications.job import InvoiceRow, Notice, Recipient, notices_for, run_periodically, sms_text
from ebok_app.notifications.preferences import days_before_problem
from ebok_app.sms import texts
from tests import asyncio_runner

TODAY = date(2026, 11, 23)


def _recipient(**changes) -> Recipient:
    base = {
        "user_id": 7,
        "company_id": 1,
        "phone": "+48600100200",
        "new_invoice": True,
        "new_invoice_since": TODAY - timedelta(days=30),
        "due_reminder": True,
        "days_before": 3,
    }
    return Recipient(**{**base, **changes})


def _invoice(invoice_id=1, *, issued=TODAY - timedelta(days=20), due=TODAY + timedelta(days=3), **changes):
    base = {
        "id": invoice_id,
        "company_id": 1,
        "number": f"FV/2026/11/{invoice_id:06d}",
        "issue_date": issued,
        "due_date": due,
        "gross_gr": 123_456,
        "paid_gr": 0,
    }
    return InvoiceRow(**{**base, **changes})


def _kinds(recipient, invoices, today=TODAY) -> list[tuple[str, int]]:
    return [(n.kind.value, n.invoice.id) for n in notices_for(recipient, invoices, today)]


@pytest.mark.parametrize(
    ("days_to_due", "reminded"),
    [(-1, False), (0, True), (1, True), (3, True), (4, False), (30, False)],
)
def test_a_reminder_goes_out_from_days_before_until_the_due_date(days_to_due, reminded):
    invoice = _invoice(due=TODAY + timedelta(days=days_to_due))
    assert _kinds(_recipient(new_invoice=False), [invoice]) == ([("due_reminder", 1)] if reminded else [])


def test_the_number_of_days_is_the_users():
    invoice = _invoice(due=TODAY + timedelta(days=14))
    assert _kinds(_recipient(new_invoice=False, days_before=13), [invoice]) == []
    assert _kinds(_recipient(new_invoice=False, days_before=14), [invoice]) == [("due_reminder", 1)]


def test_paid_invoices_get_no_reminder_and_partly_paid_ones_tell_what_is_left():
    paid = _invoice(1, paid_gr=123_456)
    partly = _invoice(2, paid_gr=23_456)
    notices = notices_for(_recipient(new_invoice=False), [paid, partly], TODAY)
    assert [n.invoice.id for n in notices] == [2]
    body = sms_text(NoticeKind.DUE_REMINDER, "eBOK Leasing", notices)
    assert "FV/2026/11/000002" in body and "1 000,00 zl" in body and "23.11.2026" not in body


def test_turned_off_kinds_get_nothing():
    new_and_due = _invoice(issued=TODAY, due=TODAY + timedelta(days=2))
    assert _kinds(_recipient(new_invoice=False, due_reminder=False), [new_and_due]) == []
    assert _kinds(_recipient(due_reminder=False), [new_and_due]) == [("new_invoice", 1)]
    assert _kinds(_recipient(new_invoice=False), [new_and_due]) == [("due_reminder", 1)]


def test_another_companys_invoice_is_nobody_elses_news():
    foreign = _invoice(issued=TODAY, due=TODAY + timedelta(days=1), company_id=2)
    assert _kinds(_recipient(), [foreign]) == []


def test_new_invoices_are_news_from_the_day_the_kind_was_turned_on_and_for_a_week():
    since = TODAY - timedelta(days=2)
    recipient = _recipient(due_reminder=False, new_invoice_since=since)
    invoices = [
        _invoice(1, issued=since - timedelta(days=1)),  # before the user asked
        _invoice(2, issued=since),
        _invoice(3, issued=TODAY),
        _invoice(4, issued=TODAY + timedelta(days=1)),  # not issued yet (dated ahead)
    ]
    assert [i for _, i in _kinds(recipient, invoices)] == [2, 3]
    long_ago = _recipient(due_reminder=False, new_invoice_since=TODAY - timedelta(days=90))
    week = [_invoice(5, issued=TODAY - timedelta(days=7)), _invoice(6, issued=TODAY - timedelta(days=8))]
    assert [i for _, i in _kinds(long_ago, week)] == [5]


def test_keys_name_the_user_the_invoice_and_the_due_date():
    invoice = _invoice(9, issued=TODAY, due=TODAY + timedelta(days=2))
    keys = [n.key for n in notices_for(_recipient(), [invoice], TODAY)]
    assert keys == ["new_invoice:7:9", "due_reminder:7:9:2026-11-25"]
    moved = _invoice(9, issued=TODAY, due=TODAY + timedelta(days=3))
    assert notices_for(_recipient(), [moved], TODAY)[1].key == "due_reminder:7:9:2026-11-26"


def _notices(kind, invoices) -> list[Notice]:
    return [Notice(f"k{i.id}", kind, 7, i) for i in invoices]


def test_one_invoice_fits_one_sms_without_polish_letters():
    invoice = _invoice(123456, gross_gr=987_654_321, due=date(2026, 12, 5), issued=TODAY)
    for kind in NoticeKind:
        body = sms_text(kind, "eBOK Leasing", _notices(kind, [invoice]))
        assert "FV/2026/11/123456" in body and "9 876 543,21 zl" in body and "05.12.2026" in body
        assert set(body) <= texts.GSM7_BASIC, body
        assert texts.sms_parts(body) == 1, (len(body), body)


def test_several_invoices_go_in_one_sms_with_the_total():
    invoices = [
        _invoice(1, due=TODAY + timedelta(days=3)),
        _invoice(2, due=TODAY + timedelta(days=1), paid_gr=456),
    ]
    reminder = sms_text(NoticeKind.DUE_REMINDER, "eBOK Leasing", _notices(NoticeKind.DUE_REMINDER, invoices))
    assert "2 faktur" in reminder and "2 464,56 zl" in reminder and "24.11.2026" in reminder
    news = sms_text(NoticeKind.NEW_INVOICE, "eBOK Leasing", _notices(NoticeKind.NEW_INVOICE, invoices * 3))
    assert "6 faktur " in news and texts.sms_parts(news) == 1
    two = sms_text(NoticeKind.NEW_INVOICE, "eBOK Leasing", _notices(NoticeKind.NEW_INVOICE, invoices))
    assert "2 faktury " in two


def test_sms_parts_follow_the_gsm_and_unicode_limits():
    assert texts.sms_parts("a" * 160) == 1 and texts.sms_parts("a" * 161) == 2
    assert texts.sms_parts("ą" * 70) == 1 and texts.sms_parts("ą" * 71) == 2
    assert texts.gsm7("Zażółć gęślą jaźń – „ok”") == 'Zazolc gesla jazn - "ok"'


@pytest.mark.parametrize(
    ("raw", "days", "problem"),
    [
        ("1", 1, None),
        (" 30 ", 30, None),
        ("0", None, "od 1 do 30"),
        ("31", None, "od 1 do 30"),
        ("", None, "Podaj"),
    ],
)
def test_days_before_from_the_form(raw, days, problem):
    got, message = days_before_problem(raw)
    assert got == days
    assert (message is None) if problem is None else (problem in message)


def test_the_in_app_job_runs_every_interval_and_outlives_a_failed_round():
    rounds: list[int] = []

    async def scenario() -> None:
        third = asyncio.Event()
        loop = asyncio.get_running_loop()

        def cycle() -> None:
            rounds.append(len(rounds) + 1)
            if len(rounds) == 1:
                raise ConnectionError("the database went away for a moment")
            if len(rounds) == 3:
                loop.call_soon_threadsafe(third.set)

        task = asyncio.create_task(run_periodically(0.01, cycle))
        await asyncio.wait_for(third.wait(), timeout=10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio_runner.run(scenario())
    assert rounds[:3] == [1, 2, 3]


def test_an_interval_of_zero_turns_the_in_app_job_off():
    calls: list[int] = []
    asyncio_runner.run(asyncio.wait_for(run_periodically(0, lambda: calls.append(1)), timeout=5))
    assert calls == []
