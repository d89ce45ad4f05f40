"""One load at a time per warehouse, whatever starts it: an exclusive lock on a file beside it.

The lock is an flock on `perf.load.lock`: the kernel releases it when its process ends, so a
killed load never leaves it held. The file says who holds it (pid, since when, which Dagster
run); a holder that ends normally empties it. A file still naming a run when the lock is
free therefore names a run whose process died: the next load reports that run failed.
Taking the lock again in the process that holds it (the command line, then the run's
resource) only nests: one flock per process.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class LoadRunning(RuntimeError):
    """Another process holds the load lock of this warehouse."""


@dataclass
class Held:
    path: Path
    fd: int
    depth: int
    stale_run_id: str | None  # the run a dead holder left in the file, if any

    def record_run(self, run_id: str) -> None:
        _write(self.fd, {"pid": os.getpid(), "since": _now(), "run_id": run_id})


_held: dict[Path, Held] = {}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _read(fd: int) -> dict:
    os.lseek(fd, 0, os.SEEK_SET)
    data = os.read(fd, 4096)
    try:
        return json.loads(data) if data.strip() else {}
    except ValueError:
        return {}


def _write(fd: int, holder: dict) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(holder).encode(), 0)


@contextmanager
def hold(path: Path) -> Iterator[Held]:
    """Hold the load lock at `path` for the block; LoadRunning, touching nothing, if another
    process holds it."""
    if path in _held:
        held = _held[path]
        held.depth += 1
        try:
            yield held
        finally:
            held.depth -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            raise LoadRunning(
                f"another load is running since {holder.get('since', '?')} "
                f"(pid {holder.get('pid', '?')}, run {holder.get('run_id') or '?'}) on "
                f"{path.with_name(path.name.removesuffix('.load.lock') + '.duckdb')}"
            ) from None
        stale = _read(fd).get("run_id")
        _write(fd, {"pid": os.getpid(), "since": _now(), "run_id": None})
        held = _held[path] = Held(path, fd, 1, stale)
        try:
            yield held
        finally:
            del _held[path]
            os.ftruncate(fd, 0)  # ended normally: no run to report failed
    finally:
        os.close(fd)  # releases the flock
