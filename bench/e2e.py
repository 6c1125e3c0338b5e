"""One end-to-end pipeline run, in its own process (run by bench/run_all.py, which samples its memory).

``python -m bench.e2e --inbox DIR --work DIR --workers N --out result.json`` runs ``run_pipeline`` over the
inbox with the warehouse and the Parquet lake under ``--work`` (passed as settings), then writes the
wall time, the time of each Dagster step (from the run's event log), the per-format parse seconds spent in
the workers, the warehouse summary and getrusage's peak RSS to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections import Counter, defaultdict
from pathlib import Path


def _step_seconds(instance, run_id: str) -> dict[str, float]:
    """Seconds from STEP_START to STEP_SUCCESS/FAILURE of each step of the run."""
    starts: dict[str, float] = {}
    out: dict[str, float] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or not entry.step_key:
            continue
        kind = event.event_type_value
        if kind == "STEP_START":
            starts[entry.step_key] = entry.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in starts:
            out[entry.step_key] = entry.timestamp - starts[entry.step_key]
    return out


def _agencies(warehouse: Path) -> int | None:
    """Agencies the warehouse linked the reports to (dim_agencies), or None when it has no such table."""
    import duckdb

    try:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return con.execute("select count(*) from dim_agencies").fetchone()[0]
        finally:
            con.close()
    except duckdb.Error:
        return None


def _format_of(path: str) -> str:
    """The format of a corpus file, from its extension."""
    return {".txt": "text", ".md": "markdown", ".html": "html", ".docx": "docx", ".pdf": "pdf"}.get(Path(path).suffix, Path(path).suffix)


def main() -> None:
    """Run the pipeline once and write the measurements as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inbox", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    work = Path(args.work)

    t0 = time.perf_counter()
    from dagster import DagsterInstance

    from orchestration.defs.pipeline import run_pipeline
    from orchestration.settings import load_settings

    imported = time.perf_counter() - t0
    instance = DagsterInstance.ephemeral()
    settings = load_settings(warehouse=work / "warehouse.duckdb", lake=work / "lake")
    start = time.perf_counter()
    result = run_pipeline([args.inbox], workers=args.workers, instance=instance, settings=settings)
    wall = time.perf_counter() - start

    outcomes = result.parse_outcomes
    if not outcomes:  # a failed run returns none; the parse step may still have succeeded
        try:
            outcomes = result.dagster_result.output_for_node("parsed_reports").outcomes
        except Exception:  # the parse step itself failed
            outcomes = []
    failed_steps = [e.step_key for e in result.dagster_result.all_events if e.event_type_value == "STEP_FAILURE"]
    parsed_now = [o for o in outcomes if not o.skipped]
    worker_seconds: dict[str, float] = defaultdict(float)
    files_by_format: Counter = Counter()
    for o in parsed_now:
        worker_seconds[_format_of(o.source_path)] += o.seconds
        files_by_format[_format_of(o.source_path)] += 1
    out = {
        "success": result.success,
        "failed_steps": failed_steps,
        "import_s": imported,
        "wall_s": wall,
        "steps_s": _step_seconds(instance, result.dagster_result.run_id),
        "files": len(outcomes),
        "parsed_now": len(parsed_now),
        "skipped": len(outcomes) - len(parsed_now),
        "statuses": dict(Counter(o.status for o in outcomes)),
        "worker_seconds_by_format": dict(worker_seconds),
        "files_parsed_by_format": dict(files_by_format),
        "new_files": [Path(o.source_path).name for o in parsed_now][:5],
        "summary": result.summary,
        "maxrss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "maxrss_children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "warehouse_mib": result.warehouse.stat().st_size / 2**20 if result.warehouse.exists() else None,
        "agencies_in_warehouse": _agencies(result.warehouse) if result.success else None,
    }
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
