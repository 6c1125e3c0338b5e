"""Parsed reports as Parquet files: one folder per report, one file per raw table.

Parsing writes here, never to DuckDB, so any number of processes (or cluster workers with shared
storage) can parse at once while a single writer loads the warehouse.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import polars as pl

from ingestion.frames import SCHEMAS, report_to_frames
from ingestion.model import ParsedReport

DONE_MARKER = "_SUCCESS.json"


def report_dir(lake: Path, report_id: str) -> Path:
    """The folder holding one report's Parquet files."""
    return lake / report_id[:2] / report_id


def is_parsed(lake: Path, report_id: str, parser_version: str) -> bool:
    """True when this content was already parsed by this parser version (a re-run can skip it)."""
    marker = report_dir(lake, report_id) / DONE_MARKER
    if not marker.exists():
        return False
    return json.loads(marker.read_text()).get("parser_version") == parser_version


def write_report(lake: Path, report: ParsedReport, source_path: str, file_size: int) -> Path:
    """Write a report's frames to a temporary folder, then rename it into place (readers never see half)."""
    final = report_dir(lake, report.report_id)
    tmp = final.with_name(final.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    frames = report_to_frames(report, source_path=source_path, file_size=file_size)
    for name, frame in frames.items():
        frame.write_parquet(tmp / f"{name}.parquet")
    summary = {
        "parser_version": frames["reports"]["parser_version"][0],
        "status": report.status,
        "source_file": report.source_file,
        "source_path": source_path,
    }
    (tmp / DONE_MARKER).write_text(json.dumps(summary, ensure_ascii=False))
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    return final


def read_tables(lake: Path, report_ids: list[str]) -> dict[str, pl.DataFrame]:
    """Concatenate the given reports' frames per raw table (schemas preserved even when empty)."""
    out: dict[str, pl.DataFrame] = {}
    for name, schema in SCHEMAS.items():
        files = [report_dir(lake, rid) / f"{name}.parquet" for rid in report_ids]
        files = [f for f in files if f.exists()]
        out[name] = pl.read_parquet(files) if files else pl.DataFrame(schema=schema)
    return out
