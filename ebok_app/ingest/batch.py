"""Applying a feed batch: all of it in one transaction, or nothing (see docs/feed.md).

Records are keyed by the core system's ids (`external_id`) and carry a record version: a record whose
version is not newer than the stored one changes nothing, so the same batch twice is a no-op and an old
record never overwrites a newer one. Batches are applied one at a time (a PostgreSQL transaction
advisory lock; SQLite's single writer, taken at the first statement). Every company whose rows changed
gets its `data_version` bumped in the same transaction, which is what the portfolio caches follow.
New invoices reach the new-invoice SMS through the notification job (it reads invoices by issue date,
once per user and invoice); payments update the invoice's and its schedule items' paid amounts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace

from sqlalchemy import ColumnElement, Engine, exists, func, insert, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel, col, select

from ebok_app.ingest.reading import read_batch
from ebok_app.ingest.records import REFERENCES, Problem, Record, read_record
from ebok_app.models import (
    Asset,
    Company,
    Contract,
    InsurancePolicy,
    Invoice,
    Payment,
    PaymentSource,
    ScheduleItem,
)
from ebok_app.security import audit

MODELS: dict[str, type[SQLModel]] = {
    "company": Company,
    "contract": Contract,
    "invoice": Invoice,
    "schedule_item": ScheduleItem,
    "policy": InsurancePolicy,
    "payment": Payment,
}
ORDER = tuple(MODELS)  # a kind is applied after the kinds it refers to
UNIQUE = {"company": ("millekod", "nip"), "contract": ("number",), "invoice": ("number",)}
INGEST_LOCK_KEY = 0x65424F49  # pg_advisory_xact_lock key of feed batches ("eBOI")
CHUNK = 500


@dataclass
class IngestReport:
    records: int = 0
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: int = 0  # the same record version was already stored
    stale: int = 0  # an older record version than the stored one: ignored
    companies: list[int] = field(default_factory=list)  # companies whose data version was bumped
    invoices: list[int] = field(
        default_factory=list
    )  # invoices created, changed or paid: their PDFs are stale
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if not self.ok:
            return f"refused: {len(self.problems)} problem(s), nothing applied"
        created = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items())) or "nothing"
        updated = ", ".join(f"{n} {k}" for k, n in sorted(self.updated.items())) or "nothing"
        return (
            f"applied {self.records} records: created {created}; updated {updated}; "
            f"{self.unchanged} unchanged, {self.stale} older than stored (ignored); "
            f"{len(self.companies)} companies changed"
        )

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "records": self.records,
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": self.unchanged,
            "stale": self.stale,
            "companies_changed": len(self.companies),
            "invoices_changed": len(self.invoices),
            "problems": [p.as_dict() for p in self.problems],
        }


class BatchRefused(Exception):
    """The batch has problems: the transaction is rolled back."""


def ingest(
    engine: Engine, content: str, fmt: str, *, actor: str, source: str, ip: str | None = None
) -> IngestReport:
    """Validate and apply one batch (`fmt` "jsonl" or "csv"); audited whether applied or refused."""
    report = IngestReport()
    records = _read(content, fmt, report)
    if report.ok:
        try:
            with Session(engine, expire_on_commit=False) as session:
                _lock(session)
                _apply(session, records, report)
                audit.record(session, "feed_ingest", "ok", actor, ip=ip, source=source, **_figures(report))
                session.commit()
        except BatchRefused:
            pass
        except (IntegrityError, OperationalError) as exc:
            reason = f"the database refused the batch ({type(exc.orig).__name__})"
            report.problems.append(Problem(0, "", "", "-", reason))
    if not report.ok:
        report.companies.clear()
        with Session(engine) as session:
            audit.record(
                session,
                "feed_ingest",
                "refused",
                actor,
                ip=ip,
                source=source,
                problems=len(report.problems),
                first=str(report.problems[0])[:300],
            )
            session.commit()
    return report


def _figures(report: IngestReport) -> dict:
    return {
        "records": report.records,
        "created": sum(report.created.values()),
        "updated": sum(report.updated.values()),
        "unchanged": report.unchanged,
        "stale": report.stale,
        "companies": report.companies[:50],
    }


def _read(content: str, fmt: str, report: IngestReport) -> list[Record]:
    raws, report.problems = read_batch(content, fmt)
    records: list[Record] = []
    seen: dict[tuple[str, str], int] = {}
    for position, raw in raws:
        record, problems = read_record(position, raw)
        report.problems += problems
        if record is None:
            continue
        first = seen.setdefault((record.kind, record.external_id), position)
        if first != position:
            reason = f"duplicate external id in this batch (also record {first})"
            report.problems.append(Problem(position, record.kind, record.external_id, "id", reason))
            continue
        records.append(record)
    report.records = len(raws)
    if not raws and report.ok:
        report.problems.append(Problem(0, "", "", "-", "the batch has no records"))
    return records


def _lock(session: Session) -> None:
    """One batch at a time: concurrent batches queue here instead of racing on the same external ids."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": INGEST_LOCK_KEY})
    else:  # SQLite: a write statement as the first one takes the database's write lock (waits busy_timeout)
        session.execute(text("UPDATE company SET data_version = data_version WHERE 1 = 0"))


