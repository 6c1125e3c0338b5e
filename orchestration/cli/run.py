"""`ogi run`: the whole pipeline on files or folders, with progress and a summary on the terminal."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections import Counter

from orchestration.cli.terminal import shown
from orchestration.settings import DEFAULT_SAMPLES, Settings


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Parse the given files/folders, load, build and publish the warehouse, print a summary."""
    from orchestration.defs.pipeline import run_pipeline

    paths = args.paths or [str(DEFAULT_SAMPLES)]
    if args.verbose:
        result = run_pipeline(paths, workers=args.workers, force=args.force, full_refresh=args.full_refresh, settings=settings)
    else:
        # dbt's and Dagster's step-by-step output goes to a log file; the terminal gets progress and the summary
        log = settings.logs_dir / "ogi-run.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
            result = run_pipeline(
                paths, workers=args.workers, force=args.force, log_level="WARNING", full_refresh=args.full_refresh,
                settings=settings,
            )
        print(f"details: {log}")
    statuses = Counter(o.status for o in result.parse_outcomes)
    print(f"files: {len(result.parse_outcomes)}  " + "  ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    for o in result.parse_outcomes:
        if o.status not in ("parsed", "skipped"):
            print(f"  {o.status:<11} {shown(o.source_path)}: {o.reason}")
    if not result.success:
        print("pipeline failed; the last published warehouse is untouched", file=sys.stderr)
        for event in result.dagster_result.all_events:
            if event.is_failure:
                print(f"  {event.step_key}: {event.message}", file=sys.stderr)
        return 2
    s = result.summary
    print(f"warehouse: {result.warehouse}")
    print(
        f"reports: {s.get('reports')} (parsed {s.get('reports_parsed')}, other {s.get('reports_not_parsed')})  "
        f"cells: {s.get('cells')}  rule results failed: {s.get('rules_failed')} "
        f"(in {s.get('reports_failing_a_rule')} reports), not assessable: {s.get('rules_not_assessable')}"
    )
    return 0
