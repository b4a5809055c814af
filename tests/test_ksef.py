"""KSeF: KSeF numbers, the FA(3) XML of every invoice (valid against the official schema, totals equal
to the PDF's and the database's), KOD I read back from the rendered PDF, corrections, the feed's refusals."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from lxml import etree
from pypdf import PdfReader
from sqlalchemy import text
from sqlmodel import Session, select

from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.documents import stored_pdfs
from ebok_app.documents.invoice_document import invoice_document
from ebok_app.documents.ksef import issued
from ebok_app.documents.ksef.fa3 import NAMESPACE, Fa3Invalid, build_fa3, check_fa3, fa3_schema
from ebok_app.documents.ksef.links import verification_link, xml_hash
from ebok_app.documents.ksef.numbers import crc8, is_ksef_number, ksef_number_error, make_ksef_number
from ebok_app.models import Invoice, InvoiceXml
from ebok_app.portfolio.money import format_pln
from ebok_app.settings import get_settings

OFFICIAL_EXAMPLE = "5265877635-20250826-0100001AF629-AF"  # faktury/numer-ksef.md
QR = "https://qr-test.ksef.mf.gov.pl"


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def _pln(grosze: int, currency: str = "zł") -> str:
    return re.sub(r"\s+", " ", format_pln(grosze, currency)).strip()


@pytest.fixture
def demo(engine, today):
    data = generate(3, today, fleet_contracts=3)
    insert_demo(engine, data, bytes(32))
    return data


def test_the_official_example_number_is_valid_and_every_change_is_caught():
    assert is_ksef_number(OFFICIAL_EXAMPLE)
    assert f"{crc8(OFFICIAL_EXAMPLE[:32].encode()):02X}" == "AF"
    assert ksef_number_error(OFFICIAL_EXAMPLE, "5265877635") is None
    assert "seller NIP" in ksef_number_error(OFFICIAL_EXAMPLE, "5252248481")
    for bad, reason in (
        (OFFICIAL_EXAMPLE[:-2] + "AE", "checksum"),
        (OFFICIAL_EXAMPLE.replace("1AF629", "1AF628"), "checksum"),
        (OFFICIAL_EXAMPLE.lower(), "hex"),
        (OFFICIAL_EXAMPLE[:-1], "35 characters"),
        ("5265877635-20251326-0100001AF629-AF", "not a date"),
        ("", "35 characters"),
    ):
        assert reason in ksef_number_error(bad), bad
    made = make_ksef_number("5252248481", date(2026, 2, 1), "00ab00ab00ab")
    assert made.startswith("5252248481-20260201-00AB00AB00AB-") and is_ksef_number(made)


def test_kod_i_link_is_built_as_the_documentation_shows():
    xml = b"<Faktura/>"
    link = verification_link(QR + "/", "1111111111", date(2026, 2, 1), xml)
    assert link == f"{QR}/invoice/1111111111/01-02-2026/{xml_hash(xml)}"
    assert len(xml_hash(xml)) == 43 and "=" not in xml_hash(xml) and "+" not in xml_hash(xml)


def test_every_demo_invoice_gets_a_valid_fa3_xml_with_the_databases_totals(demo, engine):
    lessor = get_settings().lessor
    with Session(engine) as session:
        invoices = session.exec(select(Invoice)).all()
        assert any(i.corrects_id for i in invoices)
        for invoice in invoices:
            xml = issued.invoice_xml(session, invoice, lessor)
            assert fa3_schema().validate(etree.fromstring(xml))
            totals = check_fa3(xml)
            sums = session.execute(
                text("SELECT net_gr, vat_gr, gross_gr FROM invoice WHERE id = :id"), {"id": invoice.id}
            ).one()
            assert (totals.net_gr, totals.vat_gr, totals.gross_gr) == tuple(sums), invoice.number
        session.commit()
        stored = session.execute(text("SELECT COUNT(*) FROM invoicexml")).scalar_one()
        assert stored == len(invoices)
        first = invoices[0]
        again = issued.invoice_xml(session, first, lessor)
        assert again == session.get(InvoiceXml, first.id).xml  # served as stored, not rebuilt


def test_xml_totals_equal_the_pdfs_and_the_sum_of_the_lines(demo, engine):
    lessor = get_settings().lessor
    with Session(engine) as session:
        invoice = (
            session.exec(select(Invoice).where(Invoice.gross_gr > 100_000_00)).first()
            or session.exec(select(Invoice).order_by(Invoice.gross_gr.desc())).first()
        )
        xml = issued.invoice_xml(session, invoice, lessor)
        totals = check_fa3(xml)
        text_ = _pdf_text(stored_pdfs.invoice_pdf(session, invoice, lessor, QR))
        lines = session.execute(
            text("SELECT SUM(gross_gr) FROM scheduleitem WHERE invoice_id = :id"), {"id": invoice.id}
        ).scalar_one()
    assert totals.gross_gr == lines
    assert f"Do zapłaty: {_pln(totals.gross_gr)}" in text_
    for amount in (totals.net_gr, totals.vat_gr, totals.gross_gr):
        assert _pln(amount, "") in text_


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
def test_the_qr_code_read_from_the_rendered_pdf_is_the_link_to_that_very_xml(demo, engine, tmp_path):
    from PIL import Image
    from pyzbar.pyzbar import decode

    lessor = get_settings().lessor
    with Session(engine) as session:
        invoice = session.exec(select(Invoice).where(Invoice.ksef_number.is_not(None))).first()
        pdf = stored_pdfs.invoice_pdf(session, invoice, lessor, QR)
        xml = session.get(InvoiceXml, invoice.id).xml
    (tmp_path / "f.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "f.pdf", "page"], cwd=tmp_path, check=True
    )
    page = next(tmp_path.glob("page*.png"))
    found = [d.data.decode() for d in decode(Image.open(page))]
    expected = f"{QR}/invoice/{lessor.nip}/{invoice.issue_date:%d-%m-%Y}/{xml_hash(xml)}"
    assert found == [expected]
    text_ = _pdf_text(pdf)
    assert invoice.ksef_number in text_ and "OFFLINE" not in text_
    assert f"Tytuł przelewu: {invoice.number} KSeF {invoice.ksef_number}" in text_


def test_an_invoice_without_a_ksef_number_is_labelled_offline(demo, engine):
    with Session(engine) as session:
        invoice = session.exec(select(Invoice).where(Invoice.ksef_number.is_(None))).first()
        text_ = _pdf_text(stored_pdfs.invoice_pdf(session, invoice, get_settings().lessor, QR))
    assert "OFFLINE" in text_ and "Numer KSeF: OFFLINE" in text_


def test_a_correction_names_the_invoice_it_corrects_and_the_original_links_to_it(demo, engine):
    lessor = get_settings().lessor
    with Session(engine) as session:
        kor = session.exec(select(Invoice).where(Invoice.corrects_id.is_not(None))).first()
        original = session.get(Invoice, kor.corrects_id)
        xml = etree.fromstring(issued.invoice_xml(session, kor, lessor))
        kor_text = _pdf_text(stored_pdfs.invoice_pdf(session, kor, lessor, QR))
        original_text = _pdf_text(stored_pdfs.invoice_pdf(session, original, lessor, QR))
    ns = {"f": NAMESPACE}
    assert xml.findtext("f:Fa/f:RodzajFaktury", namespaces=ns) == "KOR"
    assert xml.findtext("f:Fa/f:DaneFaKorygowanej/f:NrFaKorygowanej", namespaces=ns) == original.number
    assert (
        xml.findtext("f:Fa/f:DaneFaKorygowanej/f:NrKSeFFaKorygowanej", namespaces=ns) == original.ksef_number
    )
    assert f"Faktura korygująca nr {kor.number}" in kor_text
    assert f"Koryguje fakturę nr {original.number}" in kor_text
    assert f"Różnica (kwota korekty) brutto: {_pln(kor.gross_gr)}" in kor_text
    assert f"Skorygowana fakturą: {kor.number}" in original_text


def test_money_columns_keep_large_amounts_on_one_line(demo, engine):
    lessor = get_settings().lessor
    with Session(engine) as session:
        invoice = session.exec(select(Invoice).where(Invoice.corrects_id.is_(None))).first()
        doc = invoice_document(session, invoice, lessor)
    from dataclasses import replace

    from ebok_app.documents.invoice_document import InvoiceLine
    from ebok_app.documents.invoice_pdf import render_invoice

    big = replace(doc, lines=(InvoiceLine("Wykup", 98_765_432_10, "23", 22_716_049_38, 121_481_481_48),))
    page_text = PdfReader(io.BytesIO(render_invoice(big, f"{QR}/invoice/x"))).pages[0].extract_text()
    for amount in ("98 765 432,10", "22 716 049,38", "121 481 481,48"):
        assert any(amount in line for line in page_text.splitlines()), amount


def _record(session, **kwargs):
    return issued.apply_ksef_record(session, seller=get_settings().lessor, **kwargs)


def test_the_feed_stores_a_checked_ksef_number_and_refuses_bad_records_storing_nothing(demo, engine):
    lessor = get_settings().lessor
    with Session(engine) as session:
        offline = session.exec(select(Invoice).where(Invoice.ksef_number.is_(None))).first()
        number = offline.number
        good = make_ksef_number(lessor.nip, offline.issue_date, "0123456789AB")
        xml = build_fa3(invoice_document(session, offline, lessor))
        wrong_total = xml.replace(b"<P_15>", b"<P_15>1", 1)
        invalid = xml.replace(b"<P_2>", b"<P_2x>", 1).replace(b"</P_2>", b"</P_2x>", 1)
        for kwargs, reason in (
            ({"ksef_number": good[:-2] + "00", "xml": None}, "checksum"),
            (
                {"ksef_number": make_ksef_number("1111111111", offline.issue_date, "0" * 12), "xml": None},
                "NIP",
            ),
            ({"ksef_number": good, "xml": invalid}, "does not validate"),
            ({"ksef_number": good, "xml": wrong_total}, "P_15"),
        ):
            with pytest.raises(issued.KsefRecordRefused, match=reason) as refused:
                _record(session, invoice_number=number, **kwargs)
            assert number in str(refused.value)
        session.rollback()
        assert session.get(InvoiceXml, offline.id) is None
        assert session.get(Invoice, offline.id).ksef_number is None
        _record(session, invoice_number=number, ksef_number=good, xml=xml)
        session.commit()
        assert session.get(Invoice, offline.id).ksef_number == good
        assert session.get(InvoiceXml, offline.id).xml == xml
        with pytest.raises(issued.KsefRecordRefused, match="already has KSeF number"):
            _record(
                session,
                invoice_number=number,
                ksef_number=make_ksef_number(lessor.nip, date.today(), "1" * 12),
                xml=None,
            )
        with pytest.raises(issued.KsefRecordRefused, match="no such invoice"):
            _record(session, invoice_number="FV/1900/01/000001", ksef_number=good, xml=None)


def test_lines_that_do_not_add_up_are_refused():
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><Faktura xmlns="{NAMESPACE}"/>').encode()
    with pytest.raises(Fa3Invalid, match="does not validate"):
        check_fa3(xml)
    with pytest.raises(Fa3Invalid, match="well-formed"):
        check_fa3(b"<Faktura")
