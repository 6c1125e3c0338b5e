"""Tasks for the process pool tests (tests/test_parse_pool.py), in a module the pool's worker processes can import."""

from __future__ import annotations

import ctypes
import os
import signal


def _alarm(signum, frame):
    raise TimeoutError("SIGALRM reached Python")


def work(kind: str, value: int = 0):
    """``ok`` returns value * 2; ``c_deadlock`` blocks inside C (a pthread mutex locked twice by its owner,
    which no signal interrupts) under its own 1 s SIGALRM, to show that an in-worker limit never fires;
    ``crash`` kills its own process; ``raise`` raises."""
    if kind == "ok":
        return value * 2, os.getpid()
    if kind == "c_deadlock":
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        libc = ctypes.CDLL(None)
        mutex = ctypes.create_string_buffer(64)  # zeroed: PTHREAD_MUTEX_INITIALIZER, a default (non-recursive) mutex
        libc.pthread_mutex_lock(mutex)
        libc.pthread_mutex_lock(mutex)  # waits for itself forever, in C
        return "unreachable", os.getpid()
    if kind == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    raise ValueError(f"bad input {value}")
