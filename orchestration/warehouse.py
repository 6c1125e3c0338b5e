"""The single writer: load Parquet into DuckDB schema ``raw``, and publish the built file atomically."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import polars as pl

from ingestion.frames import SCHEMAS


def _create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    for name, schema in SCHEMAS.items():
        empty = pl.DataFrame(schema=schema)  # noqa: F841 - read by DuckDB's replacement scan
        con.execute(f"create table if not exists raw.{name} as select * from empty where false")
        _add_new_columns(con, name, empty)
    # files gone from a watched folder: their reports stay, marked (a file coming back unmarks it)
    con.execute("create table if not exists raw.removed_files (source_path varchar primary key, removed_at timestamp)")
    # every input file and what it became (parsed, skipped as unchanged, duplicate of another file, failed...)
    con.execute(
        "create table if not exists raw.files (source_path varchar, report_id varchar, outcome varchar, "
        "reason varchar, seconds double, seen_at timestamp)"
    )


def _add_new_columns(con: duckdb.DuckDBPyConnection, name: str, empty: pl.DataFrame) -> None:
    """Columns added to a raw schema since the warehouse was made (e.g. ``ocr``, ``confidence``), added as null.

    Rows are inserted by name, so a column appended here at the end lines up with the frames.
    """
    have = {row[0] for row in con.execute(f"describe raw.{name}").fetchall()}
    for column, column_type, *_ in con.execute("describe select * from empty").fetchall():
        if column not in have:
            con.execute(f'alter table raw.{name} add column "{column}" {column_type}')


FILES_SCHEMA = {
    "source_path": pl.Utf8,
    "report_id": pl.Utf8,
    "outcome": pl.Utf8,
    "reason": pl.Utf8,
    "seconds": pl.Float64,
}


def load_raw(db_path: Path, tables: dict[str, pl.DataFrame], files: list[dict] | None = None) -> dict[str, int]:
    """Delete-then-insert every report in ``tables`` (re-runs are idempotent); returns rows per table.

    ``files`` (the parse outcomes) go to ``raw.files``: what each input file became, one row per path.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    try:
        _create_raw_tables(con)
        report_ids = tables["reports"]["report_id"].unique().to_list()
        ids = pl.DataFrame({"report_id": report_ids}, schema={"report_id": pl.Utf8})  # noqa: F841
        frame_reports = tables["reports"].select("source_path")  # noqa: F841
        con.execute("begin transaction")
        counts = {}
        for name in SCHEMAS:
            frame = tables[name].select(list(SCHEMAS[name]))  # noqa: F841
            con.execute(f"delete from raw.{name} where report_id in (select report_id from ids)")
            con.execute(f"insert into raw.{name} by name select * from frame")
            counts[name] = tables[name].height
        con.execute("delete from raw.removed_files where source_path in (select source_path from frame_reports)")
        if files:
            file_rows = pl.DataFrame(  # noqa: F841
                [{"source_path": f["source_path"], "report_id": f["report_id"], "outcome": f["status"],
                  "reason": f.get("reason"), "seconds": f.get("seconds")} for f in files],
                schema=FILES_SCHEMA, orient="row",
            )
            con.execute("delete from raw.files where source_path in (select source_path from file_rows)")
            # a file back in a watched folder (even unchanged, so not reloaded) is no longer removed
            con.execute("delete from raw.removed_files where source_path in (select source_path from file_rows)")
            con.execute("insert into raw.files select *, now() from file_rows")
        con.execute("commit")
        return counts
    finally:
        con.close()


def loaded_report_ids(db_path: Path) -> set[str]:
    """Report ids already in ``raw.reports`` (empty when the warehouse does not exist yet)."""
    if not db_path.exists():
        return set()
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        exists = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'reports'"
        ).fetchone()[0]
        return {r[0] for r in con.execute("select report_id from raw.reports").fetchall()} if exists else set()
    finally:
        con.close()


def mark_removed(db_path: Path, removed_paths: list[str]) -> int:
    """Record files that disappeared from a watched folder; their reports are kept, never deleted."""
    con = duckdb.connect(str(db_path))
    try:
        _create_raw_tables(con)
        removed = pl.DataFrame({"source_path": removed_paths}, schema={"source_path": pl.Utf8})  # noqa: F841
        before = con.execute("select count(*) from raw.removed_files").fetchone()[0]
        con.execute("insert or ignore into raw.removed_files select source_path, now() from removed")
        return con.execute("select count(*) from raw.removed_files").fetchone()[0] - before
    finally:
        con.close()


def publish(build: Path, published: Path) -> Path:
    """Copy the built warehouse next to its destination, then rename over it: readers see old or new, never half."""
    published.parent.mkdir(parents=True, exist_ok=True)
    tmp = published.with_name(published.name + f".tmp{os.getpid()}")
    shutil.copyfile(build, tmp)
    os.replace(tmp, published)
    return published
