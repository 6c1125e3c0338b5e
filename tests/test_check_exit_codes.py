"""`ogi check` as a publication gate: exit 0 when every error-severity rule passes, 1 when one fails
(warnings too with --strict), 2 when a file could not be read; its columns line up with Chinese labels."""

from __future__ import annotations

import re

from orchestration.cli import main
from orchestration.review.check import format_tables
from orchestration.review.textwidth import display_width
from tests.conftest import SAMPLES

# seed 000 with its prose saying 5 requests where table 三 says 3: only R8 (a warning) fails
PROSE_DISAGREES = (SAMPLES / "000_ebdc43335ec79637.txt").read_text(encoding="utf-8").replace(
    "共收到依申请公开事项3件", "共收到依申请公开事项5件"
)


def test_a_failed_warning_rule_exits_0_and_fails_only_with_strict(tmp_path, capsys, warehouse_env):
    report = tmp_path / "prose.txt"
    report.write_text(PROSE_DISAGREES, encoding="utf-8")
    assert main(["check", str(report)]) == 0
    out = capsys.readouterr().out
    assert "FAILED (warning) R8" in out
    assert "1 rule result(s) failed (0 error, 1 warning)" in out
    assert main(["check", "--strict", str(report)]) == 1


def test_a_file_that_cannot_be_read_exits_2(tmp_path, capsys, warehouse_env):
    picture = tmp_path / "scan.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert main(["check", str(tmp_path / "missing.pdf")]) == 2
    assert "could not be read" in capsys.readouterr().out
    # unreadable beats failed: a good report beside an unsupported file still exits 2
    assert main(["check", str(SAMPLES / "000_ebdc43335ec79637.txt"), str(picture)]) == 2


def _right_edges(line: str) -> list[int]:
    """Display column where each space-separated token ends."""
    edges = []
    for match in re.finditer(r"\S+", line):
        edges.append(display_width(line[: match.end()]))
    return edges


def test_table_columns_line_up_under_chinese_headers():
    from ingestion.parse import parse_file

    lines = format_tables(parse_file(SAMPLES / "002_a6b295982b957889.txt"))
    for title, count in (("表三", 7), ("表四", 5)):
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(title))
        header, first_row = lines[at], lines[at + 1]
        assert _right_edges(header)[-count:] == _right_edges(first_row)[-count:], (header, first_row)
        assert display_width(header) == display_width(first_row)


def test_a_file_over_the_size_cap_is_not_read_and_exits_2(tmp_path, capsys, monkeypatch, warehouse_env):
    monkeypatch.setenv("OGI_FILE_MAX_MB", "1")
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(4 * 2**30)  # sparse: reading it would take 4 GiB
    assert main(["check", str(big)]) == 2
    assert "over the 1 MB limit (OGI_FILE_MAX_MB); not read" in capsys.readouterr().out
