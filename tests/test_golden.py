"""Every cell of every seed report equals its hand-checked golden file."""

from __future__ import annotations

import json

import pytest

from ingestion.golden import compare, to_golden
from ingestion.parse import parse_file
from tests.conftest import FIXTURES, SAMPLES, SEED_GOLDEN, extra_samples_dir


@pytest.mark.parametrize("golden_file", SEED_GOLDEN, ids=lambda p: p.stem)
def test_seed_equals_golden(golden_file):
    golden = json.loads(golden_file.read_text(encoding="utf-8"))
    report = parse_file(SAMPLES / golden["source_file"])
    compared, mismatches = compare(golden, to_golden(report))
    assert compared > 190
    assert mismatches == []
    assert report.status == "parsed"
    codes = {i.code for i in report.issues}
    assert set(golden.get("expected_issues", [])) <= codes


@pytest.mark.parametrize("golden_file", SEED_GOLDEN, ids=lambda p: p.stem)
def test_json_has_the_golden_keys(golden_file):
    golden = json.loads(golden_file.read_text(encoding="utf-8"))
    out = to_golden(parse_file(SAMPLES / golden["source_file"]))
    assert set(golden) - {"expected_issues"} == set(out)
    assert [(e["item"], e["category"], e["metric"]) for e in out["active_disclosure"]] == [
        (e["item"], e["category"], e["metric"]) for e in golden["active_disclosure"]
    ]
    assert list(out["requests"]) == list(golden["requests"])
    for entry, expected in zip(out["active_disclosure"], golden["active_disclosure"], strict=True):
        assert ("unit" in entry) == ("unit" in expected)


def test_extra_sample_pdf_equals_golden():
    folder = extra_samples_dir()
    pdf = folder / "huaian-hongze-2024.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} not present")
    golden = json.loads((FIXTURES / "huaian-hongze-2024.json").read_text(encoding="utf-8"))
    report = parse_file(pdf)
    compared, mismatches = compare(golden, to_golden(report))
    assert mismatches == [], mismatches
    assert compared == 190
