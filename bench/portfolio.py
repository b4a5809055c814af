"""Benchmark of the portfolio lists for a 5,000-contract fleet: the polars path against plain SQL.

Run with `make bench`. It loads the demo with a fleet of BENCH_FLEET contracts into a scratch SQLite file
(or reuses it), then times the filter + sort + page operations behind Umowy, Faktury and Raty both ways
(SQL with the indexes the lists' orders need, counts without joins), prints p50 / p95 per operation beside
the cold preparation of the frames, and writes the figures to bench/results.json (other keys are kept).
Then the issue's figures: cold preparation of BENCH_FLEET and BENCH_BIG_FLEET contracts (a fresh process
each, with the memory it adds), the event loop's delay while the big fleet is prepared in its thread, and
the ingest of 10,000 payments (into a copy of the database).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import and_, create_engine, func, or_, select, text

from ebok_app import db
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import Asset, Company, Contract, Invoice, ScheduleItem
from ebok_app.portfolio import queries
from ebok_app.portfolio.dates import add_months, month_end
from ebok_app.portfolio.forecast import ForecastRequest, forecast
from ebok_app.portfolio.forecast_chart import forecast_figure
from ebok_app.portfolio.frames import FrameCache, prepare_today, shared_frames
from ebok_app.state.invoices import _row as invoice_row  # the formatting the page sends

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results.json"
FLEET = int(os.environ.get("BENCH_FLEET", "5000"))
BIG_FLEET = int(os.environ.get("BENCH_BIG_FLEET", "20000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
TODAY = date.today()
SEARCHES = ("", "wa", "scania", "ul/2024", "krone", "", "ciągnik", "", "dw", "volvo")


def _database(fleet: int = FLEET) -> tuple[object, int]:
    path = ROOT / f"bench-{fleet}.db"
    url = f"sqlite:///{path}"
    db.upgrade(url)
    engine = db.make_engine(url)
    fleet_id = _loaded(engine, fleet)
    with engine.connect() as connection:  # the load's write-ahead log into the file, as SQLite does in time
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return engine, fleet_id


def _postgres_database(base_url: str, fleet: int = FLEET) -> tuple[object, int]:
    """The same in the schema bench_<fleet> of a PostgreSQL database (loaded once, kept between runs)."""
    schema = f"bench_{fleet}"
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    url = f"{base_url}{'&' if '?' in base_url else '?'}options=-csearch_path%3D{schema}"
    db.upgrade(url)
    engine = db.make_engine(url)
    return engine, _loaded(engine, fleet)


def _loaded(engine, fleet: int) -> int:
    """The id of the fleet's company, the demo loaded first when the database is empty."""
    if not db.company_count(engine):
        started = time.perf_counter()
        insert_demo(engine, generate(2026, TODAY, fleet), bytes(32))
        print(f"loaded the demo with a {fleet}-contract fleet in {time.perf_counter() - started:.1f} s")
    with engine.connect() as connection:
        return connection.execute(select(Company.id).where(Company.name.startswith("Polflota"))).scalar_one()


def _time(operation: Callable[[int], object]) -> tuple[list[float], object]:
    """Milliseconds of ROUNDS calls, after one warm-up call (the day tables and the database's caches are
    built once, as in the running portal)."""
    operation(0)
    samples, result = [], None
    for n in range(ROUNDS):
        started = time.perf_counter()
        result = operation(n)
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


def _p(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


# --- the SQL path: the same filtering, sorting, paging and counting done by the database -------------


def _sql_contracts(engine, company_id: int, n: int) -> list[dict]:
    left = (
        select(func.count())
        .where(
            ScheduleItem.contract_id == Contract.id,
            ScheduleItem.kind == "installment",
            ScheduleItem.due_date >= TODAY,
        )
        .correlate(Contract)
        .scalar_subquery()
    )
    where = [Contract.company_id == company_id]
    needle = SEARCHES[n % len(SEARCHES)]
    if needle:
        like = f"%{needle}%"
        where.append(
            or_(
                func.lower(Contract.number).like(like),
                func.lower(Asset.registration_number).like(like),
                func.lower(Asset.make).like(like),
                func.lower(Asset.kind).like(like),
            )
        )
    if n % 3 == 1:
        where.append(Contract.lease_type == "operating")
    base = (
        select(
            Contract.id,
            Contract.number,
            Contract.lease_type,
            Contract.start_date,
            Contract.end_date,
            Contract.initial_net_gr,
            Asset.kind,
            Asset.registration_number,
            left.label("left"),
        )
        .join(Asset, Asset.id == Contract.asset_id)
        .where(and_(*where))
    )
    order = [Contract.start_date.desc(), Contract.number.desc()] if n % 2 else [Contract.number.asc()]
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(base.subquery())).scalar_one()
        rows = connection.execute(base.order_by(*order).limit(20).offset((n % 5) * 20)).mappings().all()
    return [dict(r) | {"total": total} for r in rows]


