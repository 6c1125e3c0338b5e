"""One writer per warehouse: a lock file beside the published warehouse, held while a run writes it.

Two `ogi run` on one warehouse would both parse everything and one would then die on DuckDB's own lock
of the build file. Instead, a run takes ``<warehouse>.lock`` (e.g. ``data/warehouse.duckdb.lock``) before
it parses anything: ``ogi run`` exits 3 at once when another run holds it (``ogi run --wait`` waits,
saying whom it waits for); the Dagster steps that write the build (loader, dbt, publish) wait for it.

The lock is ``flock`` on that file, so the kernel releases it when its process ends, however it ends: a
run killed with ``kill -9`` leaves the file behind (naming the dead run) but never a held lock, and the
next run takes it at once. The descriptor is not inherited by the programs a run starts (dbt, the parser
pool's fork server), so a left-over child cannot keep it either. Within one process the lock is
re-entrant: ``run_pipeline`` holds it for the whole run and the steps it runs in-process take it again
for free.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

POLL_SECONDS = 0.2

_held: dict[str, int] = {}  # lock file -> how many times this process holds it
_held_guard = threading.Lock()


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse's lock (the message names it)."""


def lock_path(published: Path) -> Path:
    """The lock file of a warehouse: ``<published>.lock`` beside it (discovery skips it as a side file)."""
    return published.with_name(published.name + ".lock")


def holder(published: Path) -> str:
    """Who holds (or last held) the lock, as written by its holder: ``pid 123, started ..., ogi run data/``."""
    try:
        text = lock_path(published).read_text(encoding="utf-8").strip()
    except OSError:
        return "another process"
    return text or "another process"


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def warehouse_lock(
    published: Path,
    what: str = "a run",
    wait: bool = False,
    timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the warehouse's lock for the block; re-entrant within one process.

    When another process holds it: raise :class:`WarehouseBusy` at once (``wait=False``), or call
    ``on_wait`` once with a sentence naming the holder and wait (up to ``timeout`` seconds, then
    WarehouseBusy; None waits as long as it takes). ``what`` is written into the lock file for the next
    process to read (e.g. ``ogi run data/samples``).
    """
    path = lock_path(published)
    key = str(path.absolute())
    with _held_guard:
        if _held.get(key):
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        if not _try_lock(fd):
            busy = f"{holder(published)} is writing the warehouse {published}"
            if not wait:
                raise WarehouseBusy(busy)
            if on_wait is not None:
                on_wait(f"waiting: {busy}")
            deadline = None if timeout is None else time.monotonic() + timeout
            while not _try_lock(fd):
                if deadline is not None and time.monotonic() > deadline:
                    raise WarehouseBusy(f"{busy}; gave up after {timeout:g} s")
                time.sleep(POLL_SECONDS)
        started = datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {started}, {what}\n".encode(), 0)
        with _held_guard:
            _held[key] = 1
        try:
            yield
        finally:
            with _held_guard:
                _held.pop(key, None)
    finally:
        os.close(fd)  # releases the flock (the file stays: removing it would race with the next taker)
