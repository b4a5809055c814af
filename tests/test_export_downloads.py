"""Exports leave over HTTP, streamed and whole: a list above the old 100,000-row cap arrives complete and
its money adds up to SQL's sum; another company's rows never appear; the download is audited."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest
from sqlalchemy import func, insert
from sqlmodel import Session, select
from starlette.testclient import TestClient

from ebok_app import api, db, downloads
from ebok_app.accounts import sessions
from ebok_app.models import AuditEntry, Invoice, User
from ebok_app.settings import get_settings
from tests.helpdesk_scene import add_company, add_contract

ROWS = 120_000


@pytest.fixture
def big(cli_env):
    db.upgrade(cli_env)
    engine = db.get_engine()
    with Session(engine) as session:
        mine, other = (
            add_company(session, "Flota", "12345678", "5260250274"),
            add_company(session, "Inna", "87654321", "7740001454"),
        )
        contracts = [add_contract(session, mine, "UL/1"), add_contract(session, other, "UL/2")]
        user = User(
            company_id=mine.id, login="anna", first_name="A", last_name="K", created_at=datetime.now(UTC)
        )
        session.add(user)
        session.flush()
        rows = [
            {
                "company_id": contract.company_id,
                "contract_id": contract.id,
                "number": f"FV/{contract.id}/{n:07d}",
                "issue_date": date(2026, 1, 1) + timedelta(days=n % 300),
                "sale_date": date(2026, 1, 1),
                "due_date": date(2026, 1, 15) + timedelta(days=n % 300),
                "net_gr": 10_000 + n,
                "vat_gr": 2_300,
                "gross_gr": 12_300 + n,
                "paid_gr": (n % 3) * 1_000,
                "currency": "PLN",
            }
            for contract, count in ((contracts[0], ROWS), (contracts[1], 10))
            for n in range(count)
        ]
        for start in range(0, len(rows), 20_000):
            session.execute(insert(Invoice), rows[start : start + 20_000])
        token = sessions.start(session, user, "tab-1", datetime.now(UTC), 3600, "127.0.0.1", "pytest")
        session.flush()
        info = sessions.check(session, token, "tab-1", datetime.now(UTC), 300)
        session.commit()
        gross = session.exec(select(func.sum(Invoice.gross_gr)).where(Invoice.company_id == mine.id)).one()
    return {"info": info, "gross_gr": gross, "company_id": mine.id}


def _export(big, **params):
    path = downloads.url(
        get_settings().password_pepper,
        base="",
        kind="invoices_export",
        session_id=big["info"].session_id,
        params=params,
        now=datetime.now(UTC),
    )
    with TestClient(api.http_app) as client:
        return client.get(path)


def test_an_export_above_100000_rows_is_whole_and_adds_up_to_sqls_sum(big):
    response = _export(big, format="csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    listed = pl.read_csv(io.BytesIO(response.content[3:]), separator=";", decimal_comma=True)
    assert listed.height == ROWS
    assert round(listed["Brutto"].sum() * 100) == big["gross_gr"]
    assert listed["Numer faktury"].str.starts_with("FV/1/").all()  # none of the other company's
    with Session(db.get_engine()) as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "export_invoices")).one()
    assert entry.result == "ok" and entry.details["rows"] == ROWS and entry.company_id == big["company_id"]


def test_a_filtered_export_has_exactly_the_filtered_rows(big):
    day = {"issue_from": "2026-01-01", "issue_to": "2026-01-01"}  # n % 300 == 0
    for status, paid_share in (("unpaid", 0), ("partly_paid", 1)):
        response = _export(big, format="csv", status=status, **day)
        listed = pl.read_csv(io.BytesIO(response.content[3:]), separator=";", decimal_comma=True)
        expected = [n for n in range(0, ROWS, 300) if (n % 3 == 0) == (paid_share == 0)]
        assert sorted(listed["Numer faktury"].to_list()) == [f"FV/1/{n:07d}" for n in expected]
