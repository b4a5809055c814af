"""The realistic scenario of `make load`: 50 companies (one fleet of EBOK_LOAD_FLEET contracts, 20,000 by
default; four of 1,000-5,000; 45 small ones), the frame files cold at the start, EBOK_LOAD_USERS (200)
users spread over the companies and all arriving within EBOK_LOAD_ARRIVAL_S (10 s), two workers.

Each user: log in, Umowy, a filter, Faktury, an invoice PDF and a CSV export (both fetched over HTTP as a
browser does), Prognoza kosztów, then Faktury searched for one invoice of their company (unpaid if any),
where the tab stays open. EBOK_LOAD_INGEST_AT_S (20 s) after the start the core system pushes one batch
of 1,000 payments to POST /api/feed, one of them on each company's searched invoice; a user is stale when
their open page does not show that payment within 10 s of the push's answer (or of opening the page, when
they open it later). The database of each fleet size is kept between runs (its own schema).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

import aiohttp
from sqlalchemy import Engine, create_engine, insert, text, update
from sqlmodel import Session, col, func, select

from bench import reflex_client as rc
from bench.load import PEPPER, Run, _think
from ebok_app import db, routes
from ebok_app.demo.generator import CompanySpec, UserSpec, demo_companies, generate
from ebok_app.demo.loader import insert_demo
from ebok_app.ingest import credentials
from ebok_app.models import AuthMethod, Company, Invoice, Role, User
from ebok_app.state.listing import money

FLEET = int(os.environ.get("EBOK_LOAD_FLEET", "20000"))
MIDDLE = (1_000, 2_000, 3_000, 5_000)
SMALL = 45
PAYMENTS = 1_000
STALE_AFTER_S = 10.0
USERS_PER_BIG = 10  # users of the fleet: 4x this; of each middle company: this; the rest share the small


def _companies(fleet: int) -> tuple[CompanySpec, ...]:
    polflota = demo_companies(fleet)[3]
    admin = (UserSpec(Role.ADMIN, AuthMethod.SMS),)
    middle = tuple(
        CompanySpec(
            f"middle{n}", f"Trans{n} Logistyka Sp. z o.o.", n % 6, size, polflota.asset_mix, admin, 0.2
        )
        for n, size in enumerate(MIDDLE)
    )
    small = tuple(
        CompanySpec(
            f"small{n}",
            f"Usługi{n} Sp. z o.o.",
            n % 6,
            1 + (n * 7) % 40,
            (("car", 0.7), ("van", 0.3)),
            admin,
            0.4,
        )
        for n in range(SMALL)
    )
    return (polflota, *middle, *small)


def _database(base_url: str, pepper: bytes) -> tuple[str, Engine, dict]:
    """The schema of this fleet size with its 50 companies (generated once, kept between runs) and the
    template user whose password hashes the load users share."""
    schema = f"ebok_load_real_{FLEET}"
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    separator = "&" if "?" in base_url else "?"
    url = f"{base_url}{separator}options=-csearch_path%3D{schema}"
    db.upgrade(url)
    engine = db.make_engine(url)
    specs = _companies(FLEET)
    with Session(engine) as session:
        empty = session.exec(select(func.count()).select_from(Company)).one() == 0
    # the fleet's users come before its contracts in its random stream: without them, the same passwords
    data = generate(2026, date.today(), companies=specs if empty else (replace(specs[0], contracts=0),))
    if empty:
        started = time.perf_counter()
        print(f"generating and loading 50 companies (fleet of {FLEET} contracts)...", flush=True)
        insert_demo(engine, data, pepper)
        print(f"  loaded in {time.perf_counter() - started:.0f} s", flush=True)
    template = next(c for c in data.credentials if c.company == specs[0].name and c.auth_method == "sms")
    return url, engine, template.__dict__


def _load_users(engine: Engine, count: int, template: dict) -> list[dict]:
    """`count` SMS users with the template's password hashes, spread over the companies: 4x USERS_PER_BIG
    in the fleet, USERS_PER_BIG in each middle company, the rest round the small ones."""
    table = User.__table__
    with engine.begin() as connection:
        companies = connection.execute(select(Company.id, Company.millekod).order_by(Company.id)).all()
        fleet_id = connection.execute(
            select(Company.id).where(Company.name == _companies(0)[0].name)
        ).scalar_one()
        source = (
            connection.execute(
                select(table).where(table.c.login == template["login"], table.c.company_id == fleet_id)
            )
            .mappings()
            .one()
        )
        millekod = dict(companies)
        others = [cid for cid, _ in companies if cid != fleet_id]
        middle, small = others[: len(MIDDLE)], others[len(MIDDLE) :]
        owners = [fleet_id] * 4 * USERS_PER_BIG + [c for c in middle for _ in range(USERS_PER_BIG)]
        owners += list(itertools.islice(itertools.cycle(small), max(0, count - len(owners))))
        users = [
            {
                **template,
                "login": f"real{n:04d}",
                "phone": f"+4851{n:07d}",
                "company_id": owner,
                "millekod": millekod[owner],
            }
            for n, owner in enumerate(owners[:count])
        ]
        existing = set(connection.execute(select(table.c.login).where(table.c.login.like("real%"))).scalars())
        base = {k: v for k, v in source.items() if k not in ("id", "login", "phone", "company_id")}
        rows = [
            {**base, "login": u["login"], "phone": u["phone"], "company_id": u["company_id"]}
            for u in users
            if u["login"] not in existing  # kept between runs (their audit entries refer to them)
        ]
        if rows:
            connection.execute(insert(table), rows)
        connection.execute(
            update(table).where(table.c.login.like("real%")).values(failed_attempts=0, locked_at=None)
        )
    return users


def _payments(engine: Engine, run_id: str) -> tuple[str, dict[int, tuple[str, str]]]:
    """A feed batch of PAYMENTS payments of 0.01 zł, on the newest unpaid invoices (the newest paid ones in
    a company that has none), up to PAYMENTS // 50 per company and the rest from the largest ones, and
    per company the invoice number its users search for with the paid amount they should then see."""
    with Session(engine) as session:
        invoices = session.exec(
            select(Invoice.company_id, Invoice.number, Invoice.external_id, Invoice.paid_gr)
            .where(col(Invoice.external_id).is_not(None))
            .order_by(
                Invoice.company_id,
                (
                    Invoice.gross_gr > Invoice.paid_gr
                ).desc(),  # unpaid ones first; a paid one takes a grosz more
                col(Invoice.issue_date).desc(),
                col(Invoice.id).desc(),
            )
        ).all()
    by_company: dict[int, list] = {}
    for row in invoices:
        by_company.setdefault(row[0], []).append(row)
    share = PAYMENTS // 50
    chosen = [row for rows in by_company.values() for row in rows[:share]]
    rest = sorted(
        (row for rows in by_company.values() for row in rows[share:]), key=lambda r: -len(by_company[r[0]])
    )
    chosen += rest[: PAYMENTS - len(chosen)]
    today = date.today().isoformat()
    lines = (
        json.dumps(
            {
                "format": 1,
                "kind": "payment",
                "id": f"load-{run_id}-{n}",
                "record_version": 1,
                "invoice": external_id,
                "paid_on": today,
                "amount": "0.01",
                "reference": f"LOAD/{run_id}/{n}",
            }
        )
        for n, (_c, _number, external_id, _paid) in enumerate(chosen)
    )
    searched = {company: (rows[0][1], money(rows[0][3] + 1)) for company, rows in by_company.items()}
    return "\n".join(lines) + "\n", searched


@dataclass
class Ingest:
    """The one push of the run: when it was answered, and what the users search for."""

    searched: dict[int, tuple[str, str]]  # company: (invoice number, paid amount as the list shows it)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    answered_at: float = 0.0
    seconds: float = 0.0
    status: int = 0
    visible_after_s: list[float] = field(default_factory=list)
    stale: int = 0


async def _push(url: str, secret: str, batch: str, at_s: float, ingest: Ingest) -> None:
    await asyncio.sleep(at_s)
    started = time.monotonic()
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/x-ndjson"}
    try:
        async with aiohttp.ClientSession() as http:  # noqa: SIM117 (one request, one client)
            async with http.post(f"{url}/api/feed", data=batch.encode(), headers=headers) as reply:
                ingest.status = reply.status
                print(
                    f"  ingest of {PAYMENTS} payments: HTTP {reply.status} {(await reply.text())[:200]}",
                    flush=True,
                )
    finally:
        ingest.answered_at = time.monotonic()
        ingest.seconds = ingest.answered_at - started
        ingest.done.set()


def _shows_paid(tab: rc.Tab, searched: tuple[str, str]) -> bool:
    rows = tab.var(rc.INVOICES, "rows") or []
    return any((row["number"], row["paid"]) == searched for row in rows)


async def _watch_payment(tab: rc.Tab, searched: tuple[str, str], opened_at: float, ingest: Ingest) -> None:
    """Keep the searched list open until it shows the payment; stale after STALE_AFTER_S."""
    await ingest.done.wait()
    since = max(ingest.answered_at, opened_at)
    tab.timeout_s = max(0.1, since + STALE_AFTER_S - time.monotonic())
    try:
        await tab.until(lambda: _shows_paid(tab, searched), "the payment")
    except rc.ProtocolError:
        ingest.stale += 1
        if ingest.stale == 1:  # what a stale page showed, for the report
            rows = tab.var(rc.INVOICES, "rows") or []
            print(f"  stale: expected {searched}, shown {[(r['number'], r['paid']) for r in rows][:3]}")
        return
    ingest.visible_after_s.append(time.monotonic() - since)


async def _export(tab: rc.Tab) -> None:
    seen = tab.updates[rc.INVOICES]
    await tab.action(
        f"{rc.INVOICES}.apply",
        {
            "form": {
                "status": "unpaid",
                "q": "",
                "issue_from": "",
                "issue_to": "",
                "due_from": "",
                "due_to": "",
            }
        },
        lambda: tab.updates[rc.INVOICES] > seen,
        "the unpaid invoices",
    )
    await tab.download(f"{rc.INVOICES}.export", {"fmt": "csv"}, "the CSV export")


async def _user(user: dict, url: str, engine: Engine, run: Run, think_s: float, ingest: Ingest) -> None:
    from bench.load import _filter_contracts, _invoice_pdf

    tab = rc.Tab(url, timeout_s=60)
    searched = ingest.searched.get(user["company_id"])
    steps = [
        ("connect", tab.connect),
        (
            "log-in",
            lambda: rc.log_in(tab, engine, user, asyncio.Lock(), run.timed, pepper=bytes.fromhex(PEPPER)),
        ),
        ("contracts", lambda: tab.open_list(routes.CONTRACTS, rc.CONTRACTS)),
        ("contracts filter", lambda: _filter_contracts(tab)),
        ("invoices", lambda: tab.open_list(routes.INVOICES, rc.INVOICES)),
        ("invoice PDF", lambda: _invoice_pdf(tab)),
        ("invoices export", lambda: _export(tab)),
        ("forecast", lambda: tab.open(routes.FORECAST, rc.FORECAST)),
        (
            "invoices search",
            lambda: tab.open_list(routes.INVOICES, rc.INVOICES, {"q": searched[0] if searched else ""}),
        ),
    ]
    action = "connect"
    try:
        for action, step in steps:
            await run.timed(action, step())
            if action not in ("connect", "invoices search"):
                await _think(think_s)
        run.users_done += 1
        if searched is not None:
            action = "sees the payment"
            await _watch_payment(tab, searched, time.monotonic(), ingest)
    except Exception as exc:  # counted and reported: the load test goes on
        run.errors[f"{action}: {type(exc).__name__}: {str(exc)[:80]}"] += 1
    finally:
        run.events_sent += tab.sent
        await tab.close()


async def drive(url: str, engine: Engine, users: list[dict], settings: dict) -> tuple[Run, Ingest]:
    run_id = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    batch, searched = await asyncio.to_thread(_payments, engine, run_id)
    with db.session_scope(engine) as session:
        secret = credentials.create(session, f"load-{run_id}", datetime.now(UTC))
    ingest = Ingest(searched)
    run = Run()
    pusher = asyncio.create_task(_push(url, secret, batch, settings["ingest_at_s"], ingest))
    tasks = []
    for user in users:
        tasks.append(asyncio.create_task(_user(user, url, engine, run, settings["think_s"], ingest)))
        await asyncio.sleep(settings["ramp_s"] / len(users))  # all arrive within the ramp
    _done, pending = await asyncio.wait(tasks, timeout=settings["limit_s"])
    for task in pending:
        task.cancel()
    if pending:
        run.errors["unfinished at the time limit"] += len(pending)
    await pusher
    return run, ingest
