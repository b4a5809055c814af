"""The installation's shared frame files: one build per (company, version) for every worker, the previous
version until the new one is complete, the directory bounded by size."""

from __future__ import annotations

import threading

import polars as pl

from ebok_app.portfolio.shared import SharedFrames


def _tables(n: int) -> dict[str, pl.DataFrame]:
    return {"items": pl.DataFrame({"gross_gr": list(range(n))}), "contracts": pl.DataFrame({"id": [1]})}


def test_two_workers_asking_at_once_build_once_and_read_the_same_files(tmp_path):
    builds: list[int] = []

    def build() -> dict[str, pl.DataFrame]:
        builds.append(1)
        return _tables(10_000)

    workers = [SharedFrames(tmp_path, 10**9, "db") for _ in range(4)]  # one per process in real life
    results: list[dict] = []
    threads = [
        threading.Thread(target=lambda w=w: results.append(w.build_once(7, 3, build))) for w in workers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and len(results) == 4
    assert all(r["items"]["gross_gr"].sum() == sum(range(10_000)) for r in results)
    assert set(results[0]) == {"items", "contracts"}


def test_a_new_version_is_written_beside_the_old_and_the_size_bound_drops_the_least_recent(tmp_path):
    shared = SharedFrames(tmp_path, 10**9, "db")
    shared.build_once(1, 1, lambda: _tables(1_000))
    assert shared.load(1, 2) is None and shared.load(1, 1) is not None  # the old version still serves
    shared.build_once(1, 2, lambda: _tables(1_000))
    assert shared.load(1, 1) is not None and shared.load(1, 2) is not None
    one_version = shared.size_bytes() // 2
    small = SharedFrames(tmp_path, one_version * 2, "db")
    small.load(1, 2)  # used most recently: kept
    small.build_once(2, 1, lambda: _tables(1_000))
    assert small.load(1, 1) is None and small.load(1, 2) is not None and small.load(2, 1) is not None
    assert small.size_bytes() <= one_version * 2


def test_databases_do_not_share_files(tmp_path):
    SharedFrames(tmp_path, 10**9, "first").build_once(1, 1, lambda: _tables(5))
    assert SharedFrames(tmp_path, 10**9, "second").load(1, 1) is None


def test_a_day_table_is_built_once_for_every_worker_and_an_earlier_days_is_dropped(tmp_path):
    builds: list[str] = []

    def day_table(day: str):
        def build() -> pl.DataFrame:
            builds.append(day)
            return pl.DataFrame({"left_gr": list(range(1_000)), "day": [day] * 1_000})

        return build

    workers = [SharedFrames(tmp_path, 10**9, "db") for _ in range(4)]
    workers[0].build_once(3, 1, lambda: _tables(10))
    results: list[pl.DataFrame] = []
    threads = [
        threading.Thread(
            target=lambda w=w: results.append(w.derived_once(3, 1, "2026-12-01", "items", day_table("1")))
        )
        for w in workers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == ["1"] and len(results) == 4
    assert all(r["left_gr"].sum() == sum(range(1_000)) for r in results)

    next_day = workers[1].derived_once(3, 1, "2026-12-02", "items", day_table("2"))
    assert builds == ["1", "2"] and next_day["day"].unique().to_list() == ["2"]
    version_dir = tmp_path / "db" / "3-1"
    assert sorted(d.name for d in version_dir.glob("day-*")) == ["day-2026-12-02"]
    assert workers[2].size_bytes() > 0


def test_a_day_table_of_a_pruned_version_is_built_in_memory(tmp_path):
    shared = SharedFrames(tmp_path, 10**9, "db")
    shared.build_once(4, 1, lambda: _tables(10))
    shared.build_once(4, 2, lambda: _tables(10))
    small = SharedFrames(tmp_path, 1, "db")  # everything but the newest version goes
    small.build_once(5, 1, lambda: _tables(10))
    assert shared.load(4, 1) is None
    table = shared.derived_once(4, 1, "2026-12-01", "items", lambda: pl.DataFrame({"a": [1, 2]}))
    assert table["a"].to_list() == [1, 2] and not (tmp_path / "db" / "4-1").exists()
