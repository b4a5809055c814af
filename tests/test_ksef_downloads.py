"""The KSeF files over HTTP: an invoice's XML and the accountant's ZIP stream for the right company only;
another company's invoice or contract is refused like a missing one, and every try is audited."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import polars as pl
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select
from starlette.testclient import TestClient

from ebok_app import api, db, downloads
from ebok_app.accounts import sessions
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.documents import invoice_package, invoice_pdf
from ebok_app.documents.ksef import issued
from ebok_app.documents.ksef.fa3 import check_fa3
from ebok_app.models import AuditEntry, Contract, Invoice, InvoicePdf, InvoiceXml, User
from ebok_app.settings import get_settings


@pytest.fixture
def scene(cli_env, today):
    db.upgrade(cli_env)
    settings = get_settings()
    insert_demo(db.get_engine(), generate(6, today, fleet_contracts=2), settings.password_pepper)
    now = datetime.now(UTC)
    with db.session_scope() as session:
        user = session.exec(select(User).where(User.active).order_by(User.id)).first()  # the florist: small
        token = sessions.start(session, user, "tab-1", now, 3600, "127.0.0.1", "pytest")
        session.flush()
        info = sessions.check(session, token, "tab-1", now, 300)
        own = session.exec(select(Invoice).where(Invoice.company_id == user.company_id)).all()
        other = session.exec(select(Invoice).where(Invoice.company_id != user.company_id)).first()
        other_contract = session.exec(select(Contract).where(Contract.company_id != user.company_id)).first()
    return {"info": info, "own": own, "other": other, "other_contract": other_contract.id}


def _get(scene, kind: str, **params):
    path = downloads.url(
        get_settings().password_pepper,
        base="",
        kind=kind,
        session_id=scene["info"].session_id,
        params=params,
        now=datetime.now(UTC),
    )
    with TestClient(api.http_app) as client:
        return client.get(path)


def _audit(action: str) -> list[tuple[str, dict]]:
    with Session(db.get_engine()) as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
        return [(a.result, a.details) for a in rows]


def test_own_invoice_xml_streams_valid_and_is_stored_another_companys_looks_missing(scene):
    invoice = scene["own"][0]
    response = _get(scene, "invoice_xml", invoice_id=invoice.id)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    assert check_fa3(response.content).gross_gr == invoice.gross_gr
    with Session(db.get_engine()) as session:
        assert session.get(InvoiceXml, invoice.id).xml == response.content
    assert _get(scene, "invoice_xml", invoice_id=invoice.id).content == response.content
    refused = _get(scene, "invoice_xml", invoice_id=scene["other"].id)
    assert refused.status_code == 404 and b"<Faktura" not in refused.content
    assert ("denied", {"invoice_id": scene["other"].id}) in _audit("download_invoice_xml")
    with Session(db.get_engine()) as session:
        assert session.get(InvoiceXml, scene["other"].id) is None


def test_the_zip_holds_every_filtered_invoice_and_a_csv_summary(scene):
    own = scene["own"]
    response = _get(scene, "invoice_package")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    stems = {i.number.replace("/", "_") for i in own}
    assert set(archive.namelist()) == (
        {"zestawienie.csv"} | {f"pdf/{s}.pdf" for s in stems} | {f"xml/{s}.xml" for s in stems}
    )
    summary = pl.read_csv(io.BytesIO(archive.read("zestawienie.csv")[3:]), separator=";", decimal_comma=True)
    assert sorted(summary["Numer faktury"]) == sorted(i.number for i in own)
    assert sorted(summary["Numer KSeF"].drop_nulls()) == sorted(i.ksef_number for i in own if i.ksef_number)
    for invoice in own:
        xml = archive.read(f"xml/{invoice.number.replace('/', '_')}.xml")
        assert check_fa3(xml).gross_gr == invoice.gross_gr
        assert archive.read(f"pdf/{invoice.number.replace('/', '_')}.pdf").startswith(b"%PDF-")
    assert ("ok", {"invoices": len(own)}) in _audit("download_invoice_package")


def test_a_zip_of_another_companys_contract_or_over_the_limit_is_refused_and_audited(scene, monkeypatch):
    foreign = _get(scene, "invoice_package", contract_id=scene["other_contract"])
    assert foreign.status_code == 404
    monkeypatch.setattr(invoice_package, "MAX_PACKAGE_INVOICES", len(scene["own"]) - 1)
    assert _get(scene, "invoice_package").status_code == 404
    results = [result for result, _ in _audit("download_invoice_package")]
    assert results == ["denied", "denied"]


def test_package_filters_survive_the_ticket_and_malformed_ones_mean_no_limit():
    from datetime import date

    from ebok_app.portfolio import queries

    flt = queries.InvoiceFilter(
        search="fv/2026", status="unpaid", ksef="without", issue_from=date(2026, 1, 1)
    )
    assert queries.invoice_filter_from(queries.invoice_filter_params(flt)) == flt
    assert (
        queries.invoice_filter_from(
            {"status": "robbed", "issue_from": "yesterday", "contract_id": "7", "ksef": 1}
        )
        == queries.InvoiceFilter()
    )


def _rendering(monkeypatch) -> list[str]:
    """The numbers of the invoices whose PDF is rendered from now on (each still rendered for real)."""
    rendered: list[str] = []
    render = invoice_pdf.render_invoice
    monkeypatch.setattr(
        invoice_pdf, "render_invoice", lambda doc, link: rendered.append(doc.number) or render(doc, link)
    )
    return rendered


def test_the_zip_holds_the_single_downloads_very_files_each_pdf_rendered_once(scene, monkeypatch):
    rendered = _rendering(monkeypatch)
    archive = zipfile.ZipFile(io.BytesIO(_get(scene, "invoice_package").content))
    assert sorted(rendered) == sorted(i.number for i in scene["own"])  # a cold start renders each once
    for invoice in scene["own"]:
        stem = invoice_package.file_stem(invoice.number)
        assert archive.read(f"pdf/{stem}.pdf") == _get(scene, "invoice_pdf", invoice_id=invoice.id).content
        assert archive.read(f"xml/{stem}.xml") == _get(scene, "invoice_xml", invoice_id=invoice.id).content
    again = zipfile.ZipFile(io.BytesIO(_get(scene, "invoice_package").content))
    assert len(rendered) == len(scene["own"])  # the downloads and the second ZIP took the stored PDFs
    assert {n: again.read(n) for n in again.namelist()} == {n: archive.read(n) for n in archive.namelist()}


def test_a_ksef_number_arriving_makes_that_invoices_stored_pdf_stale_and_only_that(scene, monkeypatch):
    invoice = next(i for i in scene["own"] if i.ksef_number)
    with db.session_scope() as session:  # as it stood before KSeF gave it its number
        session.get(Invoice, invoice.id).ksef_number = None
    _get(scene, "invoice_package")
    with Session(db.get_engine()) as session:
        offline = session.get(InvoicePdf, invoice.id)
    assert "OFFLINE" in _pdf_text(offline.pdf)
    rendered = _rendering(monkeypatch)
    with db.session_scope() as session:
        issued.apply_ksef_record(
            session,
            invoice_number=invoice.number,
            ksef_number=invoice.ksef_number,
            xml=None,
            seller=get_settings().lessor,
        )
    archive = zipfile.ZipFile(io.BytesIO(_get(scene, "invoice_package").content))
    assert rendered == [invoice.number]
    pdf = archive.read(f"pdf/{invoice_package.file_stem(invoice.number)}.pdf")
    with Session(db.get_engine()) as session:
        stored = session.get(InvoicePdf, invoice.id)
    assert stored.pdf == pdf and stored.version != offline.version
    assert invoice.ksef_number in _pdf_text(pdf) and "OFFLINE" not in _pdf_text(pdf)


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