def _chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


class _Batch:
    """The state of one batch being applied: the rows known by external id, and what changed."""

    def __init__(self, session: Session, records: list[Record], report: IngestReport) -> None:
        self.session, self.report = session, report
        self.rows: dict[str, dict[str, SQLModel]] = {kind: {} for kind in MODELS}
        self.companies: set[int] = set()
        self.invoices_to_settle: set[int] = set()
        self.new_payments: list[dict] = []
        wanted: dict[str, set[str]] = {kind: set() for kind in MODELS}
        for record in records:
            wanted[record.kind].add(record.external_id)
            for name, target in record.refs.items():
                wanted[REFERENCES[record.kind][name][0]].add(target)
        for kind, ids in wanted.items():
            model = MODELS[kind]
            for chunk in _chunks(ids):
                for row in session.exec(select(model).where(col(model.external_id).in_(chunk))):
                    self.rows[kind][row.external_id] = row
        self.taken = self._taken(records)

    def _taken(self, records: list[Record]) -> dict[tuple[str, str, object], int]:
        """Unique values the batch uses (MilleKod, NIP, contract and invoice numbers): their owner's id."""
        taken: dict[tuple[str, str, object], int] = {}
        for kind, columns in UNIQUE.items():
            model = MODELS[kind]
            for column in columns:
                values = {r.values[column] for r in records if r.kind == kind}
                for chunk in _chunks(values):
                    query = select(getattr(model, column), model.id).where(getattr(model, column).in_(chunk))
                    for value, owner in self.session.exec(query):
                        taken[(kind, column, value)] = owner
        return taken

    def problem(self, record: Record, name: str, reason: str) -> None:
        self.report.problems.append(Problem(record.position, record.kind, record.external_id, name, reason))

    def target(self, record: Record, name: str) -> SQLModel | None:
        external_id = record.refs.get(name)
        if external_id is None:
            return None
        kind = REFERENCES[record.kind][name][0]
        row = self.rows[kind].get(external_id)
        if row is None:
            self.problem(record, name, f"unknown {kind.replace('_', ' ')} {external_id!r}")
        return row


def _apply(session: Session, records: list[Record], report: IngestReport) -> None:
    batch = _Batch(session, records, report)
    by_kind: dict[str, list[Record]] = {kind: [] for kind in ORDER}
    for record in records:
        by_kind[record.kind].append(record)
    changed_invoices: set[int] = set()
    for kind in ORDER:
        fresh = [r for r in by_kind[kind] if _is_newer(batch, r)]
        for record in fresh:
            _apply_record(batch, record)
        if report.problems:
            raise BatchRefused
        session.flush()  # ids of the new rows, for the kinds that refer to them
        if kind == "invoice":
            changed_invoices = {batch.rows[kind][r.external_id].id for r in fresh}
    for chunk in _chunks(batch.new_payments, 5_000):
        session.execute(insert(Payment.__table__), chunk)  # type: ignore[attr-defined]
    _settle(session, batch.invoices_to_settle)
    if batch.companies:
        session.execute(
            update(Company)
            .where(col(Company.id).in_(batch.companies))
            .values(data_version=Company.data_version + 1)
            .execution_options(synchronize_session=False)
        )
    report.companies = sorted(batch.companies)
    report.invoices = sorted(changed_invoices | batch.invoices_to_settle)


def _is_newer(batch: _Batch, record: Record) -> bool:
    stored = batch.rows[record.kind].get(record.external_id)
    if stored is None:
        return True
    if stored.record_version == record.version:
        batch.report.unchanged += 1
        return False
    if stored.record_version > record.version:
        batch.report.stale += 1
        return False
    return True


def _owner_company(batch: _Batch, record: Record) -> int | None:
    """The company of a record of a company's portfolio, through what it refers to; None when unknown."""
    parent_field = {"contract": "company", "payment": "invoice"}.get(record.kind, "contract")
    parent = batch.target(record, parent_field)
    if parent is None:
        return None
    return parent.id if record.kind == "contract" else parent.company_id


def _apply_record(batch: _Batch, record: Record) -> None:
    stored = batch.rows[record.kind].get(record.external_id)
    if not _unique_ok(batch, record, stored):
        return
    values = {k: v for k, v in record.values.items() if not k.startswith("asset.")}
    company_id = 0
    if record.kind != "company":
        company_id = _owner_company(batch, record)
        invoice = batch.target(record, "invoice") if record.kind == "schedule_item" else None
        if company_id is None or (
            record.kind == "schedule_item" and record.refs.get("invoice") and invoice is None
        ):
            return  # target() reported the unknown reference
        links = _links(batch, record, invoice)
        if links is None:
            return
        values |= links | {"company_id": company_id}
        if stored is not None and stored.company_id != company_id:
            batch.problem(record, "company", "a record cannot move to another company")
            return
    if record.kind == "payment" and stored is not None and stored.invoice_id != values["invoice_id"]:
        batch.problem(record, "invoice", "a payment cannot move to another invoice")
        return
    values |= {"external_id": record.external_id, "record_version": record.version}
    row = _store(batch, record, stored, values)
    if row is None:
        return
    batch.rows[record.kind][record.external_id] = row
    (batch.report.updated if stored is not None else batch.report.created)[record.kind] += 1
    if record.kind != "company":
        batch.companies.add(company_id)
    elif stored is not None:
        batch.companies.add(stored.id)
    if record.kind == "payment":
        batch.invoices_to_settle.add(values["invoice_id"])
    elif record.kind == "invoice" and stored is not None:
        batch.invoices_to_settle.add(stored.id)
    elif record.kind == "schedule_item" and values.get("invoice_id"):
        batch.invoices_to_settle.add(values["invoice_id"])


