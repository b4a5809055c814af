"""The package for the accountant: one ZIP with every chosen invoice's PDF and FA(3) XML and a CSV summary,
written as it streams (one invoice's files in memory at a time), for at most MAX_PACKAGE_INVOICES."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

import polars as pl
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from ebok_app.documents import exports
from ebok_app.documents.invoice_pdf import invoice_document, render_invoice
from ebok_app.documents.ksef.issued import invoice_xml
from ebok_app.documents.ksef.links import verification_link
from ebok_app.models import Invoice
from ebok_app.settings import Lessor

MAX_PACKAGE_INVOICES = 10_000
BATCH = 200  # invoices read per query
SUMMARY_NAME = "zestawienie.csv"


class _Sink:
    """What zipfile writes to: collects the bytes until the stream takes them (zipfile, seeing no
    `tell`/`seek`, writes a streamable archive with data descriptors)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def file_stem(number: str) -> str:
    return number.replace("/", "_")


def stream_package(
    engine: Engine, *, company_id: int, invoices: pl.DataFrame, seller: Lessor, qr_url: str
) -> Iterator[bytes]:
    """The ZIP of `invoices` (rows of the company's filtered list) as chunks of bytes. XML not stored yet
    is made, checked and stored as for a single download (committed per batch)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(SUMMARY_NAME, exports.to_csv(exports.invoice_sheet(invoices)))
        yield sink.take()
        ids = invoices["id"].to_list()
        for start in range(0, len(ids), BATCH):
            with Session(engine) as db:
                batch = db.exec(
                    select(Invoice)
                    .where(Invoice.company_id == company_id, col(Invoice.id).in_(ids[start : start + BATCH]))
                    .order_by(col(Invoice.issue_date), col(Invoice.id))
                ).all()
                for invoice in batch:
                    doc = invoice_document(db, invoice, seller)
                    xml = invoice_xml(db, invoice, seller, doc)
                    pdf = render_invoice(doc, verification_link(qr_url, seller.nip, invoice.issue_date, xml))
                    stem = file_stem(invoice.number)
                    archive.writestr(f"xml/{stem}.xml", xml)
                    archive.writestr(f"pdf/{stem}.pdf", pdf, compress_type=zipfile.ZIP_STORED)
                    yield sink.take()
                db.commit()
    yield sink.take()
