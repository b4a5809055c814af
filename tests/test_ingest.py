"""The core system's feed against a real database (SQLite and PostgreSQL): validation with nothing
applied, idempotency (also of two batches at once), record versions, data version bumps, paid status."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select
from starlette.testclient import TestClient

from ebok_app import api, db
from ebok_app.ingest import credentials
from ebok_app.ingest.batch import ingest
from ebok_app.ingest.reading import format_of, read_batch
from ebok_app.models import (
    AuditEntry,
    Company,
    Contract,
    FeedCredential,
    InsurancePolicy,
    Invoice,
    InvoicePdf,
    NotificationPreference,
    Payment,
    ScheduleItem,
    SmsMessage,
    User,
)
from ebok_app.notifications import job

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
COMPANY = {
    "kind": "company",
    "id": "C-1",
    "millekod": "12345678",
    "name": "Transport Kowalski sp. z o.o.",
    "nip": "5260250274",
    "regon": "012345675",
    "street": "ul. Prosta 1",
    "postal_code": "00-001",
    "city": "Warszawa",
}
CONTRACT = {
    "kind": "contract",
    "id": "K-1",
    "company": "C-1",
    "number": "UL/2025/0001",
    "lease_type": "operating",
    "signed_on": "2025-01-02",
    "start_date": "2025-01-10",
    "end_date": "2028-01-10",
    "initial_net": "120000.00",
    "installments_count": 36,
    "annual_rate_bp": 690,
    "asset_kind": "samochód osobowy",
    "asset_make": "Skoda",
    "asset_model": "Octavia",
    "asset_year": 2024,
    "asset_registration_number": "WA 12345",
}
INVOICE = {
    "kind": "invoice",
    "id": "F-1",
    "contract": "K-1",
    "number": "FV/2026/11/000001",
    "issue_date": "2026-11-20",
    "sale_date": "2026-11-20",
    "due_date": "2026-11-21",
    "net": "1000.00",
    "vat": "230.00",
    "gross": "1230.00",
}
ITEMS = [
    {
        "kind": "schedule_item",
        "id": f"S-{n}",
        "contract": "K-1",
        "invoice": "F-1",
        "item_kind": "installment",
        "seq_no": n,
        "description": f"Rata leasingowa {n}/36",
        "due_date": "2026-11-21",
        "net": "500.00",
        "vat_rate": "23",
        "vat": "115.00",
        "gross": "615.00",
    }
    for n in (1, 2)
]
PAYMENT = {
    "kind": "payment",
    "id": "P-1",
    "invoice": "F-1",
    "paid_on": "2026-11-22",
    "amount": "700.00",
    "reference": "PRZELEW/1",
}
POLICY = {
    "kind": "policy",
    "id": "U-1",
    "contract": "K-1",
    "number": "POL123",
    "insurer": "Warta",
    "policy_kind": "komunikacyjne OC/AC",
    "variant": "pełny",
    "start_date": "2026-01-10",
    "end_date": "2027-01-09",
    "premium": "3210.50",
}


def _jsonl(*records: dict, version: int = 1) -> str:
    return "".join(json.dumps({"format": 1, "record_version": version} | r) + "\n" for r in records)


FULL = (COMPANY, CONTRACT, INVOICE, *ITEMS, PAYMENT, POLICY)


def _snapshot(engine) -> dict:
    """What a batch could change: row counts, paid amounts and data versions."""
    with Session(engine) as session:
        counts = {
            m.__name__: session.exec(select(func.count()).select_from(m)).one()
            for m in (Company, Contract, Invoice, ScheduleItem, Payment, InsurancePolicy)
        }
        paid = session.exec(select(Invoice.number, Invoice.paid_gr).order_by(Invoice.number)).all()
        items = session.exec(
            select(ScheduleItem.external_id, ScheduleItem.paid_gr).order_by(ScheduleItem.id)
        ).all()
        versions = session.exec(select(Company.external_id, Company.data_version).order_by(Company.id)).all()
        return {"counts": counts, "paid": paid, "items": items, "versions": versions}


def _apply(engine, content: str, fmt: str = "jsonl"):
    return ingest(engine, content, fmt, actor="feed:test", source="test")


def test_a_full_batch_creates_the_portfolio_settles_payments_and_bumps_the_version_once(engine):
    report = _apply(engine, _jsonl(*FULL))
    assert report.ok, report.problems
    assert dict(report.created) == {
        "company": 1,
        "contract": 1,
        "invoice": 1,
        "schedule_item": 2,
        "payment": 1,
        "policy": 1,
    }
    with Session(engine) as session:
        invoice = session.exec(select(Invoice)).one()
        items = session.exec(select(ScheduleItem).order_by(ScheduleItem.seq_no)).all()
        company = session.exec(select(Company)).one()
        assert invoice.paid_gr == 70_000 and invoice.gross_gr == 123_000
        assert [i.paid_gr for i in items] == [61_500, 8_500]  # the payment settles the items in due order
        assert session.exec(select(Contract)).one().company_id == company.id == invoice.company_id
        assert company.data_version == 2  # created at 1, bumped by the batch
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "feed_ingest")).one()
        assert entry.result == "ok" and entry.details["created"] == 7


def test_the_same_batch_twice_changes_nothing(engine):
    assert _apply(engine, _jsonl(*FULL)).ok
    before = _snapshot(engine)
    again = _apply(engine, _jsonl(*FULL))
    assert again.ok and again.unchanged == len(FULL) and not again.created and not again.updated
    assert again.companies == [] and _snapshot(engine) == before


def test_a_newer_version_updates_and_an_older_one_is_ignored(engine):
    assert _apply(engine, _jsonl(*FULL)).ok
    newer = _apply(engine, _jsonl(PAYMENT | {"amount": "1230.00"}, version=3))
    assert newer.ok and newer.updated["payment"] == 1
    after_newer = _snapshot(engine)
    assert after_newer["paid"] == [("FV/2026/11/000001", 123_000)]
    assert after_newer["items"] == [("S-1", 61_500), ("S-2", 61_500)]
    assert after_newer["versions"] == [("C-1", 3)]
    older = _apply(engine, _jsonl(PAYMENT | {"amount": "1.00"}, version=2))
    assert older.ok and older.stale == 1 and _snapshot(engine) == after_newer


BAD_BATCHES = [
    ("unknown company", [CONTRACT | {"company": "C-404"}], "company", "unknown company 'C-404'"),
    ("payment for unknown invoice", [PAYMENT | {"invoice": "F-404"}], "invoice", "unknown invoice 'F-404'"),
    (
        "duplicate external id",
        [PAYMENT | {"id": "P-9"}, PAYMENT | {"id": "P-9"}],
        "id",
        "duplicate external id",
    ),
    ("three decimals", [PAYMENT | {"id": "P-9", "amount": "10.005"}], "amount", "more than two decimals"),
    (
        "no such day",
        [PAYMENT | {"id": "P-9", "paid_on": "2026-02-30"}],
        "paid_on",
        "not a date of the calendar",
    ),
    ("missing field", [{k: v for k, v in PAYMENT.items() if k != "reference"}], "reference", "is required"),
    ("unknown kind", [{"kind": "lease", "id": "X"}], "kind", "unknown record kind"),
    (
        "gross not net + vat",
        [INVOICE | {"id": "F-2", "number": "FV/2", "gross": "1.00"}],
        "gross",
        "net + vat",
    ),
    ("number taken", [INVOICE | {"id": "F-2"}], "number", "already used by another invoice"),
    ("unknown field", [PAYMENT | {"id": "P-9", "iban": "PL61"}], "iban", "is not a field of this kind"),
]


@pytest.mark.parametrize(
    ("bad", "field", "reason"), [b[1:] for b in BAD_BATCHES], ids=[b[0] for b in BAD_BATCHES]
)
def test_a_bad_record_refuses_the_whole_batch_with_a_report_and_an_audit_entry(engine, bad, field, reason):
    assert _apply(engine, _jsonl(*FULL)).ok
    before = _snapshot(engine)
    good_payment = PAYMENT | {"id": "P-2", "amount": "1.00"}
    report = _apply(engine, _jsonl(good_payment, *bad, version=2))
    assert not report.ok and report.companies == []
    assert any(p.field == field and reason in p.reason for p in report.problems), report.problems
    assert report.problems[0].record >= 2  # the good record (line 1) is not blamed
    assert _snapshot(engine) == before  # the good payment of the batch is not applied either
    with Session(engine) as session:
        refused = session.exec(select(AuditEntry).where(AuditEntry.result == "refused")).one()
        assert refused.details["problems"] == len(report.problems) and field in refused.details["first"]


def test_malformed_lines_and_csv_are_reported_by_line():
    records, problems = read_batch('{"kind": "payment"}\n{not json\n[1]\n', "jsonl")
    assert [position for position, _ in records] == [1]
    assert [p.record for p in problems] == [2, 3]
    assert "not valid JSON" in problems[0].reason and "JSON object" in problems[1].reason
    _, csv_problems = read_batch("id,amount\nP-1,1.00\n", "csv")
    assert "`kind`" in csv_problems[0].reason
    assert format_of("feed.ndjson") == "jsonl" and format_of("x.csv") == "csv" and format_of("x.xml") is None


def test_a_csv_batch_applies_like_json_lines(engine):
    columns = sorted({k for r in FULL for k in r} | {"format", "record_version"})
    lines = [",".join(columns)]
    for record in FULL:
        row = {"format": 1, "record_version": 1} | record
        lines.append(",".join(json.dumps(str(row[c])) if c in row else "" for c in columns))
    report = _apply(engine, "\n".join(lines) + "\n", "csv")
    assert report.ok, report.problems
    assert sum(report.created.values()) == len(FULL)
    assert _snapshot(engine)["paid"] == [("FV/2026/11/000001", 70_000)]


def test_two_batches_at_once_apply_one_after_the_other_without_doubling(engine):
    assert _apply(engine, _jsonl(*FULL)).ok
    payments = [PAYMENT | {"id": f"P-{n}", "amount": "1.00"} for n in range(2, 42)]
    batch = _jsonl(*payments)
    reports = []

    def push() -> None:
        reports.append(_apply(engine, batch))

    threads = [threading.Thread(target=push) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.ok for r in reports), [r.problems for r in reports]
    assert sorted(sum(r.created.values()) for r in reports) == [0, 40]  # one created them, one found them
    assert _snapshot(engine)["paid"] == [("FV/2026/11/000001", 70_000 + 40 * 100)]
    assert _snapshot(engine)["versions"] == [("C-1", 3)]  # created, first batch, the one batch that changed


def test_a_fed_invoice_reaches_the_new_invoice_sms_once(engine):
    assert _apply(engine, _jsonl(COMPANY, CONTRACT)).ok
    with Session(engine) as session:
        company = session.exec(select(Company)).one()
        user = User(
            company_id=company.id,
            login="anna",
            first_name="Anna",
            last_name="K",
            phone="+48600100200",
            created_at=NOW,
        )
        session.add(user)
        session.flush()
        session.add(
            NotificationPreference(
                user_id=user.id,
                new_invoice=True,
                new_invoice_since=TODAY - timedelta(days=30),
                updated_at=NOW,
            )
        )
        session.commit()
    assert _apply(engine, _jsonl(INVOICE)).ok
    for _ in range(2):
        job.run(engine, today=TODAY, now=NOW, brand="eBOK")
    with Session(engine) as session:
        sms = session.exec(select(SmsMessage).where(SmsMessage.purpose == "new_invoice")).all()
    assert len(sms) == 1 and "FV/2026/11/000001" in sms[0].body


def test_feed_credentials_are_stored_hashed_checked_and_revoked(engine):
    with Session(engine) as session:
        secret = credentials.create(session, "core-system", NOW)
        session.commit()
        stored = session.exec(select(FeedCredential)).one()
        assert secret not in stored.secret_hash and len(secret) > 40
        assert credentials.check(session, secret, NOW) == "core-system"
        assert credentials.check(session, secret + "x", NOW) is None
        assert credentials.check(session, "", NOW) is None
        with pytest.raises(credentials.CredentialError):
            credentials.create(session, "core-system", NOW)
        assert credentials.revoke(session, "core-system", NOW)
        assert credentials.check(session, secret, NOW) is None


def test_the_push_endpoint_applies_with_a_live_credential_and_refuses_others_with_an_audit(cli_env):
    db.upgrade(cli_env)
    engine = db.get_engine()
    with Session(engine) as session:
        secret = credentials.create(session, "core-system", NOW)
        session.commit()
    ndjson = {"content-type": "application/x-ndjson"}
    with TestClient(api.http_app) as client:
        missing = client.post(api.FEED_ROUTE, content=_jsonl(*FULL), headers=ndjson)
        wrong = client.post(
            api.FEED_ROUTE, content=_jsonl(*FULL), headers=ndjson | {"authorization": "Bearer ebokfeed_x"}
        )
        auth = {"authorization": f"Bearer {secret}"}
        bad = client.post(
            api.FEED_ROUTE, content=_jsonl(PAYMENT | {"amount": "1.001"}), headers=ndjson | auth
        )
        xml = client.post(api.FEED_ROUTE, content="<feed/>", headers=auth | {"content-type": "text/xml"})
        good = client.post(api.FEED_ROUTE, content=_jsonl(*FULL), headers=ndjson | auth)
    assert missing.status_code == wrong.status_code == 401 and secret not in wrong.text
    assert bad.status_code == 422 and {p["field"] for p in bad.json()["problems"]} == {"amount"}
    assert xml.status_code == 415
    assert good.status_code == 200 and good.json()["created"]["payment"] == 1
    with Session(engine) as session:
        entries = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
        stored = set(session.exec(select(InvoicePdf.invoice_id)))
        fed = set(session.exec(select(Invoice.id).where(col(Invoice.external_id).is_not(None))))
    # after answering, the push rendered the PDF copies of the invoices it created and paid
    assert good.json()["invoices_changed"] == len(fed) > 0 and stored == fed
    assert [(e.action, e.result) for e in entries] == [
        ("feed_push", "denied"),
        ("feed_push", "denied"),
        ("feed_ingest", "refused"),
        ("feed_ingest", "ok"),
    ]
    assert entries[-1].actor == "feed:core-system" and all(secret not in str(e.details) for e in entries)
