"""The demo core system's next run, as a feed (docs/feed.md) for `ebok ingest`: the invoices it issues
on `day` for the schedule items due in the next three weeks, payments received on `day` for about half
of the open invoices due by then, and the renewal of the policy that ends first. A demo shows the
portal changing with it.

Reads the database (rows fed or loaded with external ids); writes nothing.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from sqlmodel import Session, col, select

from ebok_app.demo.generator import INVOICE_LEAD_DAYS
from ebok_app.ingest.records import write_record
from ebok_app.models import Contract, InsurancePolicy, Invoice, ScheduleItem
from ebok_app.portfolio.dates import add_months

PAYING_SHARE = 0.5
EXTRA_DAYS = 7  # the demo run invoices a week further than the lead time, so every run has news
RENEWAL_INCREASE = 1.05


def next_feed(session: Session, day: date, seed: int = 0) -> list[dict]:
    """The records of the demo core system's run on `day`."""
    rng = random.Random(f"{seed}:feed:{day.isoformat()}")
    contracts = {
        c.id: c.external_id
        for c in session.exec(select(Contract).where(col(Contract.external_id).is_not(None)))
    }
    return [
        *_new_invoices(session, day, contracts),
        *_payments(session, day, rng),
        *_renewal(session, day, contracts),
    ]


def _next_numbers(session: Session, day: date) -> int:
    prefix = f"FV/{day:%Y/%m}/"
    numbers = session.exec(select(Invoice.number).where(col(Invoice.number).startswith(prefix))).all()
    return max((int(n.removeprefix(prefix)) for n in numbers if n.removeprefix(prefix).isdigit()), default=0)


def _new_invoices(session: Session, day: date, contracts: dict[int, str]) -> list[dict]:
    items = session.exec(
        select(ScheduleItem)
        .where(
            col(ScheduleItem.invoice_id).is_(None),
            col(ScheduleItem.external_id).is_not(None),
            ScheduleItem.due_date <= day + timedelta(days=INVOICE_LEAD_DAYS + EXTRA_DAYS),
        )
        .order_by(ScheduleItem.contract_id, ScheduleItem.due_date, ScheduleItem.id)
    ).all()
    groups: dict[tuple[int, date], list[ScheduleItem]] = defaultdict(list)
    for item in items:
        if item.contract_id in contracts:
            groups[(item.contract_id, item.due_date)].append(item)
    records: list[dict] = []
    counter = _next_numbers(session, day)
    for (contract_id, due), group in groups.items():
        counter += 1
        external_id = f"invoice-{contracts[contract_id]}-{due.isoformat()}"
        values = {
            "number": f"FV/{day:%Y/%m}/{counter:06d}",
            "issue_date": day,
            "sale_date": day,
            "due_date": max(due, day),
            "net_gr": sum(i.net_gr for i in group),
            "vat_gr": sum(i.vat_gr for i in group),
            "gross_gr": sum(i.gross_gr for i in group),
        }
        records.append(write_record("invoice", external_id, 1, values, contract=contracts[contract_id]))
        for item in group:
            records.append(
                write_record(
                    "schedule_item",
                    item.external_id,
                    item.record_version + 1,
                    item.model_dump(),
                    contract=contracts[contract_id],
                    invoice=external_id,
                )
            )
    return records


def _payments(session: Session, day: date, rng: random.Random) -> list[dict]:
    open_invoices = session.exec(
        select(Invoice)
        .where(
            col(Invoice.external_id).is_not(None),
            Invoice.paid_gr < Invoice.gross_gr,
            Invoice.due_date <= day + timedelta(days=3),
            Invoice.issue_date < day,
        )
        .order_by(Invoice.id)
    ).all()
    records = []
    for invoice in open_invoices:
        if rng.random() >= PAYING_SHARE:
            continue
        values = {
            "paid_on": day,
            "amount_gr": invoice.gross_gr - invoice.paid_gr,
            "reference": f"PRZELEW/{invoice.number}",
        }
        external_id = f"payment-{invoice.external_id}-{day.isoformat()}"
        records.append(write_record("payment", external_id, 1, values, invoice=invoice.external_id))
    return records


def _renewal(session: Session, day: date, contracts: dict[int, str]) -> list[dict]:
    """The policy ending first from `day` on gets next year's policy (unless its contract ends first)."""
    ending = session.exec(
        select(InsurancePolicy, Contract.end_date)
        .join(Contract, Contract.id == InsurancePolicy.contract_id)
        .where(col(InsurancePolicy.external_id).is_not(None), InsurancePolicy.end_date >= day)
        .where(InsurancePolicy.end_date < Contract.end_date)
        .order_by(InsurancePolicy.end_date, InsurancePolicy.id)
    ).first()
    if ending is None or ending[0].contract_id not in contracts:
        return []
    policy, contract_end = ending
    start = policy.end_date + timedelta(days=1)
    values = policy.model_dump() | {
        "number": f"{policy.number}/R",
        "start_date": start,
        "end_date": min(add_months(start, 12) - timedelta(days=1), contract_end),
        "premium_gr": int(policy.premium_gr * RENEWAL_INCREASE),
    }
    external_id = f"{policy.external_id}-renewal-{start.year}"
    return [write_record("policy", external_id, 1, values, contract=contracts[policy.contract_id])]
