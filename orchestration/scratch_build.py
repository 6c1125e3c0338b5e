"""Build the marts for a handful of reports in a throwaway DuckDB file (the warehouse is not touched).

Used by `ogi check`: the rules run through the same dbt models as the warehouse, so a reviewer and
the warehouse can never disagree about what a rule says.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import polars as pl

from ingestion.frames import report_to_frames
from ingestion.model import ParsedReport
from orchestration.dbt import dbt_executable, ensure_manifest
from orchestration.paths import DBT_PROJECT_DIR
from orchestration.warehouse import load_raw


def build_scratch_warehouse(reports: list[tuple[ParsedReport, str]], folder: Path | None = None) -> Path:
    """Load (report, source path) pairs into a new DuckDB file and run `dbt build` on it; returns its path."""
    folder = folder or Path(tempfile.mkdtemp(prefix="ogi-check-"))
    db = folder / "check.duckdb"
    frames = [report_to_frames(r, source_path=p) for r, p in reports]
    tables = {name: pl.concat([f[name] for f in frames]) for name in frames[0]}
    load_raw(db, tables)
    ensure_manifest()
    env = {**os.environ, "OGI_WAREHOUSE_BUILD": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    proc = subprocess.run(
        [dbt_executable(), "build", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
         "--target-path", str(folder / "target"), "--log-path", str(folder / "logs"), "--quiet"],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"dbt build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return db
