"""A client's request to buy an asset out: a message in the helpdesk's inbox (the contact form's
"Wykup przedmiotu leasingu" topic) with the quote's PDF attached; both sides follow it by the message's
status (nowa, w realizacji, odpowiedziano) and the helpdesk answers it as any message."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TypedDict

from sqlmodel import Session, col, select

from ebok_app.contact import STATUS_LABELS_PL
from ebok_app.models import ContactAttachment, ContactMessage
from ebok_app.portfolio.buyout_quote import BuyoutQuote
from ebok_app.portfolio.formatting import format_day
from ebok_app.portfolio.money import format_pln
from ebok_app.security import audit

TOPIC = "Wykup przedmiotu leasingu"


def _body(q: BuyoutQuote) -> str:
    return (
        f"Proszę o wykup przedmiotu leasingu z umowy {q.contract_number} ({q.asset}) "
        f"w dniu {format_day(q.on)}.\n"
        f"Wycena z eBOK z dnia {format_day(q.made_on)}, ważna do {format_day(q.valid_until)}: "
        f"pozostały kapitał {format_pln(q.capital_gr)}, wartość wykupu {format_pln(q.buyout_value_gr)}, "
        f"opłata {format_pln(q.fee_gr)}, VAT {format_pln(q.vat_gr)}, wykup brutto {format_pln(q.gross_gr)}, "
        f"niezapłacone należności {format_pln(q.outstanding_gr)}; razem {format_pln(q.total_gr)}.\n"
        "Wycena w załączniku (PDF)."
    )


def request_buyout(
    db: Session,
    *,
    user_id: int,
    company_id: int,
    actor: str,
    quote: BuyoutQuote,
    pdf: bytes,
    filename: str,
    now: datetime,
    ip: str | None = None,
) -> ContactMessage:
    """Send the quote to the helpdesk as a message of the user with the PDF attached."""
    message = ContactMessage(
        company_id=company_id,
        user_id=user_id,
        contract_id=quote.contract_id,
        topic=TOPIC,
        body=_body(quote),
        created_at=now,
    )
    db.add(message)
    db.flush()
    db.add(
        ContactAttachment(
            company_id=company_id,
            user_id=user_id,
            message_id=message.id,
            filename=filename,
            content_type="application/pdf",
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            data=pdf,
            created_at=now,
        )
    )
    audit.record(
        db,
        "buyout_request",
        "ok",
        actor,
        company_id=company_id,
        user_id=user_id,
        ip=ip,
        message_id=message.id,
        contract_id=quote.contract_id,
        total_gr=quote.total_gr,
    )
    return message


class BuyoutRequestRow(TypedDict):
    id: int
    sent: str
    status: str
    answer: str


def requests_of(db: Session, *, user_id: int, contract_id: int) -> list[BuyoutRequestRow]:
    """The user's buyout requests of one contract, newest first, with their status."""
    rows = db.exec(
        select(ContactMessage)
        .where(
            ContactMessage.user_id == user_id,
            ContactMessage.contract_id == contract_id,
            ContactMessage.topic == TOPIC,
        )
        .order_by(col(ContactMessage.id).desc())
        .limit(10)
    ).all()
    return [
        {
            "id": m.id,
            "sent": format_day(m.created_at.date()),
            "status": STATUS_LABELS_PL.get(m.status, m.status),
            "answer": m.answer or "",
        }
        for m in rows
    ]
