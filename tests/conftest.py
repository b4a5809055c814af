"""Shared fixtures: a fixed day, fresh databases (SQLite always, PostgreSQL when configured).

Alembic runs once per test session for SQLite: a template database is upgraded to the newest schema and
each test gets a copy of it (the migrations themselves are tested in test_migrations.py)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

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


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory) -> Path:
    """A SQLite database upgraded to the newest schema, once per test session."""
    path = tmp_path_factory.mktemp("template") / "ebok-template.db"
    db.upgrade(f"sqlite:///{path}")
    return path


def copy_database(template: Path, url: str) -> None:
    """Write a consistent copy of the SQLite `template` to the file of `url` (SQLite's backup API)."""
    with sqlite3.connect(template) as source, sqlite3.connect(make_url(url).database) as target:
        source.backup(target)


@pytest.fixture
def migrated_sqlite_url(sqlite_url: str, schema_template: Path) -> str:
    """A fresh SQLite database at the newest schema (a copy of the migrated template)."""
    copy_database(schema_template, sqlite_url)
    return sqlite_url


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
def engine(database_url: str, schema_template: Path) -> Iterator[Engine]:
    """An engine on an empty database at the newest schema (SQLite: a copy of the migrated template)."""
    if database_url.startswith("sqlite"):
        copy_database(schema_template, database_url)
    else:
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
