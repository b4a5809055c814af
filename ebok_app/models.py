"""The tables of eBOK (SQLModel). Every change here ships an Alembic migration in `alembic/versions/`.

Money is integer grosze (`*_gr`, BIGINT). Statuses (paid / partly paid / unpaid, contract and policy
status) are not columns: they follow from amounts and dates in `portfolio.statuses`.
`company_id` is repeated on the per-contract tables on purpose: every query of the portal is scoped
by company, and a company's rows are loaded in one indexed read.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class Role(StrEnum):
    ADMIN = "admin"  # administrator firmy: manages colleagues, unlocks, reads the audit log
    FINANCE = "finance"  # finanse: everything a plain user sees, plus exports and the forecast
    VIEWER = "viewer"  # podgląd: reads contracts, invoices and schedules


class AuthMethod(StrEnum):
    SMS = "sms"
    TOKEN = "token"
    READER = "reader"  # a token with a reader: answers a challenge shown as a graphic code (OCRA)


class LeaseType(StrEnum):
    OPERATING = "operating"  # leasing operacyjny
    FINANCIAL = "financial"  # leasing finansowy


class ItemKind(StrEnum):
    INITIAL_FEE = "initial_fee"  # opłata wstępna
    INSTALLMENT = "installment"  # rata leasingowa
    BUYOUT = "buyout"  # wykup
    FEE = "fee"  # opłata dodatkowa
    INSURANCE = "insurance"  # ubezpieczenie


class SmsStatus(StrEnum):
    QUEUED = "queued"  # waiting for its (next) delivery attempt at next_attempt_at
    SENDING = "sending"  # claimed by one deliverer until next_attempt_at (then claimable again)
    SENT = "sent"
    FAILED = "failed"  # given up: the helpdesk sees it


class NoticeKind(StrEnum):
    NEW_INVOICE = "new_invoice"  # powiadomienie o wystawieniu nowych faktur
    DUE_REMINDER = "due_reminder"  # powiadomienie o nadchodzącej dacie płatności


class MessageStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"


def _money() -> int:
    return Field(default=0, sa_type=BigInteger)  # type: ignore[return-value]


def _external_id() -> str | None:
    """The core system's own id of a fed record (see docs/feed.md); None for rows made in the portal."""
    return Field(default=None, max_length=64, unique=True, index=True)  # type: ignore[return-value]


def _record_version() -> int:
    """The core system's version of a fed record: an older one never overwrites a newer one."""
    return Field(default=0, sa_type=BigInteger)  # type: ignore[return-value]


