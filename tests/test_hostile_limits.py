"""Limits before reading: oversize and sparse files, XML entities, deep nesting, huge spans, PDFs whose
objects refer to themselves, links out of the folder, hostile names. Each file ends with a status row and
a reason, the run goes on, nothing outside the input folder reaches the warehouse, and the exports of
hostile titles hold text, not formulas."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.cli import main
from orchestration.defs.pipeline import run_pipeline
from tests.conftest import private_warehouse
from tests.hostile_corpus import HOSTILE_TITLES, SECRET_MARKER, build_limits_corpus

REASONS = {
    "oversize.txt": "over the 3 MB limit (OGI_FILE_MAX_MB); not read",
    "sparse-huge.pdf": "file is 8,192 MB, over the 3 MB limit",
    "link-to-secret.txt": "symbolic link leading outside the input folder",
    "notes-link.md": "symbolic link leading outside the input folder",
    ".hidden-report.txt": "hidden file or folder",
    "pipe.txt": "not a regular file",
    "entity-expansion.docx": "corrupt DOCX",
}


@pytest.fixture(scope="module")
def limits_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("limits")
    corpus = tmp / "reports"
    expected = build_limits_corpus(corpus, tmp / "outside")
    with private_warehouse(tmp / "wh") as mp:
        mp.setenv("OGI_FILE_TIMEOUT", "10")
        mp.setenv("OGI_FILE_MAX_MB", "3")
        start = time.monotonic()
        result = run_pipeline([str(corpus)], workers=2)
        yield expected, result, tmp, time.monotonic() - start


def _by_name(result) -> dict[str, dict]:
    return {Path(o.source_path).name: o for o in result.parse_outcomes}


def test_every_hostile_file_ends_with_its_status_and_a_reason(limits_run):
    expected, result, _, seconds = limits_run
    assert result.success
    got = _by_name(result)
    assert set(got) == set(expected)
    for name, status in expected.items():
        assert got[name].status == status, (name, got[name])
        if status != "parsed":
            assert got[name].reason, name
    for name, words in REASONS.items():
        assert words in got[name].reason, got[name]
    assert "OGI_FILE_MAX_MB" not in got["deep-nesting.html"].reason  # 2.2 MB: read, and the reader copes
    # a loop in a PDF costs at most the time limit, never the run; a file killed at it says how long it ran
    assert seconds < 300
    killed = [o for o in result.parse_outcomes if "time limit" in (o.reason or "")]
    assert all(o.seconds >= 10 for o in killed), killed


def test_each_read_file_has_a_report_row_and_each_skip_a_files_row(limits_run):
    expected, result, _, _ = limits_run
    con = duckdb.connect(str(result.warehouse), read_only=True)
    reports = dict(con.execute("select source_file, status from dim_reports").fetchall())
    files = dict(con.execute("select source_path, outcome from raw.files").fetchall())
    for name, status in expected.items():
        if status == "excluded":
            assert name not in reports
            assert [o for p, o in files.items() if Path(p).name == name] == ["excluded"], name
        else:
            assert reports[name] == status, name
    assert result.summary["reports"] == sum(1 for s in expected.values() if s != "excluded")


def test_no_content_from_outside_the_folder_reaches_the_warehouse(limits_run):
    _, result, tmp, _ = limits_run
    con = duckdb.connect(str(result.warehouse), read_only=True)
    columns = con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type like 'VARCHAR%' or data_type like '%[]'"
    ).fetchall()
    assert len(columns) > 50
    for schema, table, column in columns:
        hits = con.execute(
            f'select count(*) from "{schema}"."{table}" where cast("{column}" as varchar) like ?', [f"%{SECRET_MARKER}%"]
        ).fetchone()[0]
        assert hits == 0, (schema, table, column)
    # nothing in a file name was run by a shell
    assert not (tmp / "reports" / "PWNED").exists() and not Path("PWNED").exists()


def _export(result, tmp: Path, fmt: str) -> Path:
    out = tmp / f"export-{fmt}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OGI_WAREHOUSE", str(result.warehouse))
        assert main(["export", "--format", fmt, "--out", str(out)]) == 0
    return out


def test_csv_export_neutralises_hostile_titles_and_keeps_numbers(limits_run):
    _, result, tmp, _ = limits_run
    out = _export(result, tmp, "csv")
    with open(out / "dim_reports.csv", newline="", encoding="utf-8") as f:
        rows = {r["source_file"].lstrip("'"): r for r in csv.DictReader(f)}
    for name, title in HOSTILE_TITLES.items():
        assert rows[name]["agency_name"] == "'" + title, rows[name]
    assert rows["'=1+1.txt".lstrip("'")]["source_file"] == "'=1+1.txt"
    assert rows["line\nbreak.txt"]["source_file"] == "line\nbreak.txt"  # a newline in a name survives quoting
    with open(out / "fct_disclosure_requests.csv", newline="", encoding="utf-8") as f:
        values = [r["value"] for r in csv.DictReader(f) if r["value"]]
    assert values and all(v.lstrip("-").replace(".", "", 1).isdigit() for v in values)


def test_xlsx_export_holds_strings_not_formulas_and_numbers_as_numbers(limits_run):
    _, result, tmp, _ = limits_run
    book = openpyxl.load_workbook(_export(result, tmp, "xlsx") / "ogi_marts.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert cell.hyperlink is None, (sheet.title, cell.coordinate)
    sheet = book["dim_reports"]
    header = [c.value for c in sheet[1]]
    agency, source = header.index("agency_name"), header.index("source_file")
    agencies = {row[source].value: row[agency].value for row in sheet.iter_rows(min_row=2)}
    for name, title in HOSTILE_TITLES.items():
        shown = "'" + name if name.startswith(("=", "+", "-", "@")) else name
        assert agencies[shown] == "'" + title
    requests = book["fct_disclosure_requests"]
    column = [c.value for c in requests[1]].index("value")
    numbers = [row[column] for row in requests.iter_rows(min_row=2) if row[column].value is not None]
    assert numbers and all(c.data_type == "n" and isinstance(c.value, int | float) for c in numbers)


def _marts(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        dump = {m: con.execute(f"select * from {m} order by all").fetchall()
                for m in ("fct_disclosure_requests", "fct_administrative_actions", "fct_appeals", "fct_rule_results")}
        dump["dim_reports"] = con.execute("select * exclude (parsed_at) from dim_reports order by report_id").fetchall()
        return dump
    finally:
        con.close()


def test_a_warehouse_inside_the_ingested_folder_does_not_ingest_itself(tmp_path, monkeypatch, capsys):
    from tests.conftest import SAMPLES

    reports = tmp_path / "reports"
    reports.mkdir()
    for seed in SAMPLES.glob("*.txt"):
        (reports / seed.name).write_bytes(seed.read_bytes())
    # the natural first try: OGI_WAREHOUSE=reports/w.duckdb ogi run reports/ (lake and logs land inside too)
    monkeypatch.setenv("OGI_WAREHOUSE", str(reports / "w.duckdb"))
    monkeypatch.delenv("OGI_LAKE", raising=False)
    monkeypatch.delenv("OGI_WAREHOUSE_BUILD", raising=False)
    assert main(["run", str(reports)]) == 0
    first = _marts(reports / "w.duckdb")
    capsys.readouterr()
    assert main(["run", str(reports)]) == 0
    out = capsys.readouterr().out
    assert _marts(reports / "w.duckdb") == first
    # w.duckdb (a link), its two publish slots, its run lock, w.build.duckdb, lake/, logs/
    assert "excluded: 7" in out
    for shown in ("w.duckdb: the warehouse file", ".w.duckdb.a: the warehouse file", ".w.duckdb.b: the warehouse file",
                  "w.duckdb.lock: the warehouse file", "w.build.duckdb: the warehouse file", "lake: the Parquet lake",
                  "logs: the run log"):
        assert shown in out, out