def _sql_invoices(engine, company_id: int, n: int) -> list[dict]:
    where = [Invoice.company_id == company_id]
    kind = n % 4
    if kind == 1:
        where.append(and_(Invoice.paid_gr < Invoice.gross_gr, Invoice.due_date < TODAY))
    elif kind == 2:
        where.append(and_(Invoice.paid_gr > 0, Invoice.paid_gr < Invoice.gross_gr))
    elif kind == 3:
        where.append(Invoice.paid_gr == 0)
    base = (
        select(
            Invoice.id,
            Invoice.number,
            Invoice.issue_date,
            Invoice.due_date,
            Invoice.gross_gr,
            Invoice.paid_gr,
            Contract.number.label("contract_number"),
        )
        .join(Contract, Contract.id == Invoice.contract_id)
        .where(and_(*where))
    )
    with engine.connect() as connection:  # the count needs no join (ix_invoice_company_issue serves both)
        total = connection.execute(select(func.count()).select_from(Invoice).where(and_(*where))).scalar_one()
        rows = (
            connection.execute(
                base.order_by(Invoice.issue_date.desc(), Invoice.number.desc()).limit(20).offset((n % 5) * 20)
            )
            .mappings()
            .all()
        )
    return [dict(r) | {"total": total} for r in rows]


def _sql_items(engine, company_id: int, n: int) -> list[dict]:
    start = TODAY + timedelta(days=30 * (n % 12) - 180)
    where = and_(
        ScheduleItem.company_id == company_id,
        ScheduleItem.due_date >= start,
        ScheduleItem.due_date <= start + timedelta(days=90),
    )
    with engine.connect() as connection:
        sums = connection.execute(
            select(
                func.count(),
                func.sum(ScheduleItem.net_gr),
                func.sum(ScheduleItem.vat_gr),
                func.sum(ScheduleItem.gross_gr),
                func.sum(ScheduleItem.paid_gr),
            ).where(where)
        ).one()
        rows = (
            connection.execute(
                select(
                    ScheduleItem.id,
                    ScheduleItem.due_date,
                    ScheduleItem.description,
                    ScheduleItem.gross_gr,
                    ScheduleItem.paid_gr,
                    Contract.number,
                )
                .join(Contract, Contract.id == ScheduleItem.contract_id)
                .where(where)
                .order_by(ScheduleItem.due_date, Contract.number, ScheduleItem.id)
                .limit(20)
            )
            .mappings()
            .all()
        )
    return [dict(r) | {"sums": list(sums)} for r in rows]


# --- the polars path ------------------------------------------------------------------------------------


def _polars_operations(frames) -> dict[str, Callable[[int], object]]:
    def contracts(n: int):
        flt = queries.ContractFilter(
            search=SEARCHES[n % len(SEARCHES)],
            lease_type="operating" if n % 3 == 1 else "",
            sort="start_date" if n % 2 else "number",
            descending=bool(n % 2),
            page=n % 5 + 1,
        )
        return queries.contracts_page(frames, flt, TODAY)

    def invoices(n: int):
        status = ("", "overdue", "partly_paid", "unpaid")[n % 4]
        return queries.invoices_page(frames, queries.InvoiceFilter(status=status, page=n % 5 + 1), TODAY)

    def items(n: int):
        start = TODAY + timedelta(days=30 * (n % 12) - 180)
        table = queries.filter_items(
            frames, queries.ItemFilter(due_from=start, due_to=start + timedelta(days=90)), TODAY
        )
        return queries.paginate(table, 1), queries.totals(table)

    return {"contracts": contracts, "invoices": invoices, "installments": items}


def _payload_kb(frames) -> float:
    """The size of one page view sent to the browser: the formatted rows of a full invoice page."""
    page = queries.invoices_page(frames, queries.InvoiceFilter(), TODAY)
    return len(json.dumps([invoice_row(r) for r in page.rows], ensure_ascii=False).encode()) / 1024


