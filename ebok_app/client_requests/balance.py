"""The figures of a balance confirmation: on a day, what was invoiced to the company (gross), what it
paid for those invoices by that day, what was left to pay and how much of it was past due; of all the
company's contracts or of one. Plain SQL sums over the invoices and payments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, func, select

from ebok_app.models import Invoice, Payment


@dataclass(frozen=True)
class Balance:
    as_of: date
    invoiced_gr: int  # invoices issued by the day, gross
    paid_gr: int  # their payments received by the day (an overpayment makes the balance negative)
    overdue_gr: int  # left to pay of the invoices due before the day

    @property
    def due_gr(self) -> int:
        return self.invoiced_gr - self.paid_gr


def _invoices(company_id: int, as_of: date, contract_id: int | None) -> list:
    conditions = [Invoice.company_id == company_id, Invoice.issue_date <= as_of]
    if contract_id is not None:
        conditions.append(Invoice.contract_id == contract_id)
    return conditions


def balance(db: Session, *, company_id: int, as_of: date, contract_id: int | None = None) -> Balance:
    """The company's balance on `as_of` (the end of that day)."""
    invoices = _invoices(company_id, as_of, contract_id)
    invoiced = db.exec(select(func.coalesce(func.sum(Invoice.gross_gr), 0)).where(*invoices)).one()
    paid_by_invoice = (
        select(Payment.invoice_id, func.sum(Payment.amount_gr).label("paid"))
        .where(Payment.company_id == company_id, Payment.paid_on <= as_of)
        .group_by(Payment.invoice_id)
        .subquery()
    )
    paid_column = func.coalesce(paid_by_invoice.c.paid, 0)
    joined = select(Invoice.gross_gr, Invoice.due_date, paid_column.label("paid")).join(
        paid_by_invoice, paid_by_invoice.c.invoice_id == Invoice.id, isouter=True
    )
    rows = db.exec(joined.where(*invoices)).all()
    paid = sum(row.paid for row in rows)
    overdue = sum(max(row.gross_gr - row.paid, 0) for row in rows if row.due_date < as_of)
    return Balance(as_of, int(invoiced), int(paid), int(overdue))
