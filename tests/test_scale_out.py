"""Scale-out faults: backends in production mode on PostgreSQL with the users' state in Redis.

A user's session continues on another backend when the one serving it stops; a dropped database
connection is replaced without the user noticing; a Redis restart shows a Polish message, then the
session carries on; nothing is lost or written twice. Each test run has
its own PostgreSQL schema and its own private redis-server (never the machine's shared Redis).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlmodel import Session

from bench import reflex_client as rc
from bench import serving
from ebok_app import db, routes
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import AuditEntry, SmsMessage, User, UserSession
from tests import asyncio_runner
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.postgres
USER = "jzielinska"  # Polflota's administrator, SMS codes


@dataclass(frozen=True)
class Cluster:
    database_url: str
    engine: Engine
    env: dict[str, str]
    credentials: dict[str, dict]
    app_name: str  # the backends' PostgreSQL application_name


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    if not POSTGRES_URL:
        pytest.skip("EBOK_TEST_POSTGRES_URL is not set (.ci/run sets it when PostgreSQL answers)")
    if not os.environ.get("EBOK_TEST_REDIS_URL") or shutil.which("redis-server") is None:
        pytest.skip("Redis is not available (EBOK_TEST_REDIS_URL unset or no redis-server binary)")
    schema = f"ebok_scale_{uuid.uuid4().hex[:10]}"
    app_name = f"ebok_{schema}_be"  # the backends' connections only: the test's own are named apart
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    backend_url = f"{url}&application_name={app_name}"
    redis_port = serving.free_port()
    redis = serving.start_redis(redis_port)
    pepper = secrets.token_hex(32)
    try:
        db.upgrade(url)
        engine = db.make_engine(url)
        data = generate(2026, date.today(), fleet_contracts=30)
        insert_demo(engine, data, bytes.fromhex(pepper))
        env = {
            **os.environ,
            "DATABASE_URL": backend_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "REFLEX_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "EBOK_PASSWORD_PEPPER": pepper,
            "EBOK_DEMO": "1",
            "EBOK_SMS_CODES_PER_HOUR": "1000",
            "EBOK_LOGIN_ATTEMPTS_PER_ADDRESS": "1000",  # every test logs in from 127.0.0.1
            "EBOK_LOGIN_ATTEMPTS_PER_COMPANY": "1000",
        }
        credentials = {c.login: c.__dict__ for c in data.credentials}
        yield Cluster(url, engine, env, credentials, app_name)
        engine.dispose()
    finally:
        serving.stop(redis)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def survivor(cluster: Cluster, tmp_path_factory) -> Iterator[str]:
    """A backend that stays up for the whole module."""
    port = serving.free_port()
    process = serving.start_backend(cluster.env, port, 1, tmp_path_factory.mktemp("survivor") / "reflex.log")
    yield f"http://127.0.0.1:{port}"
    serving.stop(process)


def _login_records(cluster: Cluster) -> tuple[int, int, int]:
    """Open sessions, successful log-in audit entries and log-in SMS of the test user."""
    with Session(cluster.engine) as session:
        user_id = session.exec(select(User.id).where(User.login == USER)).one()[0]
        counts = (
            select(func.count())
            .select_from(UserSession)
            .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None)),
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.user_id == user_id, AuditEntry.action == "login", AuditEntry.result == "ok"),
            select(func.count())
            .select_from(SmsMessage)
            .where(SmsMessage.user_id == user_id, SmsMessage.purpose == "login_code"),
        )
        return tuple(session.exec(query).one()[0] for query in counts)


async def _signed_in_tab(cluster: Cluster, url: str) -> rc.Tab:
    tab = rc.Tab(url)
    await tab.connect()
    await rc.log_in(tab, cluster.engine, cluster.credentials[USER], asyncio.Lock())
    return tab


async def _contracts(tab: rc.Tab, query: dict[str, str]) -> None:
    """Open Umowy with `query` and wait until the filtered rows arrive; the session must hold."""
    since = len(tab.events)
    await tab.open(routes.CONTRACTS, rc.CONTRACTS, query)
    assert tab.redirected(since) is None, "the session was lost"


def test_a_session_continues_on_another_backend_when_its_worker_is_stopped(cluster, survivor, tmp_path):
    port = serving.free_port()
    victim = serving.start_backend(cluster.env, port, 1, tmp_path / "victim.log")

    async def scenario() -> tuple[int, list[dict], list[dict]]:
        tab = await _signed_in_tab(cluster, f"http://127.0.0.1:{port}")
        await _contracts(tab, {"status": "active"})
        before = tab.var(rc.CONTRACTS, "rows")
        serving.stop(victim)  # the worker is stopped mid-session (a restart, a rolling deploy)
        await tab.until(lambda: not tab.connected, "the disconnect")
        await tab.connect(survivor)  # the tab reconnects; the address now leads to another worker
        await _contracts(tab, {"status": "active"})
        after = tab.var(rc.CONTRACTS, "rows")
        await tab.close()
        return tab.var(rc.CONTRACTS, "total"), before, after

    records = _login_records(cluster)
    try:
        total, before, after = asyncio_runner.run(scenario())
    finally:
        serving.stop(victim)
    assert total > 0
    assert after == before  # the same user, the same filtered view, no new log-in
    assert len({row["status"] for row in after}) == 1  # still filtered by status
    added = [now - then for now, then in zip(_login_records(cluster), records, strict=True)]
    assert added == [1, 1, 1]  # one session, one audited log-in, one SMS: nothing lost or doubled


def test_a_dropped_database_connection_is_replaced_without_the_user_noticing(cluster, survivor):
    async def scenario() -> tuple[int, int]:
        tab = await _signed_in_tab(cluster, survivor)
        await _contracts(tab, {})
        first = tab.var(rc.CONTRACTS, "total")
        admin_engine = create_engine(POSTGRES_URL)
        with admin_engine.begin() as admin:
            killed = admin.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE application_name = :n"
                ),
                {"n": cluster.app_name},
            ).scalar_one()
        admin_engine.dispose()
        assert killed > 0  # the backend's pooled connections (and only those) are gone
        await _contracts(tab, {"typ": "financial"})
        second = tab.var(rc.CONTRACTS, "total")
        await tab.close()
        return first, second

    first, second = asyncio_runner.run(scenario())
    assert 0 < second < first  # every event re-checks the session in the database: on new connections


def _toasts(tab: rc.Tab, since: int) -> str:
    return " ".join(
        str(e.get("payload", {})) for e in tab.events[since:] if e.get("name") == "_call_function"
    )


def test_a_redis_restart_shows_a_polish_message_and_the_session_carries_on(cluster, tmp_path):
    redis_port = serving.free_port()
    redis_dir = tmp_path / "redis"
    redis_dir.mkdir()
    redis = serving.start_redis(redis_port, redis_dir)  # with its append-only file, as in production
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = {**cluster.env, "REDIS_URL": redis_url, "REFLEX_REDIS_URL": redis_url}
    port = serving.free_port()
    backend = serving.start_backend(env, port, 1, tmp_path / "backend.log")

    async def scenario() -> tuple[str, bool, int | None]:
        nonlocal redis
        tab = await _signed_in_tab(cluster, f"http://127.0.0.1:{port}")
        await _contracts(tab, {"status": "active"})
        serving.stop(redis)  # Redis goes away mid-session
        since = len(tab.events)
        await tab.send(f"{rc.CONTRACTS}.apply", {"form": {"status": "ended"}})
        await tab.until(lambda: bool(_toasts(tab, since)), "the message about the outage")
        message = _toasts(tab, since)
        redis = serving.start_redis(redis_port, redis_dir)  # back, with what it had written
        await _contracts(tab, {"status": "ended"})
        total = tab.var(rc.CONTRACTS, "total")
        await tab.close()
        return message, backend.poll() is None, total

    records = _login_records(cluster)
    try:
        message, alive, total = asyncio_runner.run(scenario())
    finally:
        serving.stop(backend)
        serving.stop(redis)
    assert "Chwilowy problem z po" in message  # Polish, not Reflex's "An error occurred."
    assert "Traceback" not in message
    assert alive  # no crash
    assert total is not None and total > 0  # signed in all along: the ended contracts are listed
    added = [now - then for now, then in zip(_login_records(cluster), records, strict=True)]
    assert added == [1, 1, 1]  # one session, one audited log-in, one SMS
