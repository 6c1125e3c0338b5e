"""Figures stated in prose, for R8."""

from __future__ import annotations

from ingestion.prose_figures import extract_prose_figures
from ingestion.readers.text import rows_from_text


def test_requests_reconsideration_and_litigation_figures():
    rows = rows_from_text("（三）2022年度市卫生健康委共收到政府信息公开申请3件，均已处理。\n\n2022年收到行政复议6件、行政诉讼 3 件。\n")
    figures = [(f.figure, f.value, f.prov.line) for f in extract_prose_figures(rows)]
    assert figures == [("requests_received", 3, 1), ("reconsideration_total", 6, 3), ("litigation_total", 3, 3)]


def test_tables_are_not_prose():
    rows = rows_from_text("行政复议\t6\t件\n")
    assert extract_prose_figures(rows) == []
