"""Invoice PDFs stored per invoice version, so the accountant's ZIP streams stored bytes instead of
rendering 10,000 PDFs (about 75 ms of CPU each) while the client waits.

A stored PDF carries `version`, the SHA-256 of everything it was rendered from: the invoice as it stands
(`InvoiceDocument`: amounts, payments, KSeF number, addresses, corrections), its KOD I link (from the
stored XML) and the renderer (this package's PDF code and fpdf2's version). Whoever needs a PDF (a
download, the ZIP, the CLI) takes the stored one when its version is current and otherwise renders it and
stores it; `render_stale` does that ahead of time for a company or everyone (`ebok invoice pdfs`, run
after the feed's ingest and the demo load, in worker processes).
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from ebok_app.documents.invoice_document import InvoiceDocument, invoice_documents
from ebok_app.documents.ksef import issued
from ebok_app.documents.ksef.links import verification_link
from ebok_app.models import Invoice, InvoicePdf
from ebok_app.settings import Lessor

BATCH = 200  # invoices read, rendered and stored at a time
# a new layout or fpdf2 makes every stored PDF stale (read without loading fpdf2: see `_render`)
RENDERER = hashlib.sha256(
    (Path(__file__).parent / "invoice_pdf.py").read_bytes() + version("fpdf2").encode()
).hexdigest()


@dataclass(frozen=True)
class InvoiceFiles:
    """An invoice with its FA(3) XML as issued and its current PDF."""

    invoice: Invoice
    xml: bytes
    pdf: bytes


@dataclass(frozen=True)
class _Wanted:
    invoice: Invoice
    doc: InvoiceDocument
    xml: bytes
    link: str
    version: str


def pdf_version(doc: InvoiceDocument, link: str) -> str:
    """The SHA-256 of what the PDF is rendered from (the frozen document's repr lists every field)."""
    return hashlib.sha256(f"{RENDERER}\n{link}\n{doc!r}".encode()).hexdigest()


def _wanted(db: Session, invoices: list[Invoice], seller: Lessor, qr_url: str) -> list[_Wanted]:
    docs = invoice_documents(db, invoices, seller)
    xmls = issued.stored_xmls(db, [i.id for i in invoices])
    wanted = []
    for invoice, doc in zip(invoices, docs, strict=True):
        xml = xmls.get(invoice.id) or issued.invoice_xml(db, invoice, seller, doc)
        link = verification_link(qr_url, seller.nip, invoice.issue_date, xml)
        wanted.append(_Wanted(invoice, doc, xml, link, pdf_version(doc, link)))
    return wanted


def current_versions(db: Session, invoices: list[Invoice], seller: Lessor, qr_url: str) -> dict[int, str]:
    """The version each invoice's PDF has when current (what a stored copy is compared with)."""
    return {w.invoice.id: w.version for w in _wanted(db, invoices, seller, qr_url)}


def _stored(db: Session, invoice_ids: list[int]) -> dict[int, tuple[str, bytes]]:
    rows = db.execute(
        select(InvoicePdf.invoice_id, InvoicePdf.version, InvoicePdf.pdf).where(
            col(InvoicePdf.invoice_id).in_(invoice_ids)
        )
    )
    return {invoice_id: (version, pdf) for invoice_id, version, pdf in rows}


def _store(db: Session, item: _Wanted, pdf: bytes) -> None:
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {"version": item.version, "pdf": pdf, "created_at": datetime.now(UTC)}
    db.execute(
        insert(InvoicePdf)
        .values(invoice_id=item.invoice.id, company_id=item.invoice.company_id, **values)
        .on_conflict_do_update(index_elements=["invoice_id"], set_=values)
    )


def _render(pair: tuple[InvoiceDocument, str]) -> bytes:
    # imported on first use: fpdf2 and fontTools add 35 MB to a process that only streams stored PDFs
    from ebok_app.documents import invoice_pdf

    return invoice_pdf.render_invoice(*pair)


def _current_pdfs(db: Session, wanted: list[_Wanted], pool: Executor | None) -> tuple[dict[int, bytes], int]:
    """The current PDF of each wanted invoice, rendering and storing the stale ones; how many were."""
    stored = _stored(db, [w.invoice.id for w in wanted])
    pdfs = {
        w.invoice.id: stored[w.invoice.id][1]
        for w in wanted
        if stored.get(w.invoice.id, ("",))[0] == w.version
    }
    stale = [w for w in wanted if w.invoice.id not in pdfs]
    pairs = [(w.doc, w.link) for w in stale]
    for item, pdf in zip(
        stale, pool.map(_render, pairs, chunksize=8) if pool else map(_render, pairs), strict=True
    ):
        _store(db, item, pdf)
        pdfs[item.invoice.id] = pdf
    return pdfs, len(stale)


def invoice_files(db: Session, invoices: list[Invoice], seller: Lessor, qr_url: str) -> list[InvoiceFiles]:
    """Each invoice's XML (made and stored on first use) and its PDF: the stored one when current,
    else rendered and stored. The caller commits."""
    wanted = _wanted(db, invoices, seller, qr_url)
    pdfs, _ = _current_pdfs(db, wanted, None)
    return [InvoiceFiles(w.invoice, w.xml, pdfs[w.invoice.id]) for w in wanted]


def invoice_pdf(db: Session, invoice: Invoice, seller: Lessor, qr_url: str) -> bytes:
    """One invoice's current PDF (stored, or rendered and stored)."""
    return invoice_files(db, [invoice], seller, qr_url)[0].pdf


def files_in_batches(
    engine: Engine, company_id: int, invoice_ids: list[int], seller: Lessor, qr_url: str
) -> Iterator[InvoiceFiles]:
    """`invoice_files` of the company's `invoice_ids` (others are skipped), BATCH at a time in the
    order of issue, each batch committed (what was rendered stays stored)."""
    for start in range(0, len(invoice_ids), BATCH):
        with Session(engine, expire_on_commit=False) as db:
            invoices = list(
                db.exec(
                    select(Invoice)
                    .where(
                        Invoice.company_id == company_id,
                        col(Invoice.id).in_(invoice_ids[start : start + BATCH]),
                    )
                    .order_by(col(Invoice.issue_date), col(Invoice.id))
                )
            )
            files = invoice_files(db, invoices, seller, qr_url)
            db.commit()
        yield from files


@dataclass(frozen=True)
class RenderReport:
    invoices: int
    rendered: int


def render_stale(
    engine: Engine,
    seller: Lessor,
    qr_url: str,
    *,
    company_id: int | None = None,
    invoice_ids: list[int] | None = None,
    workers: int = 1,
) -> RenderReport:
    """Render and store every PDF missing or stale (of one company, of `invoice_ids`, or all) in
    `workers` processes; this process reads the invoices and stores the PDFs, a batch at a time."""
    if invoice_ids is None:
        query = select(Invoice.id).order_by(col(Invoice.id))
        if company_id is not None:
            query = query.where(Invoice.company_id == company_id)
        with Session(engine) as db:
            invoice_ids = list(db.exec(query))
    rendered = 0
    # spawned, not forked: the caller may be a server with threads (a fork copies their locks held)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for start in range(0, len(invoice_ids), BATCH):
            with Session(engine) as db:
                batch = invoice_ids[start : start + BATCH]
                invoices = list(db.exec(select(Invoice).where(col(Invoice.id).in_(batch))))
                _, count = _current_pdfs(db, _wanted(db, invoices, seller, qr_url), pool)
                db.commit()
            rendered += count
    return RenderReport(len(invoice_ids), rendered)
