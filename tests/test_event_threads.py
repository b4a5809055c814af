"""A worker's events do their blocking work in EBOK_EVENT_THREADS threads, not asyncio's cores + 4."""

from __future__ import annotations

import asyncio
import threading

from ebok_app.ebok_app import _event_threads
from ebok_app.settings import get_settings


def test_the_events_blocking_work_runs_in_the_workers_own_threads_as_many_as_set():
    threads = get_settings().event_threads
    gate = threading.Barrier(threads, timeout=60)  # passes only when all of them run at once

    def blocking() -> str:
        gate.wait()
        return threading.current_thread().name

    async def events() -> list[str]:
        _event_threads()
        return await asyncio.gather(*(asyncio.to_thread(blocking) for _ in range(threads)))

    # a loop of its own in a thread of its own: the browser tests' loop may still run in this one
    names: list[str] = []
    runner = threading.Thread(target=lambda: names.extend(asyncio.run(events())))
    runner.start()
    runner.join()
    assert len(set(names)) == threads and all(n.startswith("events") for n in names)