def _links(batch: _Batch, record: Record, invoice: SQLModel | None) -> dict | None:
    """The ids of the rows the record refers to (None: a reference is unknown or inconsistent)."""
    if record.kind in ("invoice", "schedule_item", "policy"):
        contract = batch.rows["contract"][record.refs["contract"]]
        links: dict = {"contract_id": contract.id}
        if record.kind == "schedule_item":
            links["invoice_id"] = invoice.id if invoice is not None else None
            if invoice is not None and invoice.contract_id != contract.id:
                batch.problem(record, "invoice", "the invoice belongs to another contract")
                return None
        return links
    if record.kind == "payment":
        return {"invoice_id": batch.rows["invoice"][record.refs["invoice"]].id}
    return {}


def _unique_ok(batch: _Batch, record: Record, stored: SQLModel | None) -> bool:
    for column in UNIQUE.get(record.kind, ()):
        key = (record.kind, column, record.values[column])
        owner = batch.taken.get(key)
        mine = stored.id if stored is not None else None
        if owner is not None and owner != mine:
            batch.problem(record, column, f"{record.values[column]} is already used by another {record.kind}")
            return False
        batch.taken[key] = mine if mine is not None else -record.position  # later records see it taken
    return True


def _store(batch: _Batch, record: Record, stored: SQLModel | None, values: dict) -> SQLModel | None:
    session = batch.session
    asset_values = {k.removeprefix("asset."): v for k, v in record.values.items() if k.startswith("asset.")}
    if stored is not None:
        for name, value in values.items():
            setattr(stored, name, value)
        if asset_values:
            asset = session.get(Asset, stored.asset_id)
            for name, value in asset_values.items():
                setattr(asset, name, value)
        return stored
    model = MODELS[record.kind]
    if record.kind == "company":
        row = Company(**values, created_at=datetime.now(UTC), data_version=1)
        session.add(row)
        session.flush()
        batch.companies.add(row.id)
        return row
    if record.kind == "contract":
        asset = Asset(company_id=values["company_id"], **asset_values)
        session.add(asset)
        session.flush()
        values["asset_id"] = asset.id
    if record.kind == "schedule_item":
        values["paid_gr"] = 0
    if record.kind == "payment":  # nothing refers to a payment: inserted in bulk after the others
        batch.new_payments.append(values)
        return SimpleNamespace(**values)  # type: ignore[return-value]  # what the batch reads of it; no ORM
    row = model(**values)
    session.add(row)
    return row


def _superseded() -> ColumnElement[bool]:
    """An online payment (and its refund) that the core system has since reported itself: a fed payment
    of the same invoice whose reference is the online order's session id is that money, so only the fed
    one counts (docs/feed.md, "Payments made in the portal")."""
    fed = aliased(Payment)
    return (Payment.source == PaymentSource.ONLINE) & exists().where(
        fed.invoice_id == Payment.invoice_id,
        fed.source == PaymentSource.CORE,
        fed.reference == Payment.reference,
    )


def _settle(session: Session, invoice_ids: set[int]) -> None:
    """Paid amounts follow the payments: each invoice's sum, spread over its schedule items in due order."""
    session.flush()
    for chunk in _chunks(invoice_ids):
        paid = dict(
            session.exec(
                select(Payment.invoice_id, func.sum(Payment.amount_gr))
                .where(col(Payment.invoice_id).in_(chunk), ~_superseded())
                .group_by(Payment.invoice_id)
            ).all()
        )
        session.execute(update(Invoice), [{"id": i, "paid_gr": int(paid.get(i, 0))} for i in chunk])
        items = session.exec(
            select(ScheduleItem.id, ScheduleItem.invoice_id, ScheduleItem.gross_gr)
            .where(col(ScheduleItem.invoice_id).in_(chunk))
            .order_by(ScheduleItem.invoice_id, ScheduleItem.due_date, ScheduleItem.id)
        ).all()
        left: dict[int, int] = {}
        settled = []
        for item_id, invoice_id, gross in items:
            remaining = left.setdefault(invoice_id, int(paid.get(invoice_id, 0)))
            settled.append({"id": item_id, "paid_gr": min(gross, remaining)})
            left[invoice_id] = remaining - settled[-1]["paid_gr"]
        if settled:
            session.execute(update(ScheduleItem), settled)  # by primary key, in one executemany
