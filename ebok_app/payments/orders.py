"""Paying invoices online: orders, the gateway's notifications, and what they do to the invoices.

Rules:
- An order pays one or more unpaid invoices of one company, for what is left to pay on each; an invoice
  already in a pending order cannot be put into another one.
- A notification counts only with a right signature, for a known order and exactly its amount and
  currency; anything else is refused and audited, and nothing is paid.
- Idempotent: the order moves to "paid" with one conditional UPDATE (only one notification wins), and each
  Payment row carries the order's session id, unique per invoice, so the same notification twice, or two
  at once, pay once.
- Paid at once: the invoice's (and its schedule items') paid amount grows in the same transaction.
- The same money arrives later in the core system's feed. Matching rule: a fed payment of an invoice
  whose reference is the session id of an online Payment of that invoice is that payment: from then on
  only the fed one counts (ingest's settling). The session id is what the gateway's settlement carries
  as its reference.
- A refund moves a paid order to "refunded" and writes the opposite payments: the invoices are unpaid
  again. A cancelled or expired order leaves them unpaid; a payment that still arrives is booked.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ebok_app.models import (
    Company,
    Invoice,
    Payment,
    PaymentOrder,
    PaymentOrderInvoice,
    PaymentOrderStatus,
    PaymentSource,
    ScheduleItem,
)
from ebok_app.payments.gateway import GatewayError, Notification, OrderRequest, PaymentGateway
from ebok_app.security import audit

MAX_INVOICES = 50
TITLE_MAX = 200
Status = PaymentOrderStatus


class PaymentRefused(ValueError):
    """The order cannot be made; `message_pl` says why, for the user."""

    def __init__(self, message_pl: str) -> None:
        super().__init__(message_pl)
        self.message_pl = message_pl


@dataclass(frozen=True)
class Started:
    session_id: str
    redirect_url: str
    amount_gr: int


def transfer_title(invoices: list[Invoice]) -> str:
    """The invoice numbers (and their KSeF numbers, where the invoice has one), within TITLE_MAX."""
    parts = []
    for invoice in invoices:
        ksef = getattr(invoice, "ksef_number", None)  # present once invoices carry their KSeF number
        parts.append(f"{invoice.number} KSeF {ksef}" if ksef else invoice.number)
    title = ("Faktura " if len(parts) == 1 else "Faktury ") + ", ".join(parts)
    if len(title) <= TITLE_MAX:
        return title
    shown = title[: TITLE_MAX - 20].rsplit(",", 1)[0]
    return f"{shown} i {len(parts) - shown.count(',') - 1} innych"


def _payable(db: Session, company_id: int, invoice_ids: list[int]) -> list[Invoice]:
    ids = sorted(set(invoice_ids))
    if not ids or len(ids) > MAX_INVOICES:
        raise PaymentRefused(f"Wybierz od 1 do {MAX_INVOICES} faktur do zapłaty.")
    invoices = db.exec(
        select(Invoice).where(col(Invoice.id).in_(ids), Invoice.company_id == company_id).order_by(Invoice.id)
    ).all()
    if len(invoices) != len(ids):
        raise PaymentRefused("Nie znaleziono wybranych faktur.")
    if any(i.gross_gr - i.paid_gr <= 0 for i in invoices):
        raise PaymentRefused("Wybrana faktura jest już zapłacona.")
    pending = db.exec(
        select(PaymentOrderInvoice.invoice_id)
        .join(PaymentOrder, PaymentOrder.id == PaymentOrderInvoice.order_id)
        .where(col(PaymentOrderInvoice.invoice_id).in_(ids), PaymentOrder.status == Status.PENDING)
    ).first()
    if pending is not None:
        raise PaymentRefused("Płatność tej faktury już trwa. Dokończ ją albo poczekaj, aż wygaśnie.")
    return list(invoices)


def start(
    db: Session,
    *,
    gateway: PaymentGateway,
    user_id: int,
    company_id: int,
    invoice_ids: list[int],
    email: str,
    now: datetime,
    ttl_s: int,
    return_url: str,
    status_url: str,
) -> Started:
    """Make an order for the invoices and register it with the gateway (the order is committed first,
    so a notification can find it; a gateway failure cancels it). `return_url` may hold "{session_id}"."""
    invoices = _payable(db, company_id, invoice_ids)
    session_id = secrets.token_hex(16)
    order = PaymentOrder(
        session_id=session_id,
        company_id=company_id,
        user_id=user_id,
        gateway=gateway.name,
        amount_gr=sum(i.gross_gr - i.paid_gr for i in invoices),
        title=transfer_title(invoices),
        created_at=now,
        expires_at=now + timedelta(seconds=ttl_s),
    )
    db.add(order)
    db.flush()
    for invoice in invoices:
        db.add(
            PaymentOrderInvoice(
                order_id=order.id, invoice_id=invoice.id, amount_gr=invoice.gross_gr - invoice.paid_gr
            )
        )
    db.commit()
    back = return_url.replace("{session_id}", session_id)
    request = OrderRequest(session_id, order.amount_gr, order.currency, order.title, email, back, status_url)
    try:
        registration = gateway.register(request)
    except GatewayError as exc:
        order.status, order.finished_at = Status.CANCELLED, now
        db.add(order)
        db.commit()
        raise PaymentRefused(
            "Bramka płatności nie odpowiada. Spróbuj za chwilę albo zapłać przelewem."
        ) from exc
    return Started(session_id, registration.redirect_url, order.amount_gr)


def _move(
    db: Session,
    order_id: int,
    to: Status,
    allowed: tuple[Status, ...],
    now: datetime,
    gateway_id: str | None = None,
) -> bool:
    """One conditional UPDATE: True only for the one caller that moved the order."""
    values: dict = {"status": to, "finished_at": now}
    if gateway_id is not None:
        values["gateway_order_id"] = gateway_id
    result = db.exec(
        update(PaymentOrder)
        .where(PaymentOrder.id == order_id, col(PaymentOrder.status).in_(allowed))
        .values(**values)
    )
    return result.rowcount == 1


def _book(db: Session, order: PaymentOrder, sign: int, order_ref: str, on: date) -> None:
    """Write one payment per invoice of the order (sign -1: the refund) and grow what is paid."""
    lines = db.exec(select(PaymentOrderInvoice).where(PaymentOrderInvoice.order_id == order.id)).all()
    for line in lines:
        amount = sign * line.amount_gr
        db.add(
            Payment(
                company_id=order.company_id,
                invoice_id=line.invoice_id,
                paid_on=on,
                amount_gr=amount,
                reference=order.session_id[:64],
                source=PaymentSource.ONLINE,
                order_ref=order_ref,
            )
        )
        db.exec(update(Invoice).where(Invoice.id == line.invoice_id).values(paid_gr=Invoice.paid_gr + amount))
        _spread(db, line.invoice_id, amount)
    db.exec(
        update(Company).where(Company.id == order.company_id).values(data_version=Company.data_version + 1)
    )
    db.flush()


def _spread(db: Session, invoice_id: int, amount: int) -> None:
    """An invoice's payment over its schedule items, earliest first (a refund: latest first)."""
    items = db.exec(
        select(ScheduleItem)
        .where(ScheduleItem.invoice_id == invoice_id)
        .order_by(ScheduleItem.due_date, ScheduleItem.id)
    ).all()
    for item in items if amount > 0 else reversed(items):
        room = item.gross_gr - item.paid_gr if amount > 0 else -item.paid_gr
        share = min(amount, room) if amount > 0 else max(amount, room)
        if share:
            db.exec(
                update(ScheduleItem)
                .where(ScheduleItem.id == item.id)
                .values(paid_gr=ScheduleItem.paid_gr + share)
            )
            amount -= share


