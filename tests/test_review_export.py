"""`ogi check` (rules through the real dbt models, no warehouse), `ogi export` and the docs site."""

from __future__ import annotations

import re

import duckdb
import openpyxl
import polars as pl
import pytest

from orchestration.cli import main
from orchestration.settings import load_settings
from tests.conftest import SAMPLES

BROKEN = (SAMPLES / "002_a6b295982b957889.txt").read_text(encoding="utf-8").replace(
    "3\t0\t3\t0\t6\t0\t0\t0\t0\t0\t2\t0\t0\t1\t3", "3\t0\t3\t0\t7\t0\t0\t0\t0\t0\t2\t0\t0\t1\t3"
)


def test_check_prints_the_failed_rule_and_exits_1(tmp_path, capsys, warehouse_env):
    broken = tmp_path / "broken.txt"
    broken.write_text(BROKEN, encoding="utf-8")
    code = main(["check", str(broken)])
    out = capsys.readouterr().out
    assert code == 1
    # which side is which, with the terms as printed
    assert "FAILED R4 appeals [reconsideration]: upheld + corrected + other + pending = 3 + 0 + 3 + 0 = 6; total = 7 (delta +1)" in out
    assert "where: 表四 line 68: reconsideration.upheld col 1;" in out and "reconsideration.total col 5" in out
    assert not load_settings().published_path.exists()  # the warehouse is not touched


def test_check_passes_on_a_report_that_adds_up(capsys, warehouse_env):
    assert main(["check", str(SAMPLES / "000_ebdc43335ec79637.txt")]) == 0
    assert "0 rule result(s) failed" in capsys.readouterr().out


@pytest.fixture(scope="module")
def built(seed_warehouse):
    """The seed warehouse, with OGI_WAREHOUSE pointing at it for the CLI."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OGI_WAREHOUSE", str(seed_warehouse.warehouse))
        yield seed_warehouse.warehouse.parent


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_writes_every_mart(built, fmt):
    out = built / fmt
    assert main(["export", "--format", fmt, "--out", str(out)]) == 0
    reader = pl.read_csv if fmt == "csv" else pl.read_parquet
    requests = reader(out / f"fct_disclosure_requests.{fmt}")
    con = duckdb.connect(str(load_settings().published_path), read_only=True)
    assert requests.height == con.execute("select count(*) from fct_disclosure_requests").fetchone()[0]
    assert (out / f"fct_rule_results.{fmt}").exists() and (out / f"dim_reports.{fmt}").exists()


def test_export_xlsx_has_one_sheet_per_mart(built):
    out = built / "xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out / "ogi_marts.xlsx", read_only=True)
    assert {"dim_reports", "fct_disclosure_requests", "fct_rule_results"} <= set(book.sheetnames)
    assert book["dim_reports"].max_row == 6  # header + five reports


def test_check_on_a_pdf_with_a_broken_table_4_names_the_page(tmp_path, capsys, warehouse_env):
    import copy
    import json

    from tests.conftest import FIXTURES
    from tests.fixture_render import render

    golden = copy.deepcopy(json.loads((FIXTURES / "002_a6b295982b957889.json").read_text(encoding="utf-8")))
    golden["appeals"]["litigation_after_reconsideration"]["total"] = 4  # 2 + 0 + 0 + 1 printed as 4
    data, name = render(golden, "pdf", "ruled")
    pdf = tmp_path / name
    pdf.write_bytes(data)
    code = main(["check", str(pdf)])
    out = capsys.readouterr().out
    assert code == 1
    line = next(x for x in out.splitlines() if "FAILED R4" in x)
    assert "[litigation_after_reconsideration]: upheld + corrected + other + pending = 2 + 0 + 0 + 1 = 3; total = 4 (delta +1)" in line
    # the template table (not the file's n-th grid), the page, and what the box's numbers are
    where = next(x for x in out.splitlines() if "where:" in x)
    assert "where: 表四 p.2, boxes x0,top,x1,bottom in points from the page's top-left: " in where, where
    assert "table " not in where
    assert re.search(r"litigation_after_reconsideration\.total \(\d+,\d+,\d+,\d+\)", where), where
