"""Evidence of failed and not-assessable rules, made by the real pipeline (rule_evidence asset) and by
`ogi check --evidence`: a PNG crop of a PDF page (pypdfium2 + Pillow) with the total outlined in red and
its parts in blue, and an HTML fragment of the table for a text report, each named by
fct_rule_results.evidence_path (relative to the lake)."""

from __future__ import annotations

import duckdb
from PIL import Image

from orchestration.cli import main
from orchestration.review.evidence.page_crop import PARTS, TOTAL
from tests.review_fixtures import broken_pdf


def _evidence_rows(settings) -> list[tuple]:
    con = duckdb.connect(str(settings.published_path), read_only=True)
    try:
        return con.execute(
            "select d.source_file, r.rule_id, r.subject, r.outcome, r.evidence_path from fct_rule_results r "
            "join dim_reports d using (report_id) where r.outcome <> 'passed' order by all").fetchall()
    finally:
        con.close()


def _colour_pixels(image: Image.Image, colour: tuple[int, int, int]) -> int:
    return sum(1 for px in image.convert("RGB").get_flattened_data() if px == colour)


def test_every_failed_or_not_assessable_result_has_its_evidence_in_the_lake(review_warehouse):
    settings = review_warehouse["settings"]
    rows = _evidence_rows(settings)
    assert rows and all(path for *_, path in rows)
    for source_file, _, _, _, path in rows:
        assert (settings.lake_dir / path).is_file(), path
        assert path.endswith(".png" if source_file.endswith(".pdf") else ".html"), (source_file, path)
    # passed results have none
    con = duckdb.connect(str(settings.published_path), read_only=True)
    try:
        assert con.execute("select count(*) from fct_rule_results where outcome = 'passed' "
                           "and evidence_path is not null").fetchall() == [(0,)]
    finally:
        con.close()


def test_the_pdf_picture_outlines_the_total_in_red_and_its_parts_in_blue(review_warehouse):
    settings = review_warehouse["settings"]
    [path] = [p for f, rule, subject, outcome, p in _evidence_rows(settings)
              if f.endswith(".pdf") and rule == "R4" and subject == "litigation_after_reconsideration"]
    image = Image.open(settings.lake_dir / path)
    assert image.format == "PNG" and image.width >= 800 and 200 <= image.height <= 2000  # a crop, not the page
    red, blue = _colour_pixels(image, TOTAL), _colour_pixels(image, PARTS)
    # one red box (the total) and four blue ones (upheld, corrected, other, pending), 4 px wide outlines
    assert red > 200 and blue > 4 * 200 and blue > 2 * red, (red, blue)


def test_a_text_report_gets_the_table_as_html_with_its_cells_marked(review_warehouse):
    settings = review_warehouse["settings"]
    [path] = [p for f, rule, subject, _, p in _evidence_rows(settings)
              if f == "002_broken_table4.txt" and rule == "R4"]
    html = (settings.lake_dir / path).read_text(encoding="utf-8")
    assert "表四" in html and 'class="ogi-total"' in html and html.count('class="ogi-part"') >= 4
    assert 'data-cell="reconsideration.total">7<' in html  # the number as printed, in its template cell


def test_a_second_run_keeps_the_evidence_already_drawn(review_warehouse):
    from orchestration.defs.pipeline import run_pipeline

    settings = review_warehouse["settings"]
    before = {p: (settings.lake_dir / p).stat().st_mtime_ns for *_, p in _evidence_rows(settings)}
    result = run_pipeline([], settings=settings)
    assert result.success
    assert {p: (settings.lake_dir / p).stat().st_mtime_ns for p in before} == before


def test_check_writes_the_evidence_of_a_file_outside_the_warehouse(tmp_path, capsys, warehouse_env):
    data, name = broken_pdf()
    pdf = tmp_path / name
    pdf.write_bytes(data)
    code = main(["check", str(pdf), "--evidence", str(tmp_path / "evidence")])
    out = capsys.readouterr().out
    assert code == 1
    [line] = [x for x in out.splitlines() if x.startswith("evidence: ")]
    picture = Image.open(line.removeprefix("evidence: "))
    assert picture.format == "PNG" and _colour_pixels(picture, TOTAL) > 200
