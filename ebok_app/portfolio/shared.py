"""One copy of each (company, data version)'s frames for the whole installation: Arrow IPC files in a
cache directory, written once by whichever worker builds first (under a file lock; the others wait for it
and then read its files) and memory-mapped by every worker, so the frames live once in the page cache
instead of once per process. A new version is written beside the old one (the old one keeps serving until
it is complete); the directory is bounded by a size, the least recently used versions going first (a
worker that still maps deleted files keeps reading them: unlinked files stay until unmapped).

The day's tables derived from a version (statuses, search text, default orders, the forecast's items) are
written the same way, once per version and day, under the version's `day-YYYY-MM-DD/`: a worker maps
them instead of computing its own copy.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pyarrow as pa
from pyarrow import ipc

COMPLETE = "complete"  # written last: a version directory without it is not there yet

Tables = dict[str, pl.DataFrame]


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Held by one thread of one process at a time (an flock of `lock_path`)."""
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read_mapped(path: Path) -> pl.DataFrame:
    """The frame of an IPC file, memory-mapped (its pages are the page cache's, shared by every worker):
    through pyarrow, as polars 2 reads IPC files into the process's own memory."""
    table = ipc.open_file(pa.memory_map(str(path))).read_all()  # the mapping lives as long as the frame
    return pl.from_arrow(table, rechunk=False)


def _map(path: Path) -> pl.DataFrame | None:
    try:
        return _read_mapped(path)
    except FileNotFoundError:
        return None


def _write_frame(frame: pl.DataFrame, path: Path) -> None:
    """One record batch, uncompressed: mappable as is."""
    frame.rechunk().write_ipc(path, compression="uncompressed")


class SharedFrames:
    """The frame files of one database (`namespace`) under `root`, which holds at most `max_bytes` of
    frames of every database together."""

    def __init__(self, root: Path, max_bytes: int, namespace: str) -> None:
        self.root = root
        self.directory = root / namespace
        self.max_bytes = max_bytes

    def _version_dir(self, company_id: int, version: int) -> Path:
        return self.directory / f"{company_id}-{version}"

    def load(self, company_id: int, version: int) -> Tables | None:
        """The version's tables, memory-mapped; None when no worker has written them yet."""
        found = self._version_dir(company_id, version)
        if not (found / COMPLETE).exists():
            return None
        try:
            tables = {p.stem: _read_mapped(p) for p in sorted(found.glob("*.arrow"))}
            os.utime(found)  # recently used: pruned last
        except FileNotFoundError:  # pruned between the check and the read: build it again
            return None
        return tables

    def build_once(self, company_id: int, version: int, build: Callable[[], Tables]) -> Tables:
        """The version's tables, built by `build` only when no worker has written them yet."""
        found = self.load(company_id, version)
        if found is not None:
            return found
        self.directory.mkdir(parents=True, exist_ok=True)
        with _exclusive(self.directory / f".{company_id}-{version}.lock"):  # one builder per version
            found = self.load(company_id, version)  # the others wait, then read its files
            if found is not None:
                return found
            self._write(company_id, version, build())
        self._prune(keep=self._version_dir(company_id, version))
        tables = self.load(company_id, version)
        if tables is None:
            raise RuntimeError(f"frames of company {company_id} version {version} vanished after writing")
        return tables

    def _write(self, company_id: int, version: int, tables: Tables) -> None:
        staging = Path(tempfile.mkdtemp(dir=self.directory, prefix=".writing-"))
        try:
            for name, frame in tables.items():
                _write_frame(frame, staging / f"{name}.arrow")
            (staging / COMPLETE).touch()
            target = self._version_dir(company_id, version)
            if target.exists():  # a half-pruned leftover
                shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def derived_once(
        self, company_id: int, version: int, day: str, name: str, build: Callable[[], pl.DataFrame]
    ) -> pl.DataFrame:
        """A table derived from the version's frames for `day`, built by `build` only when no worker has
        written it yet; built in memory only when the version's files have been pruned meanwhile."""
        version_dir = self._version_dir(company_id, version)
        folder = version_dir / f"day-{day}"
        found = _map(folder / f"{name}.arrow")
        if found is not None:
            return found
        try:
            folder.mkdir(exist_ok=True)  # not its parents: a pruned version stays pruned
            with _exclusive(folder / f".{name}.lock"):
                found = _map(folder / f"{name}.arrow")
                if found is not None:
                    return found
                frame = build()
                staging = folder / f".{name}.{os.getpid()}.writing"
                _write_frame(frame, staging)
                staging.rename(folder / f"{name}.arrow")
        except FileNotFoundError:
            return build()
        for old in version_dir.glob("day-*"):
            if old.name < folder.name:  # earlier days' tables: no longer read (mapped ones stay readable)
                shutil.rmtree(old, ignore_errors=True)
        mapped = _map(folder / f"{name}.arrow")
        return frame if mapped is None else mapped

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.root.glob("*/*/**/*.arrow"))

    def _prune(self, keep: Path) -> None:
        """Delete the least recently used versions until the root fits in `max_bytes`."""
        versions = [d for d in self.root.glob("*/*") if d.is_dir() and not d.name.startswith(".")]
        sizes = {d: sum(p.stat().st_size for p in d.glob("**/*.arrow")) for d in versions}
        total = sum(sizes.values())
        for old in sorted(versions, key=lambda d: d.stat().st_mtime):
            if total <= self.max_bytes:
                break
            if old == keep:
                continue
            shutil.rmtree(old, ignore_errors=True)
            (old.parent / f".{old.name}.lock").unlink(missing_ok=True)
            total -= sizes[old]
