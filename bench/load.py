"""`make load`: N simulated users over Reflex's real socket protocol against the production backend,
first with one Granian worker, then with two, on PostgreSQL with the users' state in a private Redis.

Each user: log in (MilleKod + login, SMS code from the demo outbox, the masked password characters), open
Umowy, filter it, open Faktury, download an invoice PDF, open Prognoza kosztów, reading each page for
about EBOK_LOAD_THINK_S (3 s) before the next click. Bounded by EBOK_LOAD_USERS (200) and
EBOK_LOAD_SECONDS (180 per run); the users arrive over EBOK_LOAD_RAMP_S (60 s).
Prints throughput, p50/p95/p99 per action and errors; writes bench/load.json. Not part of `make test`.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, create_engine, insert, text, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, func, select

from bench import reflex_client as rc
from bench import serving
from ebok_app import db, routes
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import Company, User
from ebok_app.settings import get_settings

RESULTS = Path(__file__).with_name("load.json")
SCHEMA = "ebok_load"
# the local installation's own pepper (EBOK_PASSWORD_PEPPER or the generated .secrets/pepper): the load
# schema is kept between runs, so its masked passwords need the same pepper every time; none in the repo
PEPPER = get_settings().password_pepper.hex()
TEMPLATE_USER = "jzielinska"  # Polflota's SMS user: the load users share her password and company


@dataclass
class Run:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    users_done: int = 0
    events_sent: int = 0

    async def timed(self, action: str, step) -> None:
        start = time.perf_counter()
        await step
        self.latencies[action].append(time.perf_counter() - start)


def _database(base_url: str) -> tuple[str, Engine]:
    """The load schema with the demo data (loaded once, kept between runs)."""
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
    admin.dispose()
    separator = "&" if "?" in base_url else "?"
    url = f"{base_url}{separator}options=-csearch_path%3D{SCHEMA}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine) as session:
        empty = session.exec(select(func.count()).select_from(Company)).one() == 0
    if empty:
        print("loading the demo data (seed 2026, fleet of 400 contracts)...", flush=True)
        insert_demo(engine, generate(2026, date.today(), 400), bytes.fromhex(PEPPER))
    return url, engine


def _load_users(engine: Engine, count: int, template: dict) -> list[dict]:
    """`count` SMS users of the template user's company with her password (her hashes copied: no argon2
    work at set-up), each with a phone of their own, so that every simulated user logs in as someone else
    (a user's new log-in attempt ends their previous unfinished one)."""
    users = [
        {**template, "login": f"load{n:04d}", "phone": f"+4850{n:07d}", "auth_method": "sms"}
        for n in range(count)
    ]
    table = User.__table__
    with engine.begin() as connection:
        source = connection.execute(select(table).where(table.c.login == template["login"])).mappings().one()
        existing = set(connection.execute(select(table.c.login).where(table.c.login.like("load%"))).scalars())
        rows = [
            {**{k: v for k, v in source.items() if k != "id"}, "login": u["login"], "phone": u["phone"]}
            for u in users
            if u["login"] not in existing
        ]
        if rows:
            connection.execute(insert(table), rows)
        connection.execute(
            update(table).where(table.c.login.like("load%")).values(failed_attempts=0, locked_at=None)
        )
    return users


async def _think(seconds: float) -> None:
    """A person reads the page before the next click: THINK_S on average, never in step."""
    await asyncio.sleep(random.uniform(0.5, 1.5) * seconds)


async def _invoice_pdf(tab: rc.Tab) -> None:
    rows = tab.var(rc.INVOICES, "rows") or []
    if not rows:
        raise rc.ProtocolError("no invoices listed")
    since = len(tab.events)
    await tab.action(
        f"{rc.INVOICES}.download_pdf",
        {"invoice_id": rows[0]["id"]},
        lambda: any(e.get("name") == "_download" for e in tab.events[since:]),
        "the PDF",
    )


async def _filter_contracts(tab: rc.Tab) -> None:
    seen = tab.updates[rc.CONTRACTS]
    await tab.action(
        f"{rc.CONTRACTS}.apply",
        {"form": {"status": "active", "lease_type": "operating", "q": ""}},
        lambda: tab.updates[rc.CONTRACTS] > seen,
        "the filtered contracts",
    )


async def _user(user: dict, url: str, engine: Engine, run: Run, think_s: float) -> None:
    """One person's visit: log in, then the lists, a PDF and the forecast, reading each page a while."""
    tab = rc.Tab(url, timeout_s=60)
    steps = [
        ("connect", tab.connect),
        ("log-in", lambda: rc.log_in(tab, engine, user, asyncio.Lock(), run.timed)),
        ("contracts", lambda: tab.open(routes.CONTRACTS, rc.CONTRACTS)),
        ("contracts filter", lambda: _filter_contracts(tab)),
        ("invoices", lambda: tab.open(routes.INVOICES, rc.INVOICES)),
        ("invoice PDF", lambda: _invoice_pdf(tab)),
        ("forecast", lambda: tab.open(routes.FORECAST, rc.FORECAST)),
    ]
    action = "connect"
    try:
        for action, step in steps:
            await run.timed(action, step())
            if action != "connect":
                await _think(think_s)
        run.users_done += 1
    except Exception as exc:  # counted and reported: the load test goes on
        run.errors[f"{action}: {type(exc).__name__}: {str(exc)[:80]}"] += 1
    finally:
        run.events_sent += tab.sent
        await tab.close()


async def _drive(
    url: str, engine: Engine, users: list[dict], ramp_s: float, limit_s: float, think_s: float
) -> Run:
    run = Run()
    deadline = time.monotonic() + limit_s
    tasks = []
    for user in users:
        tasks.append(asyncio.create_task(_user(user, url, engine, run, think_s)))
        await asyncio.sleep(ramp_s / len(users))  # the users arrive spread over the ramp
    _done, pending = await asyncio.wait(tasks, timeout=max(1.0, deadline - time.monotonic()))
    for task in pending:
        task.cancel()
    run.errors["unfinished at the time limit"] += len(pending)
    if not run.errors["unfinished at the time limit"]:
        del run.errors["unfinished at the time limit"]
    return run


def _percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def _report(workers: int, run: Run, elapsed: float, users: int) -> dict:
    print(
        f"\n{workers} worker(s): {users} users, {run.users_done} finished, {run.events_sent} events "
        f"in {elapsed:.1f} s ({run.events_sent / elapsed:.1f}/s); p95 per event = over the page actions"
    )
    print(f"  {'action':<18}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    every: list[float] = []
    for action, values in run.latencies.items():
        every += values if action not in ("connect", "log-in") else []  # one event each
        print(
            f"  {action:<18}{len(values):>7}{_percentile(values, 50):>9.0f}"
            f"{_percentile(values, 95):>9.0f}{_percentile(values, 99):>9.0f}"
        )
    for problem, count in run.errors.items():
        print(f"  error x{count}: {problem}")
    events = run.events_sent
    return {
        "users": users,
        "p95_ms": round(_percentile(every, 95), 1),
        "errors": sum(run.errors.values()),
        "events_per_s": round(events / elapsed, 1),
        "p50_ms": round(_percentile(every, 50), 1),
        "p99_ms": round(_percentile(every, 99), 1),
        "login_p95_ms": round(_percentile(run.latencies["log-in"], 95), 1),
        "finished_users": run.users_done,
        "seconds": round(elapsed, 1),
    }


def main() -> None:
    count = int(os.environ.get("EBOK_LOAD_USERS", "200"))
    limit_s = float(os.environ.get("EBOK_LOAD_SECONDS", "180"))
    ramp_s = float(os.environ.get("EBOK_LOAD_RAMP_S", "60"))
    think_s = float(os.environ.get("EBOK_LOAD_THINK_S", "3"))
    base = os.environ.get("EBOK_TEST_POSTGRES_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    if shutil.which("redis-server") is None:
        raise SystemExit("make load needs the redis-server binary (Debian's redis-server package)")
    try:
        url_db, engine = _database(base)
    except OperationalError as exc:
        raise SystemExit(f"make load needs PostgreSQL (EBOK_TEST_POSTGRES_URL={base}): {exc.orig}") from exc
    template = next(
        c.__dict__ for c in generate(2026, date.today(), 0).credentials if c.login == TEMPLATE_USER
    )
    users = _load_users(engine, count, template)
    redis_port = serving.free_port()
    redis = serving.start_redis(redis_port)
    env = {
        **os.environ,
        "DATABASE_URL": url_db,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "REFLEX_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "EBOK_PASSWORD_PEPPER": PEPPER,
        "EBOK_DEMO": "1",
        "EBOK_SMS_CODES_PER_HOUR": "1000000",
        "EBOK_LOGIN_ATTEMPTS_PER_ADDRESS": "1000000",  # the load test logs in from 127.0.0.1
        "EBOK_LOGIN_ATTEMPTS_PER_COMPANY": "1000000",
    }
    results = {}
    try:
        for workers in [int(n) for n in os.environ.get("EBOK_LOAD_WORKERS", "1,2").split(",")]:
            port = serving.free_port()
            log = Path(tempfile.gettempdir()) / f"ebok-load-{workers}w.log"
            backend = serving.start_backend(env, port, workers, log)
            try:
                start = time.monotonic()
                run = asyncio.run(_drive(f"http://127.0.0.1:{port}", engine, users, ramp_s, limit_s, think_s))
                results[f"workers_{workers}"] = _report(workers, run, time.monotonic() - start, count)
            finally:
                serving.stop(backend)
    finally:
        serving.stop(redis)
        engine.dispose()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"\nwritten to {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}"
    )


if __name__ == "__main__":
    main()
