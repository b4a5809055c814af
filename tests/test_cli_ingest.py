"""`ebok demo feed`, `ebok ingest` and `ebok feed credential create` from the command line."""

from __future__ import annotations

import json

from sqlmodel import Session, col, select
from typer.testing import CliRunner

from ebok_app import db
from ebok_app.cli import app
from ebok_app.documents import stored_pdfs
from ebok_app.models import Company, FeedCredential, Invoice, InvoicePdf, Payment
from ebok_app.settings import get_settings


def test_the_demo_feed_ingests_once_and_changes_the_portal(cli_env, today, tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    loaded = runner.invoke(app, ["demo", "load", "--fleet-contracts", "30", "--today", today.isoformat()])
    assert loaded.exit_code == 0, loaded.output
    feed = tmp_path / "feed.jsonl"
    day = today.replace(day=today.day + 1).isoformat()
    written = runner.invoke(app, ["demo", "feed", "--today", day, "--out", str(feed)])
    assert written.exit_code == 0, written.output
    kinds = {json.loads(line)["kind"] for line in feed.read_text().splitlines()}
    assert {"invoice", "payment", "policy"} <= kinds
    engine = db.get_engine()
    with Session(engine) as session:
        versions = dict(session.exec(select(Company.id, Company.data_version)).all())
        payments = len(session.exec(select(Payment)).all())
    applied = runner.invoke(app, ["ingest", str(feed), "--json"])
    assert applied.exit_code == 0, applied.output
    report = json.loads(applied.stdout)
    assert report["ok"] and report["created"]["payment"] > 0 and report["created"]["policy"] == 1
    with Session(engine) as session:
        assert len(session.exec(select(Payment)).all()) == payments + report["created"]["payment"]
        bumped = [c for c, v in session.exec(select(Company.id, Company.data_version)) if v > versions[c]]
        assert len(bumped) == report["companies_changed"] > 0
        paid_today = session.exec(select(Invoice).join(Payment).where(Payment.paid_on == day)).all()
        assert paid_today and all(i.paid_gr == i.gross_gr for i in paid_today)
        fed = {r["id"] for r in map(json.loads, feed.read_text().splitlines()) if r["kind"] == "invoice"}
        changed = {i.id for i in session.exec(select(Invoice).where(col(Invoice.external_id).in_(fed)))}
        changed |= {i.id for i in paid_today}
        stored = dict(session.exec(select(InvoicePdf.invoice_id, InvoicePdf.version)).all())
    # the PDF copies of the invoices the batch created or paid were rendered after it, and are current
    assert report["invoices_changed"] == len(changed) and changed <= stored.keys()
    settings = get_settings()
    with Session(engine) as session:
        invoices = list(session.exec(select(Invoice).where(col(Invoice.id).in_(changed))))
        current = stored_pdfs.current_versions(session, invoices, settings.lessor, settings.ksef_qr_url)
    assert current == {i: stored[i] for i in changed}
    again = runner.invoke(app, ["ingest", str(feed)])
    assert again.exit_code == 0 and "created nothing" in again.output


def test_ingest_reports_problems_with_exit_code_1(cli_env, tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    feed = tmp_path / "bad.jsonl"
    feed.write_text('{"format": 1, "kind": "payment", "id": "P-1", "record_version": 1, "invoice": "F-1"}\n')
    result = runner.invoke(app, ["ingest", str(feed)])
    assert result.exit_code == 1
    assert "record 1 payment 'P-1', field paid_on: is required" in result.output
    assert "refused" in result.output


def test_a_feed_credential_is_printed_once_and_stored_hashed(cli_env):
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    created = runner.invoke(app, ["feed", "credential", "create", "core-system"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("ebokfeed_")
    with Session(db.get_engine()) as session:
        stored = session.exec(select(FeedCredential)).one()
        assert stored.name == "core-system" and secret not in stored.secret_hash
    assert runner.invoke(app, ["feed", "credential", "create", "core-system"]).exit_code == 1
    assert runner.invoke(app, ["feed", "credential", "revoke", "core-system"]).exit_code == 0
