"""Benchmark of online payments: 1,000 gateway notifications (10 % of them duplicates of others) posted
concurrently to the portal's status route, as Przelewy24 would post them, signed by the fake gateway.
Prints the time, throughput, latency and the double payments found (must be 0), and writes them to
bench/results.json under "payments" (other keys are kept). Run with `python -m bench.payments`.

Set-up (not timed): the demo portfolio on a fresh SQLite file; 900 invoices made unpaid and one order
registered for each through `payments.orders.start`.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from sqlalchemy import text, update
from sqlmodel import Session, col, select

from ebok_app import db
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import Invoice, PaymentOrder, User
from ebok_app.payments import orders
from ebok_app.payments.config import STATUS_PATH
from ebok_app.payments.fake import FakeGateway
from ebok_app.settings import get_settings

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results.json"
ORDERS = 900
DUPLICATES = 100
CONCURRENCY = 32


def _orders(engine, gateway: FakeGateway) -> list[dict]:
    """One order per invoice (the invoices made unpaid first), and the notification of each."""
    with Session(engine) as session:
        invoices = session.exec(select(Invoice).order_by(Invoice.id).limit(ORDERS)).all()
        ids = [i.id for i in invoices]
        session.exec(update(Invoice).where(col(Invoice.id).in_(ids)).values(paid_gr=0))
        session.commit()
        users = {u.company_id: u.id for u in session.exec(select(User))}
        companies = {i.id: i.company_id for i in invoices}
    payloads = []
    now = datetime.now(UTC)
    for invoice_id in ids:
        with Session(engine) as session:
            started = orders.start(
                session,
                gateway=gateway,
                user_id=users[companies[invoice_id]],
                company_id=companies[invoice_id],
                invoice_ids=[invoice_id],
                email="bench@example.com",
                now=now,
                ttl_s=3600,
                return_url="/faktury",
                status_url=STATUS_PATH,
            )
            order = session.exec(
                select(PaymentOrder).where(PaymentOrder.session_id == started.session_id)
            ).one()
            payloads.append(
                gateway.paid_notification(
                    session_id=order.session_id, amount_gr=order.amount_gr, currency="PLN", title=order.title
                )
            )
    return payloads


async def _post_all(payloads: list[dict]) -> tuple[list[float], dict[str, int]]:
    from ebok_app import api  # after DATABASE_URL points at the bench database

    limit = asyncio.Semaphore(CONCURRENCY)
    laps: list[float] = []
    outcomes: dict[str, int] = {}
    transport = httpx.ASGITransport(app=api.http_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:

        async def post(payload: dict) -> None:
            async with limit:
                started = time.perf_counter()
                answer = await client.post(STATUS_PATH, json=payload)
                laps.append((time.perf_counter() - started) * 1000)
                status = answer.json().get("status", str(answer.status_code))
                outcomes[status] = outcomes.get(status, 0) + 1

        await asyncio.gather(*(post(p) for p in payloads))
    return laps, outcomes


def _double_payments(engine) -> int:
    """Invoices whose online payments exceed what their orders asked for (a payment counted twice)."""
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT COUNT(*) FROM (SELECT l.invoice_id FROM paymentorderinvoice l "
                "JOIN payment p ON p.invoice_id = l.invoice_id AND p.source = 'online' "
                "GROUP BY l.invoice_id, l.amount_gr HAVING SUM(p.amount_gr) > l.amount_gr) AS twice"
            )
        ).scalar_one()


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/bench-payments.db"
        os.environ["DATABASE_URL"] = url
        os.environ["EBOK_PAYMENTS_GATEWAY"] = "fake"
        get_settings.cache_clear()
        db.get_engine.cache_clear()
        db.upgrade(url)
        engine = db.get_engine()
        insert_demo(engine, generate(2026, date.today(), 400), get_settings().password_pepper)
        payloads = _orders(engine, FakeGateway(pepper=get_settings().password_pepper))
        rng = random.Random(18)
        sent = payloads + rng.sample(payloads, DUPLICATES)
        rng.shuffle(sent)
        started = time.perf_counter()
        laps, outcomes = asyncio.run(_post_all(sent))
        elapsed = time.perf_counter() - started
        doubles = _double_payments(engine)
        engine.dispose()
    laps.sort()
    figures = {
        "notifications": len(sent),
        "duplicates_sent": DUPLICATES,
        "concurrency": CONCURRENCY,
        "outcomes": outcomes,
        "double_payments": doubles,
        "total_s": round(elapsed, 2),
        "per_second": round(len(sent) / elapsed, 1),
        "p50_ms": round(laps[len(laps) // 2], 1),
        "p95_ms": round(laps[int(0.95 * (len(laps) - 1))], 1),
        "database": "sqlite",
    }
    print(json.dumps(figures, indent=2))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["payments"] = figures
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