def _refuse(db: Session, gateway: str, reason: str, ip: str | None, **details: object) -> str:
    audit.record(db, "payment_notification", "denied", f"gateway:{gateway}", ip=ip, reason=reason, **details)
    return "refused"


def apply_notification(
    db: Session, *, gateway: PaymentGateway, payload: dict, now: datetime, ip: str | None
) -> str:
    """Apply a gateway's notification: "paid", "refunded", "duplicate" or "refused" (audited); the caller
    commits."""
    notification = gateway.read_notification(payload) if isinstance(payload, dict) else None
    if notification is None:
        return _refuse(db, gateway.name, "bad_signature", ip)
    order = db.exec(select(PaymentOrder).where(PaymentOrder.session_id == notification.session_id)).first()
    if order is None or order.gateway != gateway.name:
        return _refuse(db, gateway.name, "unknown_order", ip, session_id=notification.session_id[:64])
    if (notification.amount_gr, notification.currency) != (order.amount_gr, order.currency):
        return _refuse(
            db, gateway.name, "amount_mismatch", ip, order_id=order.id, amount_gr=notification.amount_gr
        )
    if notification.kind == "paid":
        return _paid(db, gateway, order, notification, now, ip)
    if notification.kind == "refunded":
        return _refunded(db, gateway, order, now, ip)
    return _refuse(db, gateway.name, "unknown_kind", ip, order_id=order.id)


