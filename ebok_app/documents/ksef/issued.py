"""An invoice's e-invoice as issued: its FA(3) XML, stored once, and the KSeF records of the core system.

The XML is made from the invoice's rows the first time it is asked for (or handed in by the feed), checked
against the official schema and the invoice's totals, and stored; from then on it is served as stored, so
the SHA-256 in its QR code never changes. Building it on first use keeps the demo load fast (200,000
invoices would otherwise cost minutes and gigabytes); the result is the same XML either way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from ebok_app.documents.invoice_document import InvoiceDocument, invoice_document
from ebok_app.documents.ksef.fa3 import Fa3Invalid, build_fa3, check_fa3
from ebok_app.documents.ksef.links import verification_link
from ebok_app.documents.ksef.numbers import ksef_number_error
from ebok_app.models import Company, Invoice, InvoiceXml
from ebok_app.settings import Lessor


class KsefRecordRefused(ValueError):
    """A feed record (KSeF number, XML) refused; the message names the invoice and the reason."""


@dataclass(frozen=True)
class IssuedXml:
    invoice: Invoice
    xml: bytes


def _refuse(invoice: Invoice | str, reason: str) -> KsefRecordRefused:
    number = invoice if isinstance(invoice, str) else invoice.number
    return KsefRecordRefused(f"invoice {number}: {reason}")


def _checked(invoice: Invoice, xml: bytes) -> bytes:
    try:
        totals = check_fa3(xml)
    except Fa3Invalid as exc:
        raise _refuse(invoice, str(exc)) from exc
    if (totals.net_gr, totals.vat_gr, totals.gross_gr) != (invoice.net_gr, invoice.vat_gr, invoice.gross_gr):
        raise _refuse(invoice, "the XML's totals differ from the invoice's")
    return xml


def _store(db: Session, invoice: Invoice, xml: bytes) -> bytes:
    """Insert the XML; when another worker stored it first, theirs wins (it is the same invoice). No
    SAVEPOINT: SQLite's driver would leave the outer transaction open (INSERT ... ON CONFLICT instead)."""
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    db.execute(
        insert(InvoiceXml)
        .values(
            invoice_id=invoice.id,
            company_id=invoice.company_id,
            sha256=hashlib.sha256(xml).hexdigest(),
            xml=xml,
            created_at=datetime.now(UTC),
        )
        .on_conflict_do_nothing(index_elements=["invoice_id"])
    )
    return db.execute(select(InvoiceXml.xml).where(InvoiceXml.invoice_id == invoice.id)).scalar_one()


def invoice_xml(db: Session, invoice: Invoice, seller: Lessor, doc: InvoiceDocument | None = None) -> bytes:
    """The invoice's FA(3) XML as stored; made (from `doc` when given), checked and stored on first use."""
    row = db.get(InvoiceXml, invoice.id)
    if row is not None:
        return row.xml
    doc = doc or invoice_document(db, invoice, seller)
    return _store(db, invoice, _checked(invoice, build_fa3(doc)))


def stored_xmls(db: Session, invoice_ids: list[int]) -> dict[int, bytes]:
    """The stored XML of those of `invoice_ids` that have one."""
    rows = db.execute(
        select(InvoiceXml.invoice_id, InvoiceXml.xml).where(col(InvoiceXml.invoice_id).in_(invoice_ids))
    )
    return dict(rows.tuples().all())


def company_invoice(db: Session, company_id: int, invoice_id: int) -> Invoice | None:
    """The invoice `invoice_id` if it is `company_id`'s (another company's looks missing)."""
    return db.exec(select(Invoice).where(Invoice.id == invoice_id, Invoice.company_id == company_id)).first()


def invoice_by_number(db: Session, number: str) -> Invoice | None:
    """An invoice by its number (for operators' scripts: any company's)."""
    return db.exec(select(Invoice).where(Invoice.number == number)).first()


def issued_xml(db: Session, company_id: int, invoice_id: int, seller: Lessor) -> IssuedXml | None:
    invoice = company_invoice(db, company_id, invoice_id)
    return None if invoice is None else IssuedXml(invoice, invoice_xml(db, invoice, seller))


def invoice_link(db: Session, invoice: Invoice, seller: Lessor, qr_url: str) -> str:
    """The invoice's KOD I verification link (from its stored XML)."""
    return verification_link(qr_url, seller.nip, invoice.issue_date, invoice_xml(db, invoice, seller))


def apply_ksef_record(
    db: Session, *, invoice_number: str, ksef_number: str, xml: bytes | None, seller: Lessor
) -> Invoice:
    """A record of the core system's feed: the invoice got `ksef_number` in KSeF (with the XML as sent,
    or None to store the one made here). Refused with KsefRecordRefused, storing nothing, when the number
    is malformed or another seller's, the XML does not validate or its totals differ from its lines or
    from the invoice, or the invoice already has another number."""
    invoice = invoice_by_number(db, invoice_number)
    if invoice is None:
        raise _refuse(invoice_number, "no such invoice")
    problem = ksef_number_error(ksef_number, seller.nip)
    if problem:
        raise _refuse(invoice, problem)
    if invoice.ksef_number not in (None, ksef_number):
        raise _refuse(invoice, f"it already has KSeF number {invoice.ksef_number}")
    stored = db.get(InvoiceXml, invoice.id)
    if xml is not None:
        _checked(invoice, xml)
        if stored is not None and stored.xml != xml:
            raise _refuse(invoice, "its XML as issued is stored already and differs")
    if xml is None:
        invoice_xml(db, invoice, seller)  # made here, as for any invoice, unless stored already
    elif stored is None:
        _store(db, invoice, xml)
    if invoice.ksef_number != ksef_number:
        invoice.ksef_number = ksef_number
        db.add(invoice)
        company = db.get(Company, invoice.company_id)
        company.data_version += 1
        db.add(company)
    db.flush()
    return invoice