def _forecast_figures(frames) -> dict[str, float]:
    """A 24-month forecast by month, stacked by contract: compute time and the size of the figure sent."""
    start = TODAY
    end = month_end(add_months(TODAY, 23))
    request = ForecastRequest(start, end, "month", "contract")
    samples, result = _time(lambda n: forecast(frames, request))
    figure_kb = len(forecast_figure(result, "month", {}).to_json().encode()) / 1024
    figures = {
        "p50_ms": round(_p(samples, 50), 2),
        "p95_ms": round(_p(samples, 95), 2),
        "figure_kb": round(figure_kb, 1),
        "series": len(result.series),
        "periods": len(result.periods),
    }
    print(
        f"forecast 24 months by contract: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"figure {figures['figure_kb']} KB ({figures['series']} series x {figures['periods']} months)"
    )
    return figures


# --- the issue's figures ---------------------------------------------------------------------------------

PREPARE = """
import json, sys, time
from datetime import date
from ebok_app import db
from ebok_app.portfolio import queries
from ebok_app.portfolio.forecast import ForecastRequest, forecast
from ebok_app.portfolio.dates import add_months, month_end
from ebok_app.portfolio.frames import FrameCache, prepare_today

def memory_mb():
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "RssAnon", "RssFile", "VmHWM")}

engine = db.make_engine(sys.argv[1])
engine.connect().close()
before = memory_mb()
started, cpu = time.perf_counter(), time.process_time()
frames = FrameCache(prepare=prepare_today).get(engine, int(sys.argv[2]))  # the frames and the day's tables
built = time.perf_counter() - started
today = date.today()
queries.contracts_page(frames, queries.ContractFilter(), today)
queries.invoices_page(frames, queries.InvoiceFilter(), today)
queries.paginate(queries.filter_items(frames, queries.ItemFilter(), today), 1)
prepared, prepared_cpu = time.perf_counter() - started, time.process_time() - cpu
# then what the pages ask of a worker: other filters, searches and sorts, Pulpit, polisy, Prognoza
for n, search in enumerate(("", "wa", "scania", "ul/2024")):
    queries.contracts_page(frames, queries.ContractFilter(search=search, sort="number", page=n + 1), today)
    queries.invoices_page(frames, queries.InvoiceFilter(search=search, status="overdue"), today)
    queries.invoices_page(frames, queries.InvoiceFilter(sort="gross_gr", page=n + 1), today)
queries.attention(frames, today, 30)
queries.policies_page(frames, queries.PolicyFilter(), today, 30)
forecast(frames, ForecastRequest(today, month_end(add_months(today, 23)), "month", "contract"))
after = memory_mb()
print(json.dumps({
    "build_s": built, "prepare_s": prepared, "prepare_cpu_s": prepared_cpu,
    "rss_mb": after["VmRSS"] - before["VmRSS"], "private_mb": after["RssAnon"] - before["RssAnon"],
    "mapped_mb": after["RssFile"] - before["RssFile"], "peak_mb": after["VmHWM"] - before["VmRSS"],
}))
"""


EXPORT = """
import io, json, sys, time
import polars as pl
from sqlmodel import Session
from ebok_app import db
from ebok_app.documents.files import invoices_export
from ebok_app.accounts.sessions import SignedIn

def rss_mb(key="VmRSS"):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(key)) / 1024

engine = db.make_engine(sys.argv[1])
engine.connect().close()
who = SignedIn(0, 0, int(sys.argv[2]), "bench", "Bench", "admin", "Bench", "")
before = rss_mb()
started = time.perf_counter()
rows, gross, size = 0, 0.0, 0
with Session(engine) as session:  # the producer behind Faktury's "Eksportuj (CSV)", issued since a day
    download = invoices_export(session, who, {"format": "csv", "issue_from": sys.argv[3]})
    for n, chunk in enumerate(download.chunks()):
        size += len(chunk)
        if n:  # the first chunk is the header
            part = pl.read_csv(io.BytesIO(chunk), separator=";", has_header=False, decimal_comma=True)
            rows, gross = rows + part.height, gross + part[:, 6].sum()
print(json.dumps({"s": time.perf_counter() - started, "rows": rows, "gross_gr": round(gross * 100),
                  "mb": size / 2**20, "peak_mb": rss_mb("VmHWM") - before}))
"""


def _in_fresh_process(script: str, *args: object) -> dict:
    """The JSON figures a script prints, run in a new process (a cold worker)."""
    found = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)], check=True, capture_output=True, text=True
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def _prepare_in_fresh_process(engine, company_id: int) -> dict:
    """Cold preparation in a new process (frames + the day tables of the first pages) and its memory."""
    return _in_fresh_process(PREPARE, engine.url.render_as_string(hide_password=False), company_id)


