"""An invoice as a document: everything its PDF and its FA(3) XML show, read from the invoice's rows
(what a Polish VAT invoice must carry, art. 106e of the VAT act). No PDF code here: the accountant's ZIP
of stored files never loads the renderer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ebok_app.models import Company, Contract, Invoice, ScheduleItem
from ebok_app.settings import Lessor

EXEMPTION_BASIS = "zw – zwolnienie z VAT: art. 43 ust. 1 pkt 37 ustawy o podatku od towarów i usług"


@dataclass(frozen=True)
class InvoiceLine:
    name: str
    net_gr: int
    vat_rate: str
    vat_gr: int
    gross_gr: int


@dataclass(frozen=True)
class CorrectedInvoice:
    """The invoice a correction (KOR) corrects, as the correction names it."""

    number: str
    issue_date: date
    ksef_number: str | None
    gross_gr: int


@dataclass(frozen=True)
class InvoiceDocument:
    number: str
    issue_date: date
    sale_date: date
    due_date: date
    contract_number: str
    seller: Lessor
    buyer_name: str
    buyer_address: str
    buyer_nip: str
    lines: tuple[InvoiceLine, ...]
    paid_gr: int
    ksef_number: str | None = None  # None: not in KSeF yet (offline)
    corrects: CorrectedInvoice | None = None  # set on a correction (KOR)
    correction_reason: str = ""
    corrected_by: tuple[str, ...] = ()  # numbers of the corrections of this invoice

    @property
    def net_gr(self) -> int:
        return sum(line.net_gr for line in self.lines)

    @property
    def vat_gr(self) -> int:
        return sum(line.vat_gr for line in self.lines)

    @property
    def gross_gr(self) -> int:
        return sum(line.gross_gr for line in self.lines)

    def by_rate(self) -> list[tuple[str, int, int, int]]:
        """(rate, net, VAT, gross) per VAT rate, as the summary table shows them."""
        rates: dict[str, list[int]] = {}
        for line in self.lines:
            sums = rates.setdefault(line.vat_rate, [0, 0, 0])
            sums[0] += line.net_gr
            sums[1] += line.vat_gr
            sums[2] += line.gross_gr
        return [(rate, *sums) for rate, sums in sorted(rates.items())]


def load_invoice(db: Session, company_id: int, invoice_id: int, seller: Lessor) -> InvoiceDocument | None:
    """The invoice `invoice_id` of `company_id` (None for another company's or a missing one)."""
    invoice = db.exec(
        select(Invoice).where(Invoice.id == invoice_id, Invoice.company_id == company_id)
    ).first()
    return None if invoice is None else invoice_document(db, invoice, seller)


def invoice_document(db: Session, invoice: Invoice, seller: Lessor) -> InvoiceDocument:
    """Everything an invoice shows, read from its rows (its items; for a correction, the corrected one)."""
    return invoice_documents(db, [invoice], seller)[0]


def _by_id(db: Session, model: type, ids: set[int]) -> dict:
    return {row.id: row for row in db.exec(select(model).where(col(model.id).in_(ids)))} if ids else {}


def invoice_documents(db: Session, invoices: list[Invoice], seller: Lessor) -> list[InvoiceDocument]:
    """`invoice_document` of each of `invoices` (in their order), read with a handful of queries."""
    companies = _by_id(db, Company, {i.company_id for i in invoices})
    contracts = _by_id(db, Contract, {i.contract_id for i in invoices})
    corrected = _by_id(db, Invoice, {i.corrects_id for i in invoices if i.corrects_id})
    items: dict[int, list[ScheduleItem]] = {}
    item_owners = {(corrected.get(i.corrects_id) or i).id for i in invoices}
    for item in db.exec(
        select(ScheduleItem)
        .where(col(ScheduleItem.invoice_id).in_(item_owners))
        .order_by(col(ScheduleItem.id))
    ):
        items.setdefault(item.invoice_id, []).append(item)
    corrections: dict[int, list[str]] = {}
    for corrects_id, number in db.exec(
        select(Invoice.corrects_id, Invoice.number)
        .where(col(Invoice.corrects_id).in_([i.id for i in invoices]))
        .order_by(col(Invoice.id))
    ):
        corrections.setdefault(corrects_id, []).append(number)
    return [
        _document(
            invoice,
            seller,
            companies[invoice.company_id],
            contracts[invoice.contract_id],
            corrected.get(invoice.corrects_id),
            items.get((corrected.get(invoice.corrects_id) or invoice).id, []),
            tuple(corrections.get(invoice.id, ())),
        )
        for invoice in invoices
    ]


def _document(
    invoice: Invoice,
    seller: Lessor,
    company: Company,
    contract: Contract,
    corrected: Invoice | None,
    items: list[ScheduleItem],
    corrections: tuple[str, ...],
) -> InvoiceDocument:
    if corrected is None:
        lines = tuple(
            InvoiceLine(
                f"{i.description} – umowa {contract.number}", i.net_gr, i.vat_rate, i.vat_gr, i.gross_gr
            )
            for i in items
        )
    else:  # a correction changes the first item of the invoice it corrects by its own amounts
        lines = (
            InvoiceLine(
                f"Korekta: {items[0].description} – umowa {contract.number}",
                invoice.net_gr,
                items[0].vat_rate,
                invoice.vat_gr,
                invoice.gross_gr,
            ),
        )
    return InvoiceDocument(
        number=invoice.number,
        issue_date=invoice.issue_date,
        sale_date=invoice.sale_date,
        due_date=invoice.due_date,
        contract_number=contract.number,
        seller=seller,
        buyer_name=company.name,
        buyer_address=f"{company.street}, {company.postal_code} {company.city}",
        buyer_nip=company.nip,
        lines=lines,
        paid_gr=invoice.paid_gr,
        ksef_number=invoice.ksef_number,
        corrects=None
        if corrected is None
        else CorrectedInvoice(
            corrected.number, corrected.issue_date, corrected.ksef_number, corrected.gross_gr
        ),
        correction_reason=invoice.correction_reason or "",
        corrected_by=corrections,
    )
