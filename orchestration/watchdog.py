"""A pool of worker processes whose per-item deadline the parent enforces.

A limit kept inside a worker (SIGALRM) only fires when the interpreter gets back to Python code: a worker
looping inside a C extension, or one whose clean-up re-enters the loop it was interrupted in (pdfplumber's
``close`` walking a page tree that refers to itself), never sees it. So the parent tracks when each worker
took its item, kills a worker past its deadline (SIGKILL cannot be ignored), reports the item as timed
out, starts a fresh worker and goes on. A worker that dies (a crash in C code, the memory limit) is
reported the same way, with its exit code, and replaced.

Each worker owns one pipe and holds one item at a time, so the parent always knows which item a dead or
killed worker held; nothing else is lost.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

PREFETCH = 4  # items a worker holds at once: one running, the others waiting in its pipe


def _serve(conn: Connection, task: Callable[..., Any], initializer: Callable[[], None] | None) -> None:
    """A worker's loop: take an argument tuple, run the task, send ("ok", result) or ("error", text)."""
    if initializer:
        initializer()
    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):
            return
        if args is None:
            return
        try:
            reply = ("ok", task(*args))
        except BaseException as exc:  # noqa: BLE001 - one item's error must reach the parent as a reason
            reply = ("error", f"parser raised {type(exc).__name__}: {exc}")
        conn.send(reply)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    # items sent, in order: the first is running (since ``started``), the others wait in the pipe
    items: deque = field(default_factory=deque)
    started: float = 0.0


@dataclass
class WatchdogPool:
    """Run ``task(*args)`` for every argument tuple on ``workers`` processes, each under ``timeout`` seconds.

    ``on_result(args, result)`` gets each result; ``on_failure(args, reason, seconds)`` gets an item whose
    worker timed out, died or raised, and how long it ran. ``timeout`` <= 0 means no deadline.
    """

    task: Callable[..., Any]
    workers: int
    timeout: float
    initializer: Callable[[], None] | None = None
    preload: Sequence[str] = ()

    def __post_init__(self) -> None:
        # forkserver, not fork: the caller (Dagster, pytest) has threads, and forking a threaded process
        # can deadlock the child on a lock some thread held at fork time
        self._context = multiprocessing.get_context("forkserver")
        if self.preload:
            self._context.set_forkserver_preload(list(self.preload))

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.task, self.initializer), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    @staticmethod
    def _stop(worker: _Worker, kill: bool) -> None:
        if kill:
            worker.process.kill()
        else:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def run(
        self, items: Sequence[tuple], on_result: Callable[[tuple, Any], None], on_failure: Callable[[tuple, str, float], None]
    ) -> None:
        """Run every item; returns when each has been reported to ``on_result`` or ``on_failure``."""
        pending = deque(items)
        workers: list[_Worker] = []
        try:
            while pending or any(w.items for w in workers):
                self._feed(workers, pending)
                busy = [w for w in workers if w.items]
                wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=self._next_deadline(busy))
                for worker in busy:
                    outcome = self._check(worker)
                    if outcome is None:
                        continue
                    kind, value = outcome
                    item, now = worker.items.popleft(), time.monotonic()
                    seconds, worker.started = now - worker.started, now  # the next item in its pipe starts now
                    if kind == "dead":
                        workers.remove(worker)
                        pending.extendleft(reversed(worker.items))  # sent but never started: run them elsewhere
                        worker.items.clear()
                    if kind == "ok":
                        on_result(item, value)
                    else:
                        on_failure(item, value, seconds)
        finally:
            for worker in workers:
                self._stop(worker, kill=bool(worker.items))

    def _feed(self, workers: list[_Worker], pending: deque) -> None:
        """Give each worker up to PREFETCH items, starting workers up to ``self.workers``.

        Items waiting in the pipe keep a worker from idling while this process (on a busy machine) gets
        round to reading its results: with 2 waiting, 851 small files took 25 s against 20 s for the old
        ProcessPoolExecutor; with 4, 24 s against 28 s (bench/parse_pool.py, load 8 on 2 cores). Items
        waiting behind a file that is killed go back to the queue unstarted.
        """
        while pending and len(workers) < self.workers:
            workers.append(self._start())
        for depth in range(1, PREFETCH + 1):
            for worker in workers:
                if pending and len(worker.items) < depth:
                    if not worker.items:
                        worker.started = time.monotonic()
                    worker.items.append(pending.popleft())
                    worker.conn.send(worker.items[-1])

    def _next_deadline(self, busy: list[_Worker]) -> float | None:
        if self.timeout <= 0 or not busy:
            return None
        return max(0.0, min(w.started for w in busy) + self.timeout - time.monotonic())

    def _check(self, worker: _Worker) -> tuple[str, Any] | None:
        """("ok", result), ("error", reason), ("dead", reason) once the worker is done with its item; else None."""
        try:
            if worker.conn.poll():
                return worker.conn.recv()
        except (EOFError, OSError):
            pass  # the pipe closed: the worker died; its exit code says how
        if not worker.process.is_alive():
            worker.process.join()
            code = worker.process.exitcode
            worker.conn.close()
            return "dead", f"parser process died (exit code {code}: a crash in a C library or the memory limit)"
        if self.timeout > 0 and time.monotonic() - worker.started > self.timeout:
            self._stop(worker, kill=True)
            return "dead", f"time limit of {self.timeout:g}s per file exceeded; the parser process was killed"
        return None