def _export_figures(engine, company_id: int, rows: int = 300_000) -> dict:
    """The invoice export of about `rows` rows (issued since the day that gives them) in a worker that
    maps the installation's files, checked against SQL's count and sum."""
    with engine.connect() as connection:
        since = connection.execute(
            select(Invoice.issue_date)
            .where(Invoice.company_id == company_id)
            .order_by(Invoice.issue_date.desc())
            .offset(rows - 1)
            .limit(1)
        ).scalar_one()
        count, gross = connection.execute(
            select(func.count(), func.sum(Invoice.gross_gr)).where(
                Invoice.company_id == company_id, Invoice.issue_date >= since
            )
        ).one()
    url = engine.url.render_as_string(hide_password=False)
    found = _in_fresh_process(EXPORT, url, company_id, since.isoformat())
    complete = found["rows"] == count and found["gross_gr"] == gross
    print(
        f"invoice export since {since}: {found['rows']} rows ({found['mb']:.0f} MB of CSV) "
        f"in {found['s']:.2f} s, peak +{found['peak_mb']:.0f} MB; SQL: {count} rows, "
        f"sum {'equal' if complete else 'DIFFERENT'}"
    )
    return {
        "export_300000_s": round(found["s"], 2),
        "export_300000_peak_mb": round(found["peak_mb"]),
        "export_300000_rows": found["rows"],
        "export_300000_complete": complete,
    }


async def _loop_delay_during(build) -> list[float]:
    """Milliseconds the event loop answered late (a 10 ms timer) while `build` runs in a thread."""
    delays: list[float] = []
    task = asyncio.create_task(asyncio.to_thread(build))
    while not task.done():
        started = time.perf_counter()
        await asyncio.sleep(0.01)
        delays.append((time.perf_counter() - started) * 1000 - 10)
    await task
    return delays


def _ingest_10000_payments(engine) -> dict:
    """Seconds to validate and apply one batch of 10,000 payments, on a copy of the database."""
    from ebok_app.ingest.batch import ingest

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "copy.db"
        shutil.copy(engine.url.database, copy)
        target = db.make_engine(f"sqlite:///{copy}")
        with target.connect() as connection:
            invoices = (
                connection.execute(
                    select(Invoice.external_id).where(Invoice.external_id.is_not(None)).limit(10_000)
                )
                .scalars()
                .all()
            )
        batch = "".join(
            json.dumps(
                {
                    "format": 1,
                    "kind": "payment",
                    "id": f"bench-{n}",
                    "record_version": 1,
                    "invoice": invoice,
                    "paid_on": TODAY.isoformat(),
                    "amount": "0.01",
                    "reference": f"BENCH/{n}",
                }
            )
            + "\n"
            for n, invoice in enumerate(invoices)
        )
        started, cpu = time.perf_counter(), time.process_time()
        report = ingest(target, batch, "jsonl", actor="feed:bench", source="bench")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        target.dispose()
    assert report.ok and report.created["payment"] == len(invoices), report.problems[:3]
    print(f"ingest of {len(invoices)} payments: {seconds:.2f} s (CPU {cpu:.2f} s)")
    return {"ingest_10000_payments_s": round(seconds, 2), "ingest_10000_payments_cpu_s": round(cpu, 2)}


def _prepared(label: str, figures: dict) -> str:
    f = {k: round(v, 2) if k.endswith("_s") else round(v) for k, v in figures.items()}
    return (
        f"{label}: {f['prepare_s']} s (CPU {f['prepare_cpu_s']} s; frames and day tables {f['build_s']} s), "
        f"memory +{f['rss_mb']} MB resident ({f['private_mb']} MB private, {f['mapped_mb']} MB of the shared "
        f"files mapped), peak +{f['peak_mb']} MB"
    )


def _postgres_figures() -> dict:
    """Cold preparation of the BENCH_FLEET fleet on PostgreSQL (COPY), when BENCH_POSTGRES_URL is set."""
    base_url = os.environ.get("BENCH_POSTGRES_URL")
    if not base_url:
        return {}
    engine, fleet_id = _postgres_database(base_url)
    shutil.rmtree(shared_frames(engine).directory, ignore_errors=True)  # cold for the installation
    cold = _prepare_in_fresh_process(engine, fleet_id)
    print(_prepared(f"cold preparation, {FLEET} contracts, PostgreSQL", cold))
    return {
        "prepare_5000_postgres_s": round(cold["prepare_s"], 2),
        "prepare_5000_postgres_cpu_s": round(cold["prepare_cpu_s"], 2),
    }


