"""Build the marts for a handful of reports in a throwaway DuckDB file (the warehouse is not touched).

Used by `ogi check`: the rules run through the same dbt models as the warehouse, so a reviewer and
the warehouse can never disagree about what a rule says.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl

from ingestion.frames import report_to_frames
from ingestion.model import ParsedReport
from orchestration.warehouse.dbt_runner import DEFAULT_MEMORY_LIMIT, run_dbt
from orchestration.warehouse.loader import load_raw


def build_scratch_warehouse(
    reports: list[tuple[ParsedReport, str]], folder: Path | None = None, memory_limit: str = DEFAULT_MEMORY_LIMIT
) -> Path:
    """Load (report, source path) pairs into a new DuckDB file and run `dbt build` on it; returns its path."""
    folder = folder or Path(tempfile.mkdtemp(prefix="ogi-check-"))
    db = folder / "check.duckdb"
    frames = [report_to_frames(r, source_path=p) for r, p in reports]
    tables = {name: pl.concat([f[name] for f in frames]) for name in frames[0]}
    load_raw(db, tables)
    proc = run_dbt(["build"], db, folder, memory_limit)
    if proc.returncode != 0:
        raise RuntimeError(f"dbt build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return db
