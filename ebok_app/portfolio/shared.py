"""One copy of each (company, data version)'s frames for the whole installation: Arrow IPC files in a
cache directory, written once by whichever worker builds first (under a file lock; the others wait for it
and then read its files) and memory-mapped by every worker, so the frames live once in the page cache
instead of once per process. A new version is written beside the old one (the old one keeps serving until
it is complete); the directory is bounded by a size, the least recently used versions going first (a
worker that still maps deleted files keeps reading them: unlinked files stay until unmapped).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import polars as pl

COMPLETE = "complete"  # written last: a version directory without it is not there yet

Tables = dict[str, pl.DataFrame]


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
            tables = {p.stem: pl.read_ipc(p) for p in sorted(found.glob("*.arrow"))}
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
        with (self.directory / f".{company_id}-{version}.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one builder per version; the others wait, then read
            try:
                found = self.load(company_id, version)
                if found is not None:
                    return found
                self._write(company_id, version, build())
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        self._prune(keep=self._version_dir(company_id, version))
        tables = self.load(company_id, version)
        if tables is None:
            raise RuntimeError(f"frames of company {company_id} version {version} vanished after writing")
        return tables

    def _write(self, company_id: int, version: int, tables: Tables) -> None:
        staging = Path(tempfile.mkdtemp(dir=self.directory, prefix=".writing-"))
        try:
            for name, frame in tables.items():
                frame.write_ipc(staging / f"{name}.arrow", compression="uncompressed")  # mappable as is
            (staging / COMPLETE).touch()
            target = self._version_dir(company_id, version)
            if target.exists():  # a half-pruned leftover
                shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.root.glob("*/*/*.arrow"))

    def _prune(self, keep: Path) -> None:
        """Delete the least recently used versions until the root fits in `max_bytes`."""
        versions = [d for d in self.root.glob("*/*") if d.is_dir() and not d.name.startswith(".")]
        sizes = {d: sum(p.stat().st_size for p in d.glob("*.arrow")) for d in versions}
        total = sum(sizes.values())
        for old in sorted(versions, key=lambda d: d.stat().st_mtime):
            if total <= self.max_bytes:
                break
            if old == keep:
                continue
            shutil.rmtree(old, ignore_errors=True)
            (old.parent / f".{old.name}.lock").unlink(missing_ok=True)
            total -= sizes[old]