def _record(db: Session, order: PaymentOrder, result: str, outcome: str, gateway: str, ip: str | None) -> str:
    audit.record(
        db,
        "payment_notification",
        result,
        f"gateway:{gateway}",
        company_id=order.company_id,
        ip=ip,
        order_id=order.id,
        outcome=outcome,
    )
    return outcome


def _paid(
    db: Session, gateway: PaymentGateway, order: PaymentOrder, n: Notification, now: datetime, ip: str | None
) -> str:
    if order.status in (Status.PAID, Status.REFUNDED):
        return _record(db, order, "ok", "duplicate", gateway.name, ip)
    if not gateway.verify(n):
        return _refuse(db, gateway.name, "not_verified", ip, order_id=order.id)
    allowed = (Status.PENDING, Status.EXPIRED, Status.CANCELLED)  # money that arrived late is still booked
    if not _move(db, order.id, Status.PAID, allowed, now, n.gateway_order_id):
        return _record(db, order, "ok", "duplicate", gateway.name, ip)
    try:
        with db.begin_nested():
            _book(db, order, 1, order.session_id, now.date())
    except IntegrityError:  # the unique (invoice, session id): already booked by another notification
        return _record(db, order, "ok", "duplicate", gateway.name, ip)
    return _record(db, order, "ok", "paid", gateway.name, ip)


def _refunded(
    db: Session, gateway: PaymentGateway, order: PaymentOrder, now: datetime, ip: str | None
) -> str:
    if not _move(db, order.id, Status.REFUNDED, (Status.PAID,), now):
        return _record(db, order, "ok", "duplicate", gateway.name, ip)
    _book(db, order, -1, f"{order.session_id}:refund", now.date())
    return _record(db, order, "ok", "refunded", gateway.name, ip)


def cancel(db: Session, *, session_id: str, now: datetime) -> bool:
    """The payer gave up on the gateway's page: the order is cancelled, its invoices stay unpaid."""
    order = db.exec(select(PaymentOrder).where(PaymentOrder.session_id == session_id)).first()
    return order is not None and _move(db, order.id, Status.CANCELLED, (Status.PENDING,), now)


def expire_stale(db: Session, *, now: datetime) -> int:
    """Pending orders past their time become expired (their invoices stay unpaid)."""
    result = db.exec(
        update(PaymentOrder)
        .where(PaymentOrder.status == Status.PENDING, PaymentOrder.expires_at < now)
        .values(status=Status.EXPIRED, finished_at=now)
    )
    return result.rowcount


def order_of(db: Session, *, company_id: int, session_id: str) -> PaymentOrder | None:
    """The company's order with this session id (another company's looks missing)."""
    return db.exec(
        select(PaymentOrder).where(
            PaymentOrder.session_id == session_id, PaymentOrder.company_id == company_id
        )
    ).first()
