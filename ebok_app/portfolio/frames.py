"""A company's portfolio as polars frames, loaded once and kept in a small per-process cache.

Each (company, data version) is read from the database once for the whole installation, column-wise, and
kept as memory-mapped Arrow IPC files that every worker shares (`portfolio.shared`); this cache holds
the mapped frames and the day's derived tables of the companies a worker serves.

The cache key is (company id, data version): when a company's data changes its `data_version` is bumped
and the next reader rebuilds the frames. The frames are a cache, never a source of truth; they never go
into Reflex state (which is pickled after every event): states keep only filters and the visible page.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import polars as pl
from sqlalchemy import ColumnElement, Engine, Select, func, select
from sqlmodel import Session, SQLModel

from ebok_app.models import Asset, Company, Contract, InsurancePolicy, Invoice, ScheduleItem
from ebok_app.portfolio.shared import SharedFrames
from ebok_app.settings import get_settings

CACHE_SIZE = 32
FILES_FORMAT = 2  # of the shared files' layout: a new one starts a new directory (the old is pruned in time)


@dataclass(frozen=True)
class PortfolioFrames:
    """One company's tables; `items` and `invoices` in their lists' order (`items_in_list_order`,
    `invoices_in_list_order`), which the day's tables extending them keep (and store only their own
    columns of)."""

    company_id: int
    data_version: int
    contracts: pl.DataFrame
    items: pl.DataFrame
    invoices: pl.DataFrame
    policies: pl.DataFrame
    shared: SharedFrames | None = field(default=None, compare=False, repr=False)
    _derived: dict = field(default_factory=dict, compare=False, repr=False)
    _derived_lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def derived(
        self, name: str, today: date, build: Callable[[], pl.DataFrame], extends: str | None = None
    ) -> pl.DataFrame:
        """A table computed from these frames for `today` (statuses, installments left), built once a day:
        filters, sorts and pages then work on it without recomputing. With shared frames it is built once
        for the whole installation and memory-mapped like the frames; a table that `extends` one of the
        frames (its rows in the same order, columns added) is stored as the added columns only."""
        key = (name, today)
        with self._derived_lock:
            if key not in self._derived:
                for stale in [k for k in self._derived if k[0] == name]:
                    del self._derived[stale]
                self._derived[key] = (
                    build() if self.shared is None else self._shared_table(name, today, build, extends)
                )
            return self._derived[key]

    def _shared_table(
        self, name: str, today: date, build: Callable[[], pl.DataFrame], extends: str | None
    ) -> pl.DataFrame:
        base: pl.DataFrame | None = None if extends is None else getattr(self, extends)
        own = build if base is None else lambda: build().drop(base.columns)
        table = self.shared.derived_once(self.company_id, self.data_version, today.isoformat(), name, own)
        return table if base is None else pl.concat([base, table], how="horizontal")  # both mapped


def _frame(engine: Engine, query: Select, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows of `query` as a frame whose columns are named and typed by `schema`, in order, read
    column-wise: on PostgreSQL COPY … TO STDOUT as CSV, on SQLite one CSV text that SQLite builds itself
    (`_sqlite_csv`); polars parses either, with no Python object per value. SQLite is read through the
    process's own sqlite3: a second SQLite library in the same process (connectorx, ADBC bring their own)
    drops the app's POSIX locks when it closes the file and corrupts the database (sqlite.org, "How To
    Corrupt An SQLite Database File", 2.2.1). The query's only parameter is the company id, an int
    rendered into the SQL."""
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            cursor = connection.connection.driver_connection.cursor()
            with cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT CSV)") as copy:
                data = b"".join(bytes(block) for block in copy)
    else:
        with engine.connect() as connection:
            data = connection.exec_driver_sql(_sqlite_csv(query, sql, schema)).scalar() or b""
    if not data:
        return pl.DataFrame(schema=schema)
    return pl.read_csv(io.BytesIO(data), has_header=False, new_columns=list(schema), schema=schema)


