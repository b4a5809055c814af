"""The Alembic history builds the schema the models describe, on SQLite and on PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from alembic import command
from ebok_app import db


def _differences(url: str) -> list:
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()


def test_upgrade_from_empty_creates_exactly_the_models_schema(database_url):
    db.upgrade(database_url)
    engine = db.make_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables
    assert _differences(database_url) == []  # a model change without its migration fails here


def test_upgrade_is_idempotent_and_downgrade_returns_to_empty(database_url):
    db.upgrade(database_url)
    db.upgrade(database_url)
    command.downgrade(db.alembic_config(database_url), "base")
    engine = db.make_engine(database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    db.upgrade(database_url)
    assert _differences(database_url) == []