def _issue_figures(engine, fleet_id: int) -> dict:
    shutil.rmtree(shared_frames(engine).directory, ignore_errors=True)  # cold for the installation
    small = _prepare_in_fresh_process(engine, fleet_id)
    print(_prepared(f"cold preparation, {FLEET} contracts", small))
    big_engine, big_id = _database(BIG_FLEET)
    shutil.rmtree(shared_frames(big_engine).directory, ignore_errors=True)  # cold for the installation
    big = _prepare_in_fresh_process(big_engine, big_id)
    print(_prepared(f"cold preparation, {BIG_FLEET} contracts (the building worker)", big))
    joining = _prepare_in_fresh_process(big_engine, big_id)  # another worker: maps the files written
    print(_prepared(f"another worker, {BIG_FLEET} contracts, from the files, serving the pages", joining))
    delays = asyncio.run(
        _loop_delay_during(lambda: FrameCache(shared=False, prepare=prepare_today).get(big_engine, big_id))
    )
    ping_p99 = _p(delays, 99) if len(delays) > 1 else delays[0]
    print(f"event loop delay while {BIG_FLEET} contracts are prepared in a thread: p99 {ping_p99:.1f} ms")
    return {
        "prepare_5000_s": round(small["prepare_s"], 2),
        "prepare_5000_cpu_s": round(small["prepare_cpu_s"], 2),
        "prepare_20000_s": round(big["prepare_s"], 2),
        "prepare_20000_cpu_s": round(big["prepare_cpu_s"], 2),
        # a worker using the installation's files: all it added (resident), of which private
        "worker_rss_20000_mb": round(joining["rss_mb"]),
        "worker_private_20000_mb": round(joining["private_mb"]),
        "building_worker_rss_20000_mb": round(big["rss_mb"]),
        "building_worker_peak_20000_mb": round(big["peak_mb"]),
        "second_worker_prepare_20000_s": round(joining["prepare_s"], 2),
        "ping_p99_during_prepare_ms": round(ping_p99, 1),
        **_export_figures(big_engine, big_id),
        **_postgres_figures(),
        **_ingest_10000_payments(engine),
        "load_average_1min": round(os.getloadavg()[0], 1),  # the machine is shared: read the figures with it
    }


def main() -> None:
    engine, fleet_id = _database()
    cache = FrameCache(shared=False)  # straight from the database: the build time beside the queries
    started = time.perf_counter()
    f = cache.get(engine, fleet_id)
    build_ms = (time.perf_counter() - started) * 1000
    print(
        f"fleet: {f.contracts.height} contracts, {f.items.height} schedule items, "
        f"{f.invoices.height} invoices; frames built in {build_ms:.0f} ms (once per data version, "
        "reported beside the query times below)"
    )
    sql_operations = {"contracts": _sql_contracts, "invoices": _sql_invoices, "installments": _sql_items}
    figures: dict[str, dict[str, float]] = {}
    print(f"{'operation':<14}{'polars p50':>12}{'p95':>9}{'SQL p50':>12}{'p95':>9}{'speedup':>10}")
    for name, operation in _polars_operations(f).items():
        polars_ms, _ = _time(operation)
        sql_ms, _ = _time(lambda n, op=sql_operations[name]: op(engine, fleet_id, n))
        figures[name] = {
            "polars_p50_ms": round(_p(polars_ms, 50), 2),
            "polars_p95_ms": round(_p(polars_ms, 95), 2),
            "sql_p50_ms": round(_p(sql_ms, 50), 2),
            "sql_p95_ms": round(_p(sql_ms, 95), 2),
        }
        figures[name]["speedup"] = round(figures[name]["sql_p95_ms"] / figures[name]["polars_p95_ms"], 1)
        fig = figures[name]
        print(
            f"{name:<14}{fig['polars_p50_ms']:>10.1f}ms{fig['polars_p95_ms']:>7.1f}ms"
            f"{fig['sql_p50_ms']:>10.1f}ms{fig['sql_p95_ms']:>7.1f}ms{fig['speedup']:>9.1f}x"
        )
    payload = _payload_kb(f)
    worst_polars = max(v["polars_p95_ms"] for v in figures.values())
    worst_sql = max(v["sql_p95_ms"] for v in figures.values())
    summary = {
        "polars_p95_ms": worst_polars,
        "sql_p95_ms": worst_sql,
        "speedup": round(min(v["speedup"] for v in figures.values()), 1),
        "page_payload_kb": round(payload, 1),
        "frames_build_ms": round(build_ms),
        "fleet_contracts": FLEET,
        "operations": figures,
    }
    print(
        f"page payload: {payload:.1f} KB; worst p95 polars {worst_polars} ms vs SQL {worst_sql} ms; "
        f"smallest speedup {summary['speedup']}x"
    )
    summary |= _issue_figures(engine, fleet_id)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["portfolio"] = summary
    results["forecast"] = _forecast_figures(f)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT.parent)}")


if __name__ == "__main__":
    main()
