"""Files go over HTTP with a signed, short-lived ticket of an open session: the right company's file
streams, anything else is refused like a missing file, and every download is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from ebok_app import api, db, downloads
from ebok_app.accounts import sessions
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.documents import invoice_pdf
from ebok_app.models import AuditEntry, Invoice, InvoicePdf, User
from ebok_app.settings import get_settings
from tests.conftest import copy_database


@pytest.fixture
def scene(cli_env, today, schema_template):
    copy_database(schema_template, cli_env)
    engine = db.get_engine()
    settings = get_settings()
    data = generate(5, today, fleet_contracts=2)
    insert_demo(engine, data, settings.password_pepper)
    now = datetime.now(UTC)
    with db.session_scope() as session:
        user = session.exec(select(User).where(User.active)).first()
        token = sessions.start(session, user, "tab-1", now, 3600, "127.0.0.1", "pytest")
        session.flush()
        info = sessions.check(session, token, "tab-1", now, 300)
        own = session.exec(select(Invoice).where(Invoice.company_id == user.company_id)).first()
        other = session.exec(select(Invoice).where(Invoice.company_id != user.company_id)).first()
    return {"info": info, "token": token, "own": own, "other": other, "pepper": settings.password_pepper}


def _get(path: str):
    with TestClient(api.http_app) as client:
        return client.get(path)


def _path(scene, invoice_id: int, now: datetime | None = None) -> str:
    return downloads.url(
        scene["pepper"],
        base="",
        kind="invoice_pdf",
        session_id=scene["info"].session_id,
        params={"invoice_id": invoice_id},
        now=now or datetime.now(UTC),
    )


def _audit() -> list[tuple[str, str, dict | None]]:
    with Session(db.get_engine()) as session:
        return [
            (a.action, a.result, a.details) for a in session.exec(select(AuditEntry).order_by(AuditEntry.id))
        ]


def test_own_invoice_streams_as_a_named_pdf_and_is_audited(scene):
    response = _get(_path(scene, scene["own"].id))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response.headers["content-type"] == "application/pdf"
    assert scene["own"].number.replace("/", "_") in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "no-store"
    assert ("download_invoice", "ok", {"invoice_id": scene["own"].id}) in _audit()


def test_an_invoice_pdf_is_rendered_once_per_version_of_the_invoice(scene, monkeypatch):
    rendered = []
    monkeypatch.setattr(
        invoice_pdf,
        "render_invoice",
        lambda doc, _link: rendered.append(doc.paid_gr) or f"%PDF-{doc.paid_gr}".encode(),
    )
    first, again = _get(_path(scene, scene["own"].id)), _get(_path(scene, scene["own"].id))
    assert first.content == again.content and len(rendered) == 1  # the same version: the stored PDF
    with db.session_scope() as session:
        session.get(Invoice, scene["own"].id).paid_gr += 100  # a payment arrived: a new version
    paid = _get(_path(scene, scene["own"].id))
    assert rendered == [scene["own"].paid_gr, scene["own"].paid_gr + 100] and paid.content != first.content
    with Session(db.get_engine()) as session:
        assert session.get(InvoicePdf, scene["own"].id).pdf == paid.content  # stored in place of the old
    assert [a for a in _audit() if a[0] == "download_invoice"].count(
        ("download_invoice", "ok", {"invoice_id": scene["own"].id})
    ) == 3  # every download audited, stored or not


def test_another_companys_invoice_looks_missing_and_is_audited(scene):
    response = _get(_path(scene, scene["other"].id))
    assert response.status_code == 404
    assert "Nie znaleziono pliku" in response.text and b"%PDF" not in response.content
    assert ("download_invoice", "denied", {"invoice_id": scene["other"].id}) in _audit()


@pytest.mark.parametrize("invoice_id", [None, -1, 2**63, "1", True])
def test_malformed_ids_are_refused(scene, invoice_id):
    assert _get(_path(scene, invoice_id)).status_code == 404


def test_altered_late_or_foreign_tickets_are_refused(scene):
    good = _path(scene, scene["own"].id)
    body, _, signature = good.rsplit("/", 1)[1].partition(".")
    forged = downloads.ticket(
        b"x" * 32, kind="invoice_pdf", session_id=scene["info"].session_id, params={}, now=datetime.now(UTC)
    )
    late = _path(
        scene, scene["own"].id, now=datetime.now(UTC) - timedelta(seconds=downloads.TICKET_TTL_S + 5)
    )
    for path in (
        f"{downloads.ROUTE_PREFIX}/{body}.{signature[:-2]}AA",
        f"{downloads.ROUTE_PREFIX}/{forged}",
        late,
        f"{downloads.ROUTE_PREFIX}/garbage",
    ):
        response = _get(path)
        assert response.status_code == 401, path
        assert b"%PDF" not in response.content


def test_a_ticket_dies_with_its_session(scene):
    path = _path(scene, scene["own"].id)
    with db.session_scope() as session:
        sessions.end_by_key(session, scene["token"], datetime.now(UTC), "logout")
    assert _get(path).status_code == 401
