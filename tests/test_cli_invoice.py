"""`ebok invoice xml NUMBER` and `ebok invoice pdf NUMBER FILE`: the stored XML and the PDF copy, for
scripts and the helpdesk; an unknown number is a clear error."""

from pypdf import PdfReader
from sqlmodel import Session, select
from typer.testing import CliRunner

from ebok_app import db
from ebok_app.cli import app
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.documents import stored_pdfs
from ebok_app.documents.ksef.fa3 import check_fa3
from ebok_app.models import Invoice, InvoicePdf, InvoiceXml
from ebok_app.settings import get_settings


def _scene(today) -> Invoice:
    db.upgrade(get_settings().database_url)
    insert_demo(db.get_engine(), generate(4, today, fleet_contracts=1), get_settings().password_pepper)
    with Session(db.get_engine()) as session:
        return session.exec(select(Invoice).where(Invoice.ksef_number.is_not(None))).first()


def test_invoice_xml_writes_the_stored_xml_and_pdf_writes_the_copy(cli_env, today, tmp_path):
    invoice = _scene(today)
    runner = CliRunner()
    result = runner.invoke(app, ["invoice", "xml", invoice.number])
    assert result.exit_code == 0, result.output
    assert check_fa3(result.stdout_bytes).gross_gr == invoice.gross_gr
    with Session(db.get_engine()) as session:
        assert session.get(InvoiceXml, invoice.id).xml == result.stdout_bytes
    again = runner.invoke(app, ["invoice", "xml", invoice.number])
    assert again.stdout_bytes == result.stdout_bytes

    target = tmp_path / "faktura.pdf"
    result = runner.invoke(app, ["invoice", "pdf", invoice.number, str(target)])
    assert result.exit_code == 0, result.output
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert f"Faktura VAT nr {invoice.number}" in text and invoice.ksef_number in text


def test_an_unknown_invoice_is_an_error_and_writes_nothing(cli_env, today, tmp_path):
    _scene(today)
    runner = CliRunner()
    result = runner.invoke(app, ["invoice", "xml", "FV/1999/01/000001"])
    assert result.exit_code == 1 and "no invoice 'FV/1999/01/000001'" in result.output
    target = tmp_path / "x.pdf"
    result = runner.invoke(app, ["invoice", "pdf", "FV/1999/01/000001", str(target)])
    assert result.exit_code == 1 and not target.exists()


def test_invoice_pdfs_renders_and_stores_what_is_missing_then_nothing(cli_env, today, tmp_path):
    invoice = _scene(today)
    with Session(db.get_engine()) as session:
        company_invoices = session.exec(select(Invoice).where(Invoice.company_id == invoice.company_id)).all()
    runner = CliRunner()
    args = ["invoice", "pdfs", "--company-id", str(invoice.company_id), "--workers", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (
        f"{len(company_invoices)} invoices: {len(company_invoices)} PDFs rendered and stored" in result.output
    )
    with Session(db.get_engine()) as session:
        stored = session.exec(select(InvoicePdf).where(InvoicePdf.company_id == invoice.company_id)).all()
        assert {row.invoice_id for row in stored} == {i.id for i in company_invoices}
        assert stored_pdfs.invoice_pdf(
            session, invoice, get_settings().lessor, get_settings().ksef_qr_url
        ) == next(row.pdf for row in stored if row.invoice_id == invoice.id)
    again = runner.invoke(app, args)
    assert (
        again.exit_code == 0
        and f"0 PDFs rendered and stored, {len(company_invoices)} current" in again.output
    )
