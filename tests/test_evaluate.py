"""`ogi evaluate` tells cells read wrong (something other than what was printed) from cells missing."""

from __future__ import annotations

import json
import shutil

from orchestration.cli import main
from tests.conftest import FIXTURES

HANDMADE = FIXTURES / "handmade"


def test_evaluate_counts_wrong_and_missing_apart(tmp_path, capsys):
    golden = json.loads((HANDMADE / "table3_blank_totals.json").read_text(encoding="utf-8"))
    golden["requests"]["granted"]["natural_person"] = 259  # the file prints 258: read "wrong" against this golden
    golden["requests"]["carried_over"]["total"] = 3  # the file prints a blank: "missing" against this golden
    (tmp_path / "table3_blank_totals.json").write_text(json.dumps(golden, ensure_ascii=False), encoding="utf-8")
    report = shutil.copy(HANDMADE / "table3_blank_totals.html", tmp_path)

    assert main(["evaluate", str(tmp_path), str(report)]) == 1
    out = capsys.readouterr().out
    assert "table3_blank_totals.html: 191/193 cells equal (99.0%), 1 wrong, 1 missing" in out
    assert "WRONG   三 granted / natural_person: expected 259, got 258" in out
    assert "MISSING 三 carried_over / total: expected 3, got None" in out
    assert out.strip().endswith("TOTAL: 191/193 cells equal (99.0%), 1 wrong, 1 missing")


def test_evaluate_handmade_fixtures_all_equal(capsys):
    files = [str(p) for p in sorted(HANDMADE.glob("*.html"))]
    assert main(["evaluate", str(HANDMADE), *files]) == 0
    assert "0 wrong, 0 missing" in capsys.readouterr().out.splitlines()[-1]