class Company(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = _external_id()
    record_version: int = _record_version()
    millekod: str = Field(max_length=10, unique=True, index=True)  # numeric company code
    name: str = Field(max_length=200)
    nip: str = Field(max_length=10, unique=True)
    regon: str = Field(max_length=14)
    street: str = Field(max_length=200)
    postal_code: str = Field(max_length=6)
    city: str = Field(max_length=100)
    created_at: datetime
    data_version: int = Field(default=1)  # bumped when the company's portfolio changes (cache key)
    activated_by: str | None = Field(default=None, max_length=120)  # the consultant: "helpdesk:login"
    activated_at: datetime | None = None
    form_signed_on: date | None = None  # the paper configuration form was signed on that day
    form_witness: str | None = Field(default=None, max_length=120)  # in the presence of this employee
    terms_version: str | None = Field(default=None, max_length=20)  # the terms the client accepted on it
    einvoices: bool = Field(default=False)  # the company administrator chose e-invoices instead of paper
    einvoices_changed_by: str | None = Field(default=None, max_length=120)  # "12345678/jkowalski"
    einvoices_changed_at: datetime | None = None
    demo: bool = Field(default=False)  # loaded by `ebok demo load`: the only company the demo inbox shows


class User(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("company_id", "login"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    login: str = Field(max_length=64)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=20)  # E.164, the number SMS go to
    role: str = Field(default=Role.VIEWER, max_length=16)
    auth_method: str = Field(default=AuthMethod.SMS, max_length=8)
    totp_secret: str | None = Field(default=None, max_length=255)  # sealed (security/sealing.py)
    totp_last_step: int | None = Field(default=None, sa_type=BigInteger)  # last accepted TOTP time step
    ocra_secret: str | None = Field(default=None, max_length=255)  # reader token key (security.reader)
    password_hash: str | None = Field(default=None, max_length=255)  # argon2id of the whole password
    masked_secret: dict | None = Field(default=None, sa_column=Column(JSON))  # masked-password shares
    masking_enabled: bool = Field(default=True)
    must_change_password: bool = Field(default=True)  # first log-in with a temporary password
    temporary_password_expires_at: datetime | None = None  # the temporary password is refused after it
    failed_attempts: int = Field(default=0)
    locked_at: datetime | None = None
    active: bool = Field(default=True)
    last_login_at: datetime | None = None
    last_failed_login_at: datetime | None = None
    created_at: datetime
    terms_version: str | None = Field(default=None, max_length=20)  # the service terms the user accepted
    terms_accepted_at: datetime | None = None


class Asset(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    kind: str = Field(max_length=60)  # rodzaj: samochód osobowy, koparka, ...
    make: str = Field(max_length=60)
    model: str = Field(max_length=80)
    year: int
    registration_number: str | None = Field(default=None, max_length=10, index=True)
    vin: str | None = Field(default=None, max_length=17)
    serial_number: str | None = Field(default=None, max_length=40)


class Contract(SQLModel, table=True):
    __table_args__ = (Index("ix_contract_company_start", "company_id", "start_date"),)

    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = _external_id()
    record_version: int = _record_version()
    company_id: int = Field(foreign_key="company.id", index=True)
    asset_id: int = Field(foreign_key="asset.id")
    number: str = Field(max_length=32, unique=True)
    lease_type: str = Field(max_length=12)
    signed_on: date
    start_date: date
    end_date: date
    terminated_on: date | None = None
    initial_net_gr: int = _money()
    initial_fee_gr: int = _money()
    buyout_net_gr: int = _money()
    installments_count: int
    annual_rate_bp: int  # interest rate in basis points, for the capital/interest split
    currency: str = Field(default="PLN", max_length=3)


class ScheduleItem(SQLModel, table=True):
    __table_args__ = (Index("ix_scheduleitem_company_due", "company_id", "due_date"),)

    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = _external_id()
    record_version: int = _record_version()
    company_id: int = Field(foreign_key="company.id")
    contract_id: int = Field(foreign_key="contract.id", index=True)
    invoice_id: int | None = Field(default=None, foreign_key="invoice.id", index=True)
    kind: str = Field(max_length=12)
    seq_no: int  # number of the installment within its kind (rata 1, 2, ...)
    description: str = Field(max_length=120)
    due_date: date
    net_gr: int = _money()
    vat_rate: str = Field(max_length=3)  # "23", "8", "zw", ...
    vat_gr: int = _money()
    gross_gr: int = _money()
    capital_gr: int = _money()  # part of the net that repays capital (installments, fees, buyout)
    paid_gr: int = _money()


class Invoice(SQLModel, table=True):
    __table_args__ = (
        Index("ix_invoice_company_due", "company_id", "due_date"),
        Index("ix_invoice_company_issue", "company_id", "issue_date", "number"),  # the list's order
    )

    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = _external_id()
    record_version: int = _record_version()
    company_id: int = Field(foreign_key="company.id")
    contract_id: int = Field(foreign_key="contract.id", index=True)
    number: str = Field(max_length=32, unique=True)
    issue_date: date
    sale_date: date
    due_date: date
    net_gr: int = _money()
    vat_gr: int = _money()
    gross_gr: int = _money()
    paid_gr: int = _money()  # sum of the invoice's payments, kept in the same transaction
    currency: str = Field(default="PLN", max_length=3)
    ksef_number: str | None = Field(default=None, max_length=35, unique=True)  # None: offline
    corrects_id: int | None = Field(default=None, foreign_key="invoice.id", index=True)  # set on a KOR
    correction_reason: str | None = Field(default=None, max_length=256)


class InvoiceXml(SQLModel, table=True):
    """The FA(3) XML of an invoice as issued: stored once, never rebuilt (its SHA-256 is in the QR code)."""

    invoice_id: int = Field(foreign_key="invoice.id", primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    sha256: str = Field(max_length=64)
    xml: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime


class InvoicePdf(SQLModel, table=True):
    """An invoice's PDF copy as last rendered; `version` is the SHA-256 of everything it was rendered from
    (the invoice as it stood, its KOD I link, the renderer), so a payment, a KSeF number or a new layout
    makes it stale and it is rendered again on next use."""

    invoice_id: int = Field(foreign_key="invoice.id", primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    version: str = Field(max_length=64)
    pdf: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime


class PaymentSource(StrEnum):
    CORE = "core"  # from the lessor's core system (bank statement)
    ONLINE = "online"  # paid through the payment gateway in the portal


class Payment(SQLModel, table=True):
    """A payment of an invoice. An online payment carries the gateway order's id (`order_ref`); the
    pair (invoice, order) is unique, so one gateway order never pays an invoice twice. A payment fed by
    the core system carries the core system's id (`external_id`)."""

    __table_args__ = (UniqueConstraint("invoice_id", "order_ref", name="uq_payment_invoice_order"),)

    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = _external_id()
    record_version: int = _record_version()
    company_id: int = Field(foreign_key="company.id", index=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    paid_on: date
    amount_gr: int = _money()
    reference: str = Field(max_length=64)
    source: str = Field(default=PaymentSource.CORE, max_length=8)
    order_ref: str | None = Field(default=None, max_length=64)  # the online payment order's session id


class PaymentOrderStatus(StrEnum):
    PENDING = "pending"  # registered with the gateway, waiting for the payer
    PAID = "paid"  # the gateway's verified notification arrived: the invoices are paid
    CANCELLED = "cancelled"  # the payer gave up
    EXPIRED = "expired"  # not paid in time
    REFUNDED = "refunded"  # paid, then returned by the gateway: the invoices are unpaid again


class PaymentOrder(SQLModel, table=True):
    """One online payment of one or more invoices, as registered with the payment gateway."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(max_length=64, unique=True)  # our id of the order, sent to the gateway
    company_id: int = Field(foreign_key="company.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    gateway: str = Field(max_length=12)  # fake, przelewy24
    amount_gr: int = _money()
    currency: str = Field(default="PLN", max_length=3)
    title: str = Field(max_length=200)  # the transfer title: invoice and KSeF numbers
    status: str = Field(default=PaymentOrderStatus.PENDING, max_length=10, index=True)
    gateway_order_id: str | None = Field(default=None, max_length=64)  # the gateway's id of the payment
    created_at: datetime
    expires_at: datetime
    finished_at: datetime | None = None


class PaymentOrderInvoice(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("order_id", "invoice_id"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="paymentorder.id", index=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    amount_gr: int = _money()


class CalendarFeed(SQLModel, table=True):
    """A user's secret calendar address: only the SHA-256 of its token is kept."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    company_id: int = Field(foreign_key="company.id")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    last_used_at: datetime | None = None


class InsurancePolicy(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = _external_id()
    record_version: int = _record_version()
    company_id: int = Field(foreign_key="company.id", index=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    number: str = Field(max_length=40)
    insurer: str = Field(max_length=80)
    kind: str = Field(max_length=80)  # typ: komunikacyjne OC/AC, CPM, sprzęt elektroniczny, GAP
    variant: str = Field(max_length=80)
    start_date: date
    end_date: date
    premium_gr: int = _money()
    sum_insured_gr: int = _money()


class NotificationPreference(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    new_invoice: bool = Field(default=False)
    due_reminder: bool = Field(default=False)
    days_before_due: int = Field(default=3)
    new_invoice_since: date | None = None  # the day new-invoice SMS were turned on: nothing older is news
    updated_at: datetime


class InvoiceNotice(SQLModel, table=True):
    """One row per user, kind and invoice (and due date) an SMS told about: what makes the
    notification job idempotent. The unique key is claimed in the transaction that queues the SMS."""

    id: int | None = Field(default=None, primary_key=True)
    notice_key: str = Field(max_length=80, unique=True)  # kind:user:invoice[:due date]
    kind: str = Field(max_length=20)
    user_id: int = Field(foreign_key="user.id", index=True)
    invoice_id: int = Field(foreign_key="invoice.id")
    sms_id: int | None = Field(default=None, foreign_key="smsmessage.id")
    created_at: datetime


class SmsMessage(SQLModel, table=True):
    """The SMS outbox: every message the portal sends, queued first, then handed to a gateway."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    phone: str = Field(max_length=20)
    purpose: str = Field(max_length=20)  # login_code, new_invoice, due_reminder
    body: str = Field(max_length=480)  # its secret part (code, temporary password) replaced by SECRET_MARK
    secret: str | None = Field(default=None, max_length=255)  # sealed; cleared once the gateway took it
    idempotency_key: str = Field(max_length=120, unique=True)
    status: str = Field(default=SmsStatus.QUEUED, max_length=10, index=True)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=300)
    created_at: datetime
    sent_at: datetime | None = None


class AuditEntry(SQLModel, table=True):
    __table_args__ = (Index("ix_auditentry_company_at", "company_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    company_id: int | None = Field(default=None, foreign_key="company.id")
    user_id: int | None = Field(default=None, foreign_key="user.id")
    actor: str = Field(max_length=120)  # who, as shown: "12345678/jkowalski", "helpdesk:anowak", "system"
    action: str = Field(max_length=60)
    result: str = Field(max_length=20)  # ok, denied, failed
    ip: str | None = Field(default=None, max_length=45)
    details: dict | None = Field(default=None, sa_column=Column(JSON))


class ContactMessage(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    contract_id: int | None = Field(default=None, foreign_key="contract.id")
    topic: str = Field(max_length=120)
    body: str = Field(max_length=4000)
    status: str = Field(default=MessageStatus.NEW, max_length=12)
    answer: str | None = Field(default=None, max_length=4000)
    created_at: datetime
    answered_at: datetime | None = None
    handled_by: str | None = Field(default=None, max_length=120)  # the helpdesk employee: "helpdesk:login"


class ContactAttachment(SQLModel, table=True):
    """A file sent with a contact message (PDF, PNG or JPEG, checked by content, at most 2 MB).

    Kept in the database, never on the web server's disk; served only after a rights check. A row
    without a message is a file the user chose for the message they are still writing."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id")
    user_id: int = Field(foreign_key="user.id", index=True)
    message_id: int | None = Field(default=None, foreign_key="contactmessage.id", index=True)
    filename: str = Field(max_length=120)
    content_type: str = Field(max_length=40)
    size: int
    sha256: str = Field(max_length=64)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime


class RequestStatus(StrEnum):
    NEW = "new"  # nowa: sent, nobody took it yet
    IN_PROGRESS = "in_progress"  # w realizacji
    NEEDS_INFO = "needs_info"  # wymaga uzupełnienia: the client adds what is missing
    DONE = "done"  # zrealizowana (closed)
    REJECTED = "rejected"  # odrzucona (closed)


class ClientRequest(SQLModel, table=True):
    """A client's request from the catalogue (client_requests/catalogue.py): its type, the form's values
    as checked, and where the helpdesk got with it. Visible to every user of the company."""

    __table_args__ = (Index("ix_clientrequest_company_created", "company_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id")
    user_id: int = Field(foreign_key="user.id")
    contract_id: int | None = Field(default=None, foreign_key="contract.id")
    kind: str = Field(max_length=24)
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=RequestStatus.NEW, max_length=12, index=True)
    created_at: datetime
    updated_at: datetime
    handled_by: str | None = Field(default=None, max_length=120)  # the helpdesk employee: "helpdesk:login"
    answer: str | None = Field(default=None, max_length=4000)  # the helpdesk's latest comment
    answered_at: datetime | None = None


class ClientRequestStep(SQLModel, table=True):
    """One step of a request (sent, taken, answered, completed by the client): who, when, the status it
    left the request in and the comment."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="clientrequest.id", index=True)
    at: datetime
    actor: str = Field(max_length=120)
    by_staff: bool = Field(default=False)
    status: str = Field(max_length=12)
    comment: str | None = Field(default=None, max_length=4000)


class ClientRequestFile(SQLModel, table=True):
    """A file of a request: the client's attachment, the helpdesk's document, or one eBOK generated.

    Checked like the contact form's files (PDF, PNG, JPEG by content, at most 2 MB), kept in the database.
    Pending until its step is sent: a client's file without a request, a helpdesk file without a step."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id")
    request_id: int | None = Field(default=None, foreign_key="clientrequest.id", index=True)
    step_id: int | None = Field(default=None, foreign_key="clientrequeststep.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)  # the client who added it
    added_by: str = Field(max_length=120)
    origin: str = Field(max_length=10)  # client, helpdesk, generated
    filename: str = Field(max_length=120)
    content_type: str = Field(max_length=40)
    size: int
    sha256: str = Field(max_length=64)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime


class LoginAttempt(SQLModel, table=True):
    """One pass through the log-in steps; the browser's state holds only its random token."""

    __table_args__ = (Index("ix_loginattempt_ip_created_at", "ip", "created_at"),)  # per-address throttle

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    subject_key: str = Field(max_length=64, index=True)  # HMAC of MilleKod + login, known or not
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    otp_method: str = Field(max_length=8)
    sms_code_hash: str | None = Field(default=None, max_length=64)
    otp_ok: bool | None = None  # checked at step 2, told to nobody before the end
    password_mode: str = Field(max_length=10)  # masked, full, temporary
    mask_positions: list | None = Field(default=None, sa_column=Column(JSON))
    reader_challenge: str | None = Field(default=None, max_length=16)  # used up by its first check
    ip: str | None = Field(default=None, max_length=45)
    tried: str = Field(default="", max_length=80)  # "MilleKod/login" as typed: the audit's actor of a failure
    created_at: datetime
    expires_at: datetime
    finished_at: datetime | None = None
    result: str | None = Field(default=None, max_length=20)


class UserSession(SQLModel, table=True):
    """A signed-in session, bound to the browser tab's Reflex client token."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    client_token_hash: str = Field(max_length=64, index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    company_id: int = Field(foreign_key="company.id")
    ip: str | None = Field(default=None, max_length=45)
    user_agent: str | None = Field(default=None, max_length=300)
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None
    end_reason: str | None = Field(default=None, max_length=20)
    disconnected_at: datetime | None = None  # the tab's last socket left (None while one is connected)


class FeedCredential(SQLModel, table=True):
    """A credential of the core system pushing its feed to `POST /api/feed`; only its SHA-256 is kept."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    secret_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class StaffRight(StrEnum):
    ACTIVATE = "activate"  # konsultant: activates companies from the signed configuration form
    HELPDESK = "helpdesk"  # HelpDesk: searches clients, unlocks, changes phones, answers messages


class StaffUser(SQLModel, table=True):
    """An employee of the lessor (consultant, helpdesk): a separate account with its own strong log-in."""

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    password_hash: str = Field(max_length=255)  # argon2id
    totp_secret: str = Field(max_length=255)  # TOTP is required for staff; sealed
    totp_last_step: int | None = Field(default=None, sa_type=BigInteger)
    rights: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # StaffRight values
    failed_attempts: int = Field(default=0)
    locked_at: datetime | None = None
    active: bool = Field(default=True)
    last_login_at: datetime | None = None
    created_at: datetime
    demo: bool = Field(default=False)  # a demo employee: the demo inbox shows its token's code


class StaffSession(SQLModel, table=True):
    """A signed-in staff session, bound to the browser tab's Reflex client token and browser (like
    UserSession)."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    client_token_hash: str = Field(max_length=64, index=True)
    staff_id: int = Field(foreign_key="staffuser.id", index=True)
    ip: str | None = Field(default=None, max_length=45)
    user_agent: str | None = Field(default=None, max_length=300)
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None
    end_reason: str | None = Field(default=None, max_length=20)
    disconnected_at: datetime | None = None  # the tab's last socket left (None while one is connected)


class PhoneChangeStatus(StrEnum):
    REQUESTED = "requested"  # asked by the user in Profil, waiting for a company administrator
    CODE_SENT = "code_sent"  # a code went to the new number; the number is used once it comes back
    DONE = "done"
    CANCELLED = "cancelled"  # refused, withdrawn, replaced, too many wrong codes or too late


class PhoneChange(SQLModel, table=True):
    """A change of the mobile number SMS go to, from the request to the confirmed new number."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    new_phone: str = Field(max_length=20)
    status: str = Field(default=PhoneChangeStatus.REQUESTED, max_length=10)
    requested_by: str = Field(max_length=120)  # the actor label of who asked or started it
    created_at: datetime
    code_hash: str | None = Field(default=None, max_length=64)  # HMAC of the code sent to the new number
    code_sent_at: datetime | None = None
    wrong_codes: int = Field(default=0)
    finished_at: datetime | None = None


class AuthChangeStatus(StrEnum):
    REQUESTED = "requested"  # asked by the user, or set by an administrator or the helpdesk
    PROVEN = "proven"  # the user proved the current tool; now the new tool's first code is awaited
    DONE = "done"
    CANCELLED = "cancelled"


class AuthChange(SQLModel, table=True):
    """A change of the authorisation tool (H@sło SMS <-> token): it takes effect only once the user has
    proved the current tool and given the new tool's first code."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    new_method: str = Field(max_length=8)
    status: str = Field(default=AuthChangeStatus.REQUESTED, max_length=10)
    requested_by: str = Field(max_length=120)
    created_at: datetime
    code_hash: str | None = Field(default=None, max_length=64)  # HMAC of the SMS code awaited now
    code_sent_at: datetime | None = None
    pending_secret: str | None = Field(default=None, max_length=255)  # the new token's TOTP secret, sealed
    wrong_codes: int = Field(default=0)
    finished_at: datetime | None = None


PORTFOLIO_TABLES: tuple[type[SQLModel], ...] = (
    Company,
    User,
    Asset,
    Contract,
    Invoice,
    InvoiceXml,
    InvoicePdf,
    ScheduleItem,
    Payment,
    PaymentOrder,
    PaymentOrderInvoice,
    CalendarFeed,
    InsurancePolicy,
    NotificationPreference,
    SmsMessage,
    InvoiceNotice,
    AuditEntry,
    ContactMessage,
    ContactAttachment,
    ClientRequest,
    ClientRequestStep,
    ClientRequestFile,
    LoginAttempt,
    UserSession,
    StaffUser,
    StaffSession,
    PhoneChange,
    AuthChange,
    FeedCredential,
)
