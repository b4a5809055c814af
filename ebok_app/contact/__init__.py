"""The contact form (guide 000: "formularz kontaktowy"): a client user writes about a contract, the
helpdesk takes the message (in progress) and answers it; the user reads the answer in the portal.

Senders act only on their own company's contracts and read only their own messages; handling needs the
helpdesk right. Every step is in the audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from ebok_app.accounts import PermissionDenied
from ebok_app.accounts.staff import Staff, refuse, require_right
from ebok_app.contact import attachments
from ebok_app.models import Company, ContactMessage, Contract, MessageStatus, StaffRight, User
from ebok_app.security import audit
from ebok_app.sms import texts
from ebok_app.sms.outbox import send_sms

TOPICS_PL: tuple[str, ...] = (
    "Umowa leasingu",
    "Faktury i płatności",
    "Harmonogram rat",
    "Ubezpieczenie",
    "Wykup przedmiotu leasingu",
    "Dostęp do eBOK",
    "Inny temat",
)
STATUS_LABELS_PL = {
    MessageStatus.NEW: "nowa",
    MessageStatus.IN_PROGRESS: "w realizacji",
    MessageStatus.ANSWERED: "odpowiedziano",
}
MIN_TEXT, MAX_TEXT = 10, 4000


def text_problem(text: str, what: str) -> str | None:
    if not MIN_TEXT <= len(text) <= MAX_TEXT:
        return f"{what} musi mieć od {MIN_TEXT} do {MAX_TEXT} znaków (teraz: {len(text)})."
    return None


def send(
    db: Session,
    *,
    user_id: int,
    company_id: int,
    actor: str,
    topic: str,
    contract_id: int | None,
    body: str,
    now: datetime,
    ip: str | None = None,
) -> tuple[list[str], ContactMessage | None]:
    """A client's message; (problems in Polish, None) when the form is wrong, ([], message) when sent.

    A contract of another company is refused like a missing one (and audited).
    """
    body = (body or "").replace("\r\n", "\n").strip()
    problems = []
    if topic not in TOPICS_PL:
        problems.append("Wybierz temat wiadomości.")
    problem = text_problem(body, "Treść wiadomości")
    if problem:
        problems.append(problem)
    if contract_id is not None:
        contract = db.get(Contract, contract_id)
        if contract is None or contract.company_id != company_id:
            audit.record(
                db,
                "contact_message",
                "denied",
                actor,
                company_id=company_id,
                user_id=user_id,
                ip=ip,
                contract_id=contract_id,
            )
            problems.append("Wybierz jedną ze swoich umów albo „bez umowy”.")
    if problems:
        return problems, None
    message = ContactMessage(
        company_id=company_id,
        user_id=user_id,
        contract_id=contract_id,
        topic=topic,
        body=body,
        created_at=now,
    )
    db.add(message)
    db.flush()
    files = attachments.attach_pending(db, user_id, message.id)
    audit.record(
        db,
        "contact_message",
        "ok",
        actor,
        company_id=company_id,
        user_id=user_id,
        ip=ip,
        message_id=message.id,
        attachments=files or None,
    )
    return [], message


def contract_choices(db: Session, *, company_id: int) -> list[tuple[int, str]]:
    """(id, number) of the company's contracts, by number: what a message may be about."""
    query = select(Contract.id, Contract.number).where(Contract.company_id == company_id)
    return [(cid, number) for cid, number in db.exec(query.order_by(col(Contract.number))).all()]


def messages_of(db: Session, user_id: int) -> list[tuple[ContactMessage, str | None]]:
    """A user's own messages, newest first, with the contract number."""
    query = (
        select(ContactMessage, Contract.number)
        .join(Contract, isouter=True)
        .where(ContactMessage.user_id == user_id)
        .order_by(col(ContactMessage.id).desc())
    )
    return list(db.exec(query).all())


def _require(db: Session, staff: Staff | None, action: str, ip: str | None, **details: object) -> Staff:
    try:
        return require_right(staff, StaffRight.HELPDESK)
    except PermissionDenied:
        refuse(db, staff, action, ip, **details)
        raise


def inbox(
    db: Session, staff: Staff | None, status: str = "", limit: int = 100
) -> list[tuple[ContactMessage, Company, User, str | None]]:
    """The helpdesk inbox: messages (optionally of one status), new ones first, then the newest."""
    staff = _require(db, staff, "contact_inbox", None)
    audit.record(db, "contact_inbox", "ok", staff.label, ip=staff.ip, status_filter=status[:20])
    query = (
        select(ContactMessage, Company, User, Contract.number)
        .join(Company, ContactMessage.company_id == Company.id)
        .join(User, ContactMessage.user_id == User.id)
        .join(Contract, ContactMessage.contract_id == Contract.id, isouter=True)
    )
    if status in set(MessageStatus):
        query = query.where(ContactMessage.status == status)
    order = (ContactMessage.status != MessageStatus.NEW, col(ContactMessage.id).desc())
    return list(db.exec(query.order_by(*order).limit(limit)).all())


def take(db: Session, staff: Staff | None, message_id: int, ip: str | None = None) -> ContactMessage | None:
    """Mark a new message as in progress by this employee."""
    staff = _require(db, staff, "contact_take", ip, message_id=message_id)
    message = db.get(ContactMessage, message_id)
    if message is None:
        return None
    if message.status == MessageStatus.NEW:
        message.status, message.handled_by = MessageStatus.IN_PROGRESS, staff.label
        audit.record(
            db, "contact_take", "ok", staff.label, company_id=message.company_id, ip=ip, message_id=message.id
        )
    return message


def answer(
    db: Session, staff: Staff | None, message_id: int, text: str, now: datetime, ip: str | None = None
) -> str | None:
    """Answer a message once (it becomes "answered", the user sees the answer in Kontakt and gets an SMS
    that it is there); a Polish problem or None."""
    staff = _require(db, staff, "contact_answer", ip, message_id=message_id)
    message = db.get(ContactMessage, message_id)
    if message is None:
        return "Nie ma takiej wiadomości."
    if message.status == MessageStatus.ANSWERED:
        return "Na tę wiadomość już odpowiedziano."
    text = (text or "").replace("\r\n", "\n").strip()
    problem = text_problem(text, "Odpowiedź")
    if problem:
        return problem
    answered = db.execute(  # one answer even when two employees press the button at once
        update(ContactMessage)
        .where(col(ContactMessage.id) == message.id, col(ContactMessage.status) != MessageStatus.ANSWERED)
        .values(answer=text, answered_at=now, status=MessageStatus.ANSWERED, handled_by=staff.label)
    )
    if answered.rowcount != 1:
        return "Na tę wiadomość już odpowiedziano."
    db.refresh(message)
    _tell_the_sender(db, message)
    audit.record(
        db, "contact_answer", "ok", staff.label, company_id=message.company_id, ip=ip, message_id=message.id
    )
    return None


def _tell_the_sender(db: Session, message: ContactMessage) -> None:
    """An SMS that the answer is waiting in eBOK (the answer itself stays in the portal)."""
    user = db.get(User, message.user_id)
    if user is None or not user.phone or not user.active:
        return
    send_sms(
        db,
        phone=user.phone,
        purpose="contact_answer",
        body=texts.contact_answer_text(message.topic),
        idempotency_key=f"contact_answer:{message.id}",
        user_id=user.id,
        company_id=message.company_id,
    )
