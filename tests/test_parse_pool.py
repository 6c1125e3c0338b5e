"""The pool's per-task deadline (pebble): a worker stuck in C code is killed and replaced, the run goes on."""

from __future__ import annotations

import time

from orchestration.runner.pool import run_pool
from tests.pool_tasks import work


def _run(items, workers=1, timeout=3.0):
    results, failures = {}, {}
    start = time.monotonic()
    for item, result, failure, _ in run_pool(work, items, workers, timeout, memory_mb=3072):
        if failure is None:
            results[item] = result
        else:
            failures[item] = failure
    return results, failures, time.monotonic() - start


def test_a_worker_blocked_in_c_code_is_killed_replaced_and_the_rest_goes_on():
    items = [("ok", 1), ("c_deadlock", 0), ("ok", 2), ("ok", 3)]
    results, failures, elapsed = _run(items, workers=1, timeout=3.0)
    assert set(failures) == {("c_deadlock", 0)}
    assert "time limit of 3s per file exceeded; the parser process was killed" in failures[("c_deadlock", 0)]
    assert {k: v[0] for k, v in results.items()} == {("ok", 1): 2, ("ok", 2): 4, ("ok", 3): 6}
    # one worker: the files after the stuck one ran in a fresh process
    assert results[("ok", 1)][1] != results[("ok", 2)][1] == results[("ok", 3)][1]
    assert elapsed < 30


def test_a_dead_worker_and_a_raising_task_each_fail_alone():
    items = [("crash", 0), ("raise", 7), ("ok", 5)]
    results, failures, _ = _run(items, workers=2, timeout=30)
    assert "parser process died (exit code -9" in failures[("crash", 0)]
    assert failures[("raise", 7)] == "parser raised ValueError: bad input 7"
    assert results[("ok", 5)][0] == 10


def test_several_stuck_workers_do_not_hold_up_the_others():
    items = [("c_deadlock", i) for i in range(2)] + [("ok", i) for i in range(20)]
    results, failures, elapsed = _run(items, workers=2, timeout=2.0)
    assert len(failures) == 2 and len(results) == 20
    assert elapsed < 30
