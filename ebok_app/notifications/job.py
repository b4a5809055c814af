"""The notification job: who gets an SMS about which invoice, queued once per user and event.

Guide 000, POWIADOMIENIA: (1) a new invoice was issued; (2) a payment date is coming, as many days
ahead as the user chose. An event is a (kind, user, invoice[, due date]); its key goes into
`InvoiceNotice` with INSERT … ON CONFLICT DO NOTHING in the same transaction that queues the SMS, so
two runs at once (workers, cron, a crash and a re-run) queue each event once: the run that inserted
the key sends it, the other finds nothing left. One SMS per user and kind and run tells about all of
that user's fresh events together, so a fleet of hundreds of invoices does not mean hundreds of SMS.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, and_, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from ebok_app.models import Invoice, InvoiceNotice, NoticeKind, NotificationPreference, User
from ebok_app.settings import Settings
from ebok_app.sms import delivery, texts
from ebok_app.sms.delivery import DeliveryReport
from ebok_app.sms.outbox import send_sms
from ebok_app.sms.texts import InvoiceFact

log = logging.getLogger(__name__)

NEW_INVOICE_WINDOW = timedelta(days=7)  # an invoice older than this is not news (after an outage, say)
DAYS_BEFORE_RANGE = (1, 30)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    company_id: int
    phone: str
    new_invoice: bool
    new_invoice_since: date | None
    due_reminder: bool
    days_before: int


@dataclass(frozen=True)
class InvoiceRow:
    id: int
    company_id: int
    number: str
    issue_date: date
    due_date: date
    gross_gr: int
    paid_gr: int

    @property
    def fact(self) -> InvoiceFact:
        return InvoiceFact(self.number, self.due_date, self.gross_gr, max(0, self.gross_gr - self.paid_gr))


@dataclass(frozen=True)
class Notice:
    key: str
    kind: NoticeKind
    user_id: int
    invoice: InvoiceRow


@dataclass
class JobReport:
    recipients: int = 0
    notices: int = 0
    sms_queued: int = 0
    by_user: dict[int, int] = field(default_factory=dict)  # SMS queued per user


def is_new(recipient: Recipient, invoice: InvoiceRow, today: date) -> bool:
    if not recipient.new_invoice or recipient.new_invoice_since is None:
        return False
    oldest = max(recipient.new_invoice_since, today - NEW_INVOICE_WINDOW)
    return oldest <= invoice.issue_date <= today


def is_due_soon(recipient: Recipient, invoice: InvoiceRow, today: date) -> bool:
    """Unpaid (or partly paid) and due between today and `days_before` days from today."""
    if not recipient.due_reminder or invoice.paid_gr >= invoice.gross_gr:
        return False
    return today <= invoice.due_date <= today + timedelta(days=recipient.days_before)


def notices_for(recipient: Recipient, invoices: list[InvoiceRow], today: date) -> list[Notice]:
    """Every event the recipient is to hear about on `today` (sent or not: the keys decide that)."""
    found = []
    for invoice in invoices:
        if invoice.company_id != recipient.company_id:
            continue
        if is_new(recipient, invoice, today):
            key = f"{NoticeKind.NEW_INVOICE}:{recipient.user_id}:{invoice.id}"
            found.append(Notice(key, NoticeKind.NEW_INVOICE, recipient.user_id, invoice))
        if is_due_soon(recipient, invoice, today):
            key = f"{NoticeKind.DUE_REMINDER}:{recipient.user_id}:{invoice.id}:{invoice.due_date.isoformat()}"
            found.append(Notice(key, NoticeKind.DUE_REMINDER, recipient.user_id, invoice))
    return found


def sms_text(kind: NoticeKind, brand: str, notices: list[Notice]) -> str:
    facts = sorted((n.invoice.fact for n in notices), key=lambda f: (f.due_date, f.number))
    if kind == NoticeKind.NEW_INVOICE:
        return texts.new_invoices_text(brand, facts)
    return texts.due_reminder_text(brand, facts)


def run(engine: Engine, *, today: date, now: datetime, brand: str) -> JobReport:
    """Queue the SMS of every fresh event of every recipient (the outbox delivers them on commit)."""
    report = JobReport()
    with Session(engine) as session:
        recipients = _recipients(session)
        invoices = _candidate_invoices(session, {r.company_id for r in recipients}, today)
        known = _known_keys(session, [i.id for i in invoices])
    report.recipients = len(recipients)
    by_company: dict[int, list[InvoiceRow]] = defaultdict(list)
    for invoice in invoices:
        by_company[invoice.company_id].append(invoice)
    for recipient in recipients:
        fresh = [
            n for n in notices_for(recipient, by_company[recipient.company_id], today) if n.key not in known
        ]
        for kind in NoticeKind:
            of_kind = [n for n in fresh if n.kind == kind]
            if of_kind and (claimed := _queue(engine, recipient, kind, of_kind, now, brand)):
                report.notices += claimed
                report.sms_queued += 1
                report.by_user[recipient.user_id] = report.by_user.get(recipient.user_id, 0) + 1
    return report


def _queue(
    engine: Engine, recipient: Recipient, kind: NoticeKind, notices: list[Notice], now: datetime, brand: str
) -> int:
    """Claim the events' keys and queue one SMS about those this run won; returns how many it won."""
    with Session(engine) as session:
        won = set(_claim_keys(session, notices, now))
        if not won:
            session.rollback()
            return 0
        mine = [n for n in notices if n.key in won]
        digest = hashlib.sha256("\n".join(sorted(won)).encode()).hexdigest()[:32]
        message = send_sms(
            session,
            phone=recipient.phone,
            body=sms_text(kind, brand, mine),
            purpose=kind.value,
            idempotency_key=f"{kind.value}:{recipient.user_id}:{digest}",
            user_id=recipient.user_id,
            company_id=recipient.company_id,
        )
        session.flush()
        for row in session.exec(select(InvoiceNotice).where(col(InvoiceNotice.notice_key).in_(won))):
            row.sms_id = message.id
            session.add(row)
        session.commit()
        return len(won)


