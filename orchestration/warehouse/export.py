"""`ogi export`: the marts as CSV, Parquet or XLSX files for people who live in spreadsheets.

Report titles, agency names and file names come from thousands of outside websites: a text cell that
starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) would run when a spreadsheet
opens the export. Following OWASP's CSV-injection guidance, such text gets a leading ``'`` in CSV and
XLSX, and the workbook writes every string as a string (xlsxwriter ``strings_to_formulas`` and
``strings_to_urls`` off). Number columns stay numbers; a text cell holding just a signed number
(``-3`` as printed) or dashes alone (``-``) cannot execute and are left as printed. Parquet is typed data and is written as is.
"""

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


_FORMULA_START = "^[=+\\-@\t\r]"
# cannot execute, and are printed marks: a signed number, or dashes alone ("-" for not applicable)
_INERT = r"^([+-]?(\d+(\.\d*)?|\.\d+)|-+)$"


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix ``'`` to every text cell a spreadsheet would read as a formula; other columns untouched."""
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA_START) & ~pl.col(name).str.contains(_INERT))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.Utf8
    )


def _for_spreadsheets(frame: pl.DataFrame) -> pl.DataFrame:
    return neutralise_formulas(_flat(frame))


def export_marts(warehouse: Path, out_dir: Path, fmt: str) -> list[Path]:
    """Write every mart of the published warehouse to ``out_dir`` (one file per mart; one workbook for xlsx)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        existing = {r[0] for r in con.execute("select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
        marts = [m for m in (*MARTS, "dim_agencies", "fct_year_over_year", "fct_report_accounting", "fct_copy_disagreements") if m in existing]
        frames = {m: con.sql(f"select * from {m}").pl() for m in marts}
    finally:
        con.close()
    written: list[Path] = []
    if fmt == "xlsx":
        import xlsxwriter

        target = out_dir / "ogi_marts.xlsx"
        options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        with xlsxwriter.Workbook(str(target), options) as workbook:
            for name, frame in frames.items():
                # Excel caps a sheet at 1,048,576 rows; larger marts belong in CSV/Parquet
                _for_spreadsheets(frame).head(1_048_575).write_excel(workbook=workbook, worksheet=name[:31])
        return [target]
    for name, frame in frames.items():
        target = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            _for_spreadsheets(frame).write_csv(target)
        elif fmt == "parquet":
            frame.write_parquet(target)
        else:
            raise ValueError(f"unknown export format {fmt!r}")
        written.append(target)
    return written
