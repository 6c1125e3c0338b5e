"""`ogi export`: the marts as CSV, Parquet or XLSX files for people who live in spreadsheets."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

MARTS = ("dim_reports", "fct_disclosure_requests", "fct_administrative_actions", "fct_appeals", "fct_rule_results")


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV and spreadsheets hold no lists: join list columns (printed names, years) with '; '."""
    return frame.with_columns(
        pl.col(name).cast(pl.List(pl.Utf8)).list.join("; ")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )


def export_marts(warehouse: Path, out_dir: Path, fmt: str) -> list[Path]:
    """Write every mart of the published warehouse to ``out_dir`` (one file per mart; one workbook for xlsx)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        existing = {r[0] for r in con.execute("select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
        marts = [m for m in (*MARTS, "dim_agencies", "fct_year_over_year") if m in existing]
        frames = {m: con.sql(f"select * from {m}").pl() for m in marts}
    finally:
        con.close()
    written: list[Path] = []
    if fmt == "xlsx":
        import xlsxwriter

        target = out_dir / "ogi_marts.xlsx"
        with xlsxwriter.Workbook(str(target)) as workbook:
            for name, frame in frames.items():
                # Excel caps a sheet at 1,048,576 rows; larger marts belong in CSV/Parquet
                _flat(frame).head(1_048_575).write_excel(workbook=workbook, worksheet=name[:31])
        return [target]
    for name, frame in frames.items():
        target = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            _flat(frame).write_csv(target)
        elif fmt == "parquet":
            frame.write_parquet(target)
        else:
            raise ValueError(f"unknown export format {fmt!r}")
        written.append(target)
    return written
