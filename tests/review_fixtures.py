"""A small warehouse for the reviewer's workbench tests (evidence, regions and peers, the review site), built
once per session by the real pipeline: four seeds, seed 002 with table 四 broken (text: an HTML
fragment as evidence) and a generated ruled PDF with table 四 broken (a PNG crop of its page).

Import the fixture into a test module with ``from tests.review_fixtures import review_warehouse``.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"  # as tests/conftest.py (which imports this module: no import back)
FIXTURES = ROOT / "tests" / "fixtures"

BROKEN_TEXT = (SAMPLES / "002_a6b295982b957889.txt").read_text(encoding="utf-8").replace(
    "3\t0\t3\t0\t6\t0\t0\t0\t0\t0\t2\t0\t0\t1\t3", "3\t0\t3\t0\t7\t0\t0\t0\t0\t0\t2\t0\t0\t1\t3"
)


PDF_AGENCY = "漳州市卫生健康委员会"


def broken_pdf() -> tuple[bytes, str]:
    """Seed 002 rendered as a ruled PDF, its table 四 litigation_after_reconsideration total printed 4 (parts 3)."""
    from tests.fixture_render import render

    golden = copy.deepcopy(json.loads((FIXTURES / "002_a6b295982b957889.json").read_text(encoding="utf-8")))
    golden["appeals"]["litigation_after_reconsideration"]["total"] = 4
    golden["agency_name"] = PDF_AGENCY  # another agency: not a second copy of seed 002's report
    return render(golden, "pdf", "ruled")


@pytest.fixture(scope="session")
def review_warehouse(tmp_path_factory):
    """{'settings', 'result', 'inputs', 'pdf'} of a warehouse built from the seeds and two broken reports."""
    from orchestration.defs.pipeline import run_pipeline
    from tests.conftest import settings_in

    folder = tmp_path_factory.mktemp("review")
    inputs = folder / "in"
    shutil.copytree(SAMPLES, inputs)
    (inputs / "002_a6b295982b957889.txt").unlink()  # replaced by its broken copy (one report per agency-year)
    (inputs / "002_broken_table4.txt").write_text(BROKEN_TEXT, encoding="utf-8")
    data, name = broken_pdf()
    (inputs / name).write_bytes(data)
    settings = settings_in(folder)
    result = run_pipeline([str(inputs)], settings=settings)
    assert result.success
    return {"settings": settings, "result": result, "inputs": inputs, "pdf": inputs / name}