def _sqlite_csv(query: Select, sql: str, schema: dict[str, pl.DataType]) -> str:
    """A query returning the rows of `sql` as one CSV blob, built inside SQLite by one printf per row and
    group_concat: text double-quoted with its quotes doubled (NULL an empty field, "" an empty text), any
    other value as SQLite prints it (dates are stored as YYYY-MM-DD text)."""
    names = [f"c{n}" for n in range(len(schema))]
    formats, arguments = [], []
    for name, dtype, column in zip(names, schema.values(), query.selected_columns, strict=True):
        text, nullable = dtype == pl.String, getattr(column, "nullable", True)
        formats.append('"%w"' if text and not nullable else "%s")
        arguments.append(
            f"""iif({name} IS NULL, NULL, printf('"%w"', {name}))""" if text and nullable else name
        )
    row = f"printf('{','.join(formats)}', {', '.join(arguments)})"
    return f"WITH q({', '.join(names)}) AS ({sql}) SELECT CAST(group_concat({row}, char(10)) AS BLOB) FROM q"


SPREAD = 4  # a company's rows spread over more than SPREAD times their count of ids are read by index


def _company_rows(engine: Engine, model: type[SQLModel], company_id: int) -> list[ColumnElement[bool]]:
    """The condition selecting a company's rows of `model`. On SQLite, when they lie close together in
    id order (as loads and feeds insert them), a scan of their id range: reading a large company through
    the company index costs one B-tree search per row, about ten times the CPU of the scan. The index is
    kept out of it by comparing `company_id + 0`, which no index covers."""
    if engine.dialect.name != "sqlite":
        return [model.company_id == company_id]
    with engine.connect() as connection:
        low, high, count = connection.execute(
            select(func.min(model.id), func.max(model.id), func.count()).where(model.company_id == company_id)
        ).one()
    if not count or high - low + 1 > SPREAD * count:
        return [model.company_id == company_id]
    return [model.id.between(low, high), (model.company_id + 0) == company_id]


def load_frames(
    engine: Engine, company_id: int, data_version: int, shared: SharedFrames | None = None
) -> PortfolioFrames:
    """One company's frames: from the installation's shared files when `shared` is given (read from the
    database by the first worker to need them), else straight from the database."""
    read = lambda: _read_tables(engine, company_id)  # noqa: E731
    tables = read() if shared is None else _ordered(shared.build_once(company_id, data_version, read))
    return PortfolioFrames(company_id=company_id, data_version=data_version, shared=shared, **tables)


def shared_frames(engine: Engine) -> SharedFrames:
    """The shared frame files of the database behind `engine` (EBOK_FRAMES_DIR, EBOK_FRAMES_CACHE_MB)."""
    settings = get_settings()
    url = engine.url.render_as_string(hide_password=True)
    database = hashlib.sha256(f"{FILES_FORMAT}:{url}".encode()).hexdigest()[:16]
    return SharedFrames(settings.frames_dir, settings.frames_cache_mb * 1024 * 1024, database)


def _read_tables(engine: Engine, company_id: int) -> dict[str, pl.DataFrame]:
    """Read one company's contracts (with their assets), schedule items, invoices and policies, the four
    at once (SQLite and the PostgreSQL driver let go of the GIL while they read)."""
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="frames-read") as pool:
        return _joined(*_submit_reads(pool, engine, company_id))


