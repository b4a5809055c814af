"""A company's portfolio as polars frames, loaded once and kept in a small per-process cache.

The cache key is (company id, data version): when a company's data changes its `data_version` is bumped
and the next reader rebuilds the frames. The frames are a cache, never a source of truth; they never go
into Reflex state (which is pickled after every event): states keep only filters and the visible page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import polars as pl
from sqlalchemy import Engine, Select, select
from sqlmodel import Session

from ebok_app.models import Asset, Company, Contract, InsurancePolicy, Invoice, ScheduleItem

CACHE_SIZE = 32


@dataclass(frozen=True)
class PortfolioFrames:
    company_id: int
    data_version: int
    contracts: pl.DataFrame
    items: pl.DataFrame
    invoices: pl.DataFrame
    policies: pl.DataFrame
    _derived: dict = field(default_factory=dict, compare=False, repr=False)
    _derived_lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def derived(self, name: str, today: date, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """A table computed from these frames for `today` (statuses, installments left), built once a day:
        filters, sorts and pages then work on it without recomputing."""
        key = (name, today)
        with self._derived_lock:
            if key not in self._derived:
                for stale in [k for k in self._derived if k[0] == name]:
                    del self._derived[stale]
                self._derived[key] = build()
            return self._derived[key]


def _frame(engine: Engine, query: Select, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows of `query` as a frame whose columns are named and typed by `schema`, in order."""
    with engine.connect() as connection:
        rows = connection.execute(query).fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row")


def load_frames(engine: Engine, company_id: int, data_version: int) -> PortfolioFrames:
    """Read one company's contracts (with their assets), schedule items, invoices and policies."""
    contracts = _frame(
        engine,
        select(
            Contract.id,
            Contract.number,
            Contract.lease_type,
            Contract.signed_on,
            Contract.start_date,
            Contract.end_date,
            Contract.terminated_on,
            Contract.initial_net_gr,
            Contract.installments_count,
            Contract.currency,
            Asset.kind,
            Asset.make,
            Asset.model,
            Asset.year,
            Asset.registration_number,
            Asset.vin,
            Asset.serial_number,
        )
        .join(Asset, Asset.id == Contract.asset_id)
        .where(Contract.company_id == company_id),
        {
            "id": pl.Int64,
            "number": pl.String,
            "lease_type": pl.String,
            "signed_on": pl.Date,
            "start_date": pl.Date,
            "end_date": pl.Date,
            "terminated_on": pl.Date,
            "initial_net_gr": pl.Int64,
            "installments_count": pl.Int64,
            "currency": pl.String,
            "asset_kind": pl.String,
            "asset_make": pl.String,
            "asset_model": pl.String,
            "asset_year": pl.Int64,
            "plate": pl.String,
            "vin": pl.String,
            "serial_number": pl.String,
        },
    )
    items = _frame(
        engine,
        select(
            ScheduleItem.id,
            ScheduleItem.contract_id,
            ScheduleItem.invoice_id,
            ScheduleItem.kind,
            ScheduleItem.seq_no,
            ScheduleItem.description,
            ScheduleItem.due_date,
            ScheduleItem.net_gr,
            ScheduleItem.vat_rate,
            ScheduleItem.vat_gr,
            ScheduleItem.gross_gr,
            ScheduleItem.capital_gr,
            ScheduleItem.paid_gr,
        ).where(ScheduleItem.company_id == company_id),
        {
            "id": pl.Int64,
            "contract_id": pl.Int64,
            "invoice_id": pl.Int64,
            "kind": pl.String,
            "seq_no": pl.Int64,
            "description": pl.String,
            "due_date": pl.Date,
            "net_gr": pl.Int64,
            "vat_rate": pl.String,
            "vat_gr": pl.Int64,
            "gross_gr": pl.Int64,
            "capital_gr": pl.Int64,
            "paid_gr": pl.Int64,
        },
    )
    invoices = _frame(
        engine,
        select(
            Invoice.id,
            Invoice.contract_id,
            Invoice.number,
            Invoice.issue_date,
            Invoice.due_date,
            Invoice.net_gr,
            Invoice.vat_gr,
            Invoice.gross_gr,
            Invoice.paid_gr,
            Invoice.ksef_number,
            Invoice.corrects_id,
        ).where(Invoice.company_id == company_id),
        {
            "id": pl.Int64,
            "contract_id": pl.Int64,
            "number": pl.String,
            "issue_date": pl.Date,
            "due_date": pl.Date,
            "net_gr": pl.Int64,
            "vat_gr": pl.Int64,
            "gross_gr": pl.Int64,
            "paid_gr": pl.Int64,
            "ksef_number": pl.String,
            "corrects_id": pl.Int64,
        },
    )
    policies = _frame(
        engine,
        select(
            InsurancePolicy.id,
            InsurancePolicy.contract_id,
            InsurancePolicy.number,
            InsurancePolicy.insurer,
            InsurancePolicy.kind,
            InsurancePolicy.variant,
            InsurancePolicy.start_date,
            InsurancePolicy.end_date,
            InsurancePolicy.premium_gr,
        ).where(InsurancePolicy.company_id == company_id),
        {
            "id": pl.Int64,
            "contract_id": pl.Int64,
            "number": pl.String,
            "insurer": pl.String,
            "kind": pl.String,
            "variant": pl.String,
            "start_date": pl.Date,
            "end_date": pl.Date,
            "premium_gr": pl.Int64,
        },
    )
    numbers = contracts.select(pl.col("id").alias("contract_id"), pl.col("number").alias("contract_number"))
    return PortfolioFrames(
        company_id=company_id,
        data_version=data_version,
        contracts=contracts,
        items=items.join(numbers, on="contract_id", how="left"),
        invoices=invoices.join(numbers, on="contract_id", how="left"),
        policies=policies.join(numbers, on="contract_id", how="left"),
    )


class FrameCache:
    """A bounded, thread-safe LRU of PortfolioFrames keyed by (company, data version)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._frames: OrderedDict[tuple[int, int], PortfolioFrames] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple[int, int], threading.Lock] = {}
        self.loads = 0  # how many times frames were read from the database (for tests and benchmarks)

    def get(self, engine: Engine, company_id: int) -> PortfolioFrames:
        with Session(engine) as session:
            version = session.get(Company, company_id).data_version
        key = (company_id, version)
        with self._lock:
            if key in self._frames:
                self._frames.move_to_end(key)
                return self._frames[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:  # one build per key: a second reader waits for the first one's frames
            with self._lock:
                if key in self._frames:
                    return self._frames[key]
            frames = load_frames(engine, company_id, version)
            with self._lock:
                self.loads += 1
                self._frames[key] = frames
                self._building.pop(key, None)
                for stale in [k for k in self._frames if k[0] == company_id and k != key]:
                    del self._frames[stale]
                while len(self._frames) > self._size:
                    self._frames.popitem(last=False)
        return frames

    def warm_up(self, engine: Engine, company_id: int) -> None:
        """Build a company's frames in the background (right after its user logs in)."""
        threading.Thread(
            target=self.get, args=(engine, company_id), daemon=True, name="frames-warm-up"
        ).start()


frame_cache = FrameCache()