def _claim_keys(session: Session, notices: list[Notice], now: datetime) -> list[str]:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = [
        {
            "notice_key": n.key,
            "kind": n.kind.value,
            "user_id": n.user_id,
            "invoice_id": n.invoice.id,
            "created_at": now,
        }
        for n in notices
    ]
    statement = (
        insert(InvoiceNotice)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["notice_key"])
        .returning(InvoiceNotice.notice_key)
    )
    return list(session.execute(statement).scalars())


def _recipients(session: Session) -> list[Recipient]:
    rows = session.exec(
        select(User, NotificationPreference)
        .join(NotificationPreference, col(NotificationPreference.user_id) == User.id)
        .where(
            col(User.active).is_(True),
            User.phone != "",
            or_(
                col(NotificationPreference.new_invoice).is_(True),
                col(NotificationPreference.due_reminder).is_(True),
            ),
        )
        .order_by(col(User.id))
    ).all()
    return [
        Recipient(
            user_id=user.id,
            company_id=user.company_id,
            phone=user.phone,
            new_invoice=pref.new_invoice,
            new_invoice_since=pref.new_invoice_since,
            due_reminder=pref.due_reminder,
            days_before=pref.days_before_due,
        )
        for user, pref in rows
    ]


def _candidate_invoices(session: Session, company_ids: set[int], today: date) -> list[InvoiceRow]:
    """Invoices that may be news (issued lately) or due soon and unpaid, of the given companies."""
    if not company_ids:
        return []
    latest_due = today + timedelta(days=DAYS_BEFORE_RANGE[1])
    rows = session.exec(
        select(Invoice).where(
            col(Invoice.company_id).in_(company_ids),
            or_(
                and_(Invoice.issue_date >= today - NEW_INVOICE_WINDOW, Invoice.issue_date <= today),
                and_(
                    Invoice.due_date >= today,
                    Invoice.due_date <= latest_due,
                    Invoice.paid_gr < Invoice.gross_gr,
                ),
            ),
        )
    ).all()
    return [
        InvoiceRow(i.id, i.company_id, i.number, i.issue_date, i.due_date, i.gross_gr, i.paid_gr)
        for i in rows
    ]


def _known_keys(session: Session, invoice_ids: list[int]) -> set[str]:
    if not invoice_ids:
        return set()
    query = select(InvoiceNotice.notice_key).where(col(InvoiceNotice.invoice_id).in_(invoice_ids))
    return set(session.exec(query).all())


async def run_periodically(interval_s: float, cycle: Callable[[], object]) -> None:
    """`cycle` in a worker thread every `interval_s` seconds until cancelled; a failed round (a database
    blip, say) is logged and the next one comes as usual. An interval of 0 or less runs nothing."""
    while interval_s > 0:
        await asyncio.sleep(interval_s)
        try:
            await asyncio.to_thread(cycle)
        except Exception:
            log.exception("the notification job failed; it runs again in %s s", interval_s)


def run_cycle(
    engine: Engine, settings: Settings, *, today: date, now: datetime
) -> tuple[JobReport, DeliveryReport]:
    """One round of the job: queue the fresh events' SMS, then deliver every message that is due."""
    report = run(engine, today=today, now=now, brand=settings.brand_name)
    delivered = delivery.deliver_due(
        engine,
        delivery.gateway_for(settings.sms),
        now=now,
        max_attempts=settings.sms.max_attempts,
        code_max_age=timedelta(seconds=settings.sms_code_ttl_s),
    )
    return report, delivered