def _submit_reads(pool: ThreadPoolExecutor, engine: Engine, company_id: int) -> list[pl.DataFrame]:
    contracts = pool.submit(
        _frame,
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
        .where(*_company_rows(engine, Contract, company_id)),
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
    items = pool.submit(
        _frame,
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
        ).where(*_company_rows(engine, ScheduleItem, company_id)),
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
    invoices = pool.submit(
        _frame,
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
        ).where(*_company_rows(engine, Invoice, company_id)),
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
    policies = pool.submit(
        _frame,
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
        ).where(*_company_rows(engine, InsurancePolicy, company_id)),
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
    return [f.result() for f in (contracts, items, invoices, policies)]


def _joined(
    contracts: pl.DataFrame, items: pl.DataFrame, invoices: pl.DataFrame, policies: pl.DataFrame
) -> dict[str, pl.DataFrame]:
    """The tables with their contract's number, the items and invoices in their lists' order."""
    numbers = contracts.select(pl.col("id").alias("contract_id"), pl.col("number").alias("contract_number"))
    return {
        "contracts": contracts,
        "items": items_in_list_order(items.join(numbers, on="contract_id", how="left")),
        "invoices": invoices_in_list_order(invoices.join(numbers, on="contract_id", how="left")),
        "policies": policies.join(numbers, on="contract_id", how="left"),
    }


def _ordered(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Mapped tables marked again as sorted by their first key (the files do not keep polars' flag), so
    that date ranges are found by binary search rather than by a scan."""
    return tables | {
        "items": tables["items"].with_columns(pl.col("due_date").set_sorted()),
        "invoices": tables["invoices"].with_columns(pl.col("issue_date").set_sorted(descending=True)),
    }


def items_in_list_order(items: pl.DataFrame) -> pl.DataFrame:
    """Schedule items as PortfolioFrames holds them: by due date, then contract number and id."""
    return items.sort(["due_date", "contract_number", "id"])


def invoices_in_list_order(invoices: pl.DataFrame) -> pl.DataFrame:
    """Invoices as PortfolioFrames holds them: newest first (issue date, then number, descending)."""
    return invoices.sort(["issue_date", "number"], descending=True, nulls_last=True)


def data_version(engine: Engine, company_id: int) -> int:
    with Session(engine) as session:
        return session.exec(select(Company.data_version).where(Company.id == company_id)).one()[0]


def _database(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


class FrameCache:
    """A bounded, thread-safe LRU of PortfolioFrames keyed by (database, company, data version): two
    databases in one process (tests, a migration next to the app) never share a company's frames."""

    def __init__(
        self,
        size: int = CACHE_SIZE,
        shared: bool = True,
        prepare: Callable[[PortfolioFrames], object] | None = None,
    ) -> None:
        self._size = size
        self._shared = shared  # through the installation's shared files (one build per version)
        self._prepare = prepare  # run on new frames before they are served (the day's tables)
        self._frames: OrderedDict[tuple[str, int, int], PortfolioFrames] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple[str, int, int], threading.Lock] = {}
        self.loads = 0  # how many times frames were read from the database (for tests and benchmarks)

    def ready(self, engine: Engine, company_id: int) -> tuple[PortfolioFrames | None, int]:
        """The newest frames there are, without waiting, and the company's current data version: the
        current version's frames, else the previous version's while the current one is built in a
        thread (started here), else None while the company's first frames are built."""
        version = data_version(engine, company_id)
        key = (_database(engine), company_id, version)
        with self._lock:
            if key in self._frames:
                self._frames.move_to_end(key)
                return self._frames[key], version
            previous = next((f for k, f in reversed(self._frames.items()) if k[:2] == key[:2]), None)
            start = key not in self._building
            self._building.setdefault(key, threading.Lock())
        if start:
            self.warm_up(engine, company_id)
        return previous, version

    def get(self, engine: Engine, company_id: int) -> PortfolioFrames:
        """The current version's frames, built here when missing: call it off the event loop."""
        version = data_version(engine, company_id)
        key = (_database(engine), company_id, version)
        with self._lock:
            if key in self._frames:
                self._frames.move_to_end(key)
                return self._frames[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:  # one build per key: a second reader waits for the first one's frames
            with self._lock:
                if key in self._frames:
                    return self._frames[key]
            try:
                frames = load_frames(
                    engine, company_id, version, shared_frames(engine) if self._shared else None
                )
                if self._prepare is not None:
                    self._prepare(frames)
            except BaseException:
                with self._lock:
                    self._building.pop(key, None)  # the next reader tries again
                raise
            with self._lock:
                self.loads += 1
                self._frames[key] = frames
                self._building.pop(key, None)
                for stale in [k for k in self._frames if k[:2] == key[:2] and k != key]:
                    del self._frames[stale]
                while len(self._frames) > self._size:
                    self._frames.popitem(last=False)
        return frames

    def warm_up(self, engine: Engine, company_id: int) -> None:
        """Build a company's frames in the background (right after its user logs in)."""
        threading.Thread(
            target=self.get, args=(engine, company_id), daemon=True, name="frames-warm-up"
        ).start()


def prepare_today(frames: PortfolioFrames) -> None:
    """Today's tables of new frames, built with them (by the worker that builds the frames)."""
    from ebok_app.portfolio.day_tables import prepare_day  # here: day_tables imports this module

    prepare_day(frames, date.today())


frame_cache = FrameCache(prepare=prepare_today)
