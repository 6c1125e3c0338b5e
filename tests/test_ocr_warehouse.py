"""A scanned report through the pipeline (Dagster, parse workers, dbt) and through `ogi check`."""

from __future__ import annotations

import copy
import re

import duckdb

from ingestion.limits import ParseLimits
from ingestion.parse import parse_file
from orchestration.defs.pipeline import run_pipeline
from orchestration.review.check import check_files
from orchestration.settings import load_settings
from orchestration.warehouse.scratch import build_scratch_warehouse
from tests.conftest import load_golden
from tests.fixture_render.scan import render_scanned_pdf

NAME = "huaian-hongze-2024"


def test_scanned_report_through_the_pipeline_carries_ocr_and_confidence(warehouse_env):
    inbox = warehouse_env / "inbox"
    inbox.mkdir()
    (inbox / "hongze-scan.pdf").write_bytes(render_scanned_pdf(load_golden(NAME), 300))
    result = run_pipeline([str(inbox)])  # Dagster in-process; OCR runs in the parse worker processes
    assert result.success
    con = duckdb.connect(str(result.warehouse), read_only=True)
    try:
        [(ocr, status)] = con.execute("select ocr, status from dim_reports").fetchall()
        assert ocr is True and status == "parsed"
        [(cells, with_confidence, in_pixels)] = con.execute(
            "select count(*), count(confidence), bool_and(x1 > 595) filter (where source_col = 9) "
            "from fct_disclosure_requests"
        ).fetchall()
        assert cells == with_confidence and in_pixels  # the total column lies beyond an A4 page's 595 points
    finally:
        con.close()


def test_uncertain_cells_are_accepted_by_the_marts_and_shown_in_rule_results(tmp_path):
    pdf = tmp_path / "hongze-scan.pdf"
    pdf.write_bytes(render_scanned_pdf(load_golden(NAME), 300))
    report = parse_file(pdf, ParseLimits(ocr_min_confidence=0.99))  # strict: some cells of this scan fall below it
    db = build_scratch_warehouse([(report, str(pdf))], tmp_path)  # accepted_values (severity error) must pass
    con = duckdb.connect(str(db), read_only=True)
    try:
        [(ocr, n_uncertain)] = con.execute("select ocr, n_uncertain_cells from dim_reports").fetchall()
        assert ocr is True and n_uncertain > 0
        [(uncertain_ok,)] = con.execute(
            "select bool_and(value is null and confidence < 0.99 and raw_value is not null) "
            "from fct_disclosure_requests where value_kind = 'uncertain'"
        ).fetchall()
        assert uncertain_ok
        shown = con.execute(
            "select count(*) from fct_rule_results where outcome = 'not_assessable' and missing_cells like '%uncertain: OCR read%'"
        ).fetchall()
        assert shown[0][0] > 0  # a rule needing an uncertain cell says so
    finally:
        con.close()


def test_ogi_check_names_low_confidence_cells_when_a_scanned_report_does_not_add_up(tmp_path):
    golden = copy.deepcopy(load_golden(NAME))
    golden["requests"]["new_received"]["natural_person"] += 1  # printed 96: the row no longer adds up to 95
    pdf = tmp_path / "hongze-broken-scan.pdf"
    pdf.write_bytes(render_scanned_pdf(golden, 300))
    # every OCR cell short of certain is a suspect
    result = check_files([str(pdf)], load_settings(ocr_review_confidence=0.9999, warehouse=tmp_path / "w.duckdb"))
    lines = result.lines
    text = "\n".join(lines)
    assert result.failed_errors > 0 and result.exit_code() == 1
    assert "FAILED R3 applicants [new_received]" in text, text
    assert "LIKELY CAUSE:" in text
    named = [ln for ln in lines if "at confidence" in ln]
    assert named and all(ln.strip().startswith("三 ") for ln in named)  # R1-R3: cells of table 三
    # page and pixel box of each named cell, with the box's unit and origin
    assert all(re.search(r"at 表三 p\.[12], boxes x0,top,x1,bottom in pixels of the page image at 300 dpi, "
                         r"from its top-left \(\d+,\d+,\d+,\d+\)$", ln) for ln in named), named
    where = [ln for ln in lines if "where: 表三" in ln]
    assert where and all("pixels of the page image at 300 dpi" in ln for ln in where), where
