"""Shared fixtures: a fixed day, fresh databases (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, create_engine, text

from ebok_app import db
from ebok_app.settings import get_settings

# the shared portfolio frames of the tests' databases go to a scratch directory, not the project's
os.environ.setdefault("EBOK_FRAMES_DIR", tempfile.mkdtemp(prefix="ebok-test-frames-"))

TODAY = date(2026, 11, 23)
POSTGRES_URL = os.environ.get("EBOK_TEST_POSTGRES_URL", "").strip()


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'ebok-test.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections live in a fresh schema of the test PostgreSQL, dropped afterwards."""
    if not POSTGRES_URL:
        pytest.skip("EBOK_TEST_POSTGRES_URL is not set (.ci/run sets it when PostgreSQL answers)")
    schema = f"ebok_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Each test that takes this runs on SQLite and on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return request.getfixturevalue(name)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on an empty database upgraded to the newest schema."""
    db.upgrade(database_url)
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def cli_env(sqlite_url, monkeypatch):
    """The `ebok` command pointed at a fresh SQLite file."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield sqlite_url
    get_settings.cache_clear()
    db.get_engine.cache_clear()
