"""`ogi run`: the whole pipeline on files or folders, with progress and a summary on the terminal.

Exit codes: 0 the warehouse was published; 2 a path given does not exist (nothing is touched) or a step
failed (the last published warehouse is untouched; the files parsed are listed and kept in the lake);
3 another run is writing the same warehouse (nothing was parsed; ``--wait`` waits for it instead).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections import Counter

from orchestration.cli.terminal import shown
from orchestration.settings import DEFAULT_SAMPLES, Settings

EXIT_BUSY = 3


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _step_failures(dagster_result) -> list[tuple[str, object]]:
    """(step, error info) of every failed step; the error is None when Dagster recorded none."""
    return [
        (event.step_key, event.step_failure_data.error if event.step_failure_data else None)
        for event in dagster_result.all_events
        if event.is_step_failure
    ]


def _failure_lines(dagster_result) -> list[str]:
    """One line per failed step: the step and the first line of its innermost error (the rest is in the log)."""
    lines = []
    for step, error in _step_failures(dagster_result):
        while error is not None and error.cause is not None:  # the innermost error says what happened
            error = error.cause
        first = next((x.strip() for x in (error.message if error else "").splitlines() if x.strip()), "failed")
        lines.append(f"  {step}: {first}")
    return lines


def _failure_details(dagster_result) -> str:
    """Every failed step's error in full, with its stack, for the run's log file."""
    return "".join(f"\n== step {step} failed\n{error.to_string() if error else ''}\n" for step, error in _step_failures(dagster_result))


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Parse the given files/folders, load, build and publish the warehouse, print a summary."""
    from orchestration.defs.pipeline import run_pipeline
    from orchestration.warehouse.lock import WarehouseBusy, warehouse_lock

    paths = args.paths or [str(DEFAULT_SAMPLES)]
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        for p in missing:
            _say(f"ogi run: no such file or folder: {shown(p)}")
        _say("nothing was read and the warehouse is untouched")
        return 2
    options = dict(workers=args.workers, force=args.force, full_refresh=args.full_refresh, settings=settings)
    try:
        # taken before the log is opened: a second run must not truncate the first one's log either
        with warehouse_lock(settings.published_path, what="ogi run " + " ".join(paths), wait=args.wait, on_wait=_say):
            if args.verbose:
                result = run_pipeline(paths, **options)
            else:
                # dbt's and Dagster's step-by-step output goes to a log file; the terminal gets progress and the
                # summary, and a failed step one line (Dagster's own error log, a page of stack, goes to the file)
                log = settings.logs_dir / "ogi-run.log"
                log.parent.mkdir(parents=True, exist_ok=True)
                with open(log, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
                    result = run_pipeline(paths, log_level="CRITICAL", **options)
                    if not result.success:
                        out.write(_failure_details(result.dagster_result))
                print(f"details: {log}")
    except WarehouseBusy as busy:
        _say(f"ogi run: {busy}")
        _say("nothing was parsed; run again when it has finished, or use `ogi run --wait` to wait for it")
        return EXIT_BUSY
    statuses = Counter(o.status for o in result.parse_outcomes)
    print(f"files: {len(result.parse_outcomes)}  " + "  ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    for o in result.parse_outcomes:
        if o.status not in ("parsed", "skipped"):
            print(f"  {o.status:<11} {shown(o.source_path)}: {o.reason}")
    if not result.success:
        _say("pipeline failed; the last published warehouse is untouched"
             + ("; the files parsed are kept in the lake and loaded by the next run" if result.parse_outcomes else ""))
        for line in _failure_lines(result.dagster_result):
            _say(line)
        return 2
    s = result.summary
    print(f"warehouse: {result.warehouse}")
    print(
        f"reports: {s.get('reports')} (parsed {s.get('reports_parsed')}, other {s.get('reports_not_parsed')})  "
        f"cells: {s.get('cells')}  rule results failed: {s.get('rules_failed')} "
        f"(in {s.get('reports_failing_a_rule')} reports), not assessable: {s.get('rules_not_assessable')}"
    )
    return 0
