"""Several workers starting at once each run the schema upgrade: they must end at head, without errors."""

from __future__ import annotations

import multiprocessing
import threading

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from ebok_app import db

STARTING_WORKERS = 4


def _upgrade(url: str, start: multiprocessing.synchronize.Barrier) -> None:
    start.wait(timeout=60)  # every worker is ready: the upgrades start together
    db.upgrade(url)


def _current_revision(url: str) -> str | None:
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def test_workers_starting_together_migrate_once_and_end_at_head(database_url):
    context = multiprocessing.get_context("spawn")  # fresh interpreters, like workers starting
    start = context.Barrier(STARTING_WORKERS)
    workers = [context.Process(target=_upgrade, args=(database_url, start)) for _ in range(STARTING_WORKERS)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=180)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
    assert [worker.exitcode for worker in workers] == [0] * STARTING_WORKERS
    head = ScriptDirectory.from_config(db.alembic_config(database_url)).get_current_head()
    assert _current_revision(database_url) == head


def test_the_lock_is_free_again_after_an_upgrade(database_url):
    db.upgrade(database_url)
    with db.migration_lock(database_url):  # would wait forever if the upgrade had kept it
        pass
    db.upgrade(database_url)
    assert _current_revision(database_url) is not None


def test_the_lock_is_free_again_after_a_failed_upgrade(database_url):
    with pytest.raises(CommandError):
        db.upgrade(database_url, revision="no-such-revision")
    taken = threading.Event()

    def take() -> None:
        with db.migration_lock(database_url):
            taken.set()

    threading.Thread(target=take, daemon=True).start()
    assert taken.wait(timeout=60), "the failed upgrade kept the migration lock"
