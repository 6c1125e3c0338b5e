"""Progress of long runs: files done, rate and time left, on the terminal and in Dagster's log."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


class Progress:
    """Call with (done, total, outcome) after each file; prints at most every ``interval`` seconds."""

    def __init__(self, log: Callable[[str], None] | None = None, interval: float = 2.0, stream=None):
        self.start = time.perf_counter()
        self.last = 0.0
        self.interval = interval
        self.log = log
        self.stream = stream if stream is not None else sys.stderr

    def line(self, done: int, total: int) -> str:
        """``parsed 120/1000 files  35.2 files/s  ETA 25s``."""
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        rate = done / elapsed
        eta = (total - done) / rate if rate > 0 else float("inf")
        eta_text = f"{eta:.0f}s" if eta != float("inf") else "?"
        return f"parsed {done}/{total} files  {rate:.1f} files/s  ETA {eta_text}"

    def __call__(self, done: int, total: int, outcome=None) -> None:
        now = time.perf_counter()
        if done != total and now - self.last < self.interval:
            return
        self.last = now
        text = self.line(done, total)
        if self.log:
            self.log(text)
        if self.stream is not None and self.stream.isatty():
            self.stream.write("\r" + text + ("\n" if done == total else ""))
            self.stream.flush()
        elif self.stream is not None:
            self.stream.write(text + "\n")
