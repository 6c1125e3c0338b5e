"""`ogi check` a reviewer can read: folders taken as `ogi run` takes them, rule sides named, not-assessable
results one line per cause, locations by template table with the box's unit, one summary line per file."""

from __future__ import annotations

import copy
import json
import re
import shutil

from ingestion.model import TableAccounting
from ingestion.parse import parse_file
from orchestration.cli import main
from orchestration.review.check import LEGEND, check_reports, summary_for
from orchestration.runner.discovery import OwnFiles, discover_files
from orchestration.settings import load_settings
from tests.conftest import FIXTURES, SAMPLES

SEED_000 = SAMPLES / "000_ebdc43335ec79637.txt"
SEED_003 = SAMPLES / "003_c4ceb5e528716bb6.txt"
# seed 000 with 结转下年度 总计 printed 2 instead of 0: R1 (total column) and R3 (that row) fail
R1_BROKEN = SEED_000.read_text(encoding="utf-8").replace(
    "四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t2"
)
SUMMARY = re.compile(
    r"^  (\S+)\s+(\S+)  error rules failed (\d+), warnings failed (\d+), not assessable (\d+), numbers unplaced (\d+)$"
)


def _summaries(out: str) -> list[re.Match]:
    lines = out.splitlines()
    start = lines.index("summary:")
    return [m for line in lines[start + 1:] if (m := SUMMARY.match(line))]


def test_a_folder_is_checked_file_by_file_with_sides_causes_and_a_summary(tmp_path, capsys, warehouse_env):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "broken.txt").write_text(R1_BROKEN, encoding="utf-8")
    shutil.copy(SEED_003, folder / "sub" / "blank-table.txt")
    shutil.copy(SEED_003, folder / "sub" / "same-content.txt")  # one report: checked once
    shutil.copy(SEED_000, folder / ".hidden.txt")  # skipped, as `ogi run` skips it
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out

    # R1 says which side is which, with the printed terms
    assert ("FAILED R1 balance [total]: new + carried over = 3 + 0 = 3; "
            "processed + carried forward = 3 + 2 = 5 (delta +2)") in out
    assert "FAILED R3 applicants [carried_forward]: the six applicant columns = 0 + 0 + 0 + 0 + 0 + 0 = 0; 总计 = 2 (delta +2)" in out
    assert "where: 表三 line 81: carried_forward.total col 10" in out

    # not-assessable results with one cause are one line, never one line per row
    grouped = [line for line in out.splitlines() if line.startswith("   NOT ASSESSABLE")]
    assert any(re.fullmatch(r"   NOT ASSESSABLE R3 applicants: \d+ rows — the six applicant columns are blank", line)
               for line in grouped), grouped
    assert not any("missing" in line and "(blank)," in line for line in grouped)
    counted = sum(int(re.search(r": (\d+) ", line).group(1)) for line in grouped)

    # the legend once; one summary line per file, in the words of the issue
    assert out.count(LEGEND) == 1
    rows = {m.group(2): m for m in _summaries(out)}
    assert set(rows) == {f"{folder}/broken.txt", f"{folder}/sub/blank-table.txt"}, out
    broken, blank = rows[f"{folder}/broken.txt"], rows[f"{folder}/sub/blank-table.txt"]
    assert (broken.group(1), broken.group(3), broken.group(4), broken.group(6)) == ("parsed", "2", "0", "0")
    assert int(blank.group(5)) == counted > 0
    assert f"  duplicate   {folder}/sub/same-content.txt: same content as {folder}/sub/blank-table.txt" in out
    assert f"skipped {folder}/.hidden.txt: hidden file or folder" in out

    # the same files as `ogi run` takes: discovery's, in order
    settings = load_settings()
    own = OwnFiles(settings.published_path, settings.build_path, settings.lake_dir, settings.logs_dir)
    assert [str(p) for p in discover_files([folder], own).files] == [
        f"{folder}/broken.txt", f"{folder}/sub/blank-table.txt", f"{folder}/sub/same-content.txt"]


def test_numbers_unplaced_come_from_the_reports_accounting(tmp_path, warehouse_env):
    settings = load_settings()
    counted = parse_file(SEED_000, settings.parse_limits)
    counted.accounting = {
        "三": TableAccounting(printed=168, placed=166, unplaced=2),
        "四": TableAccounting(printed=15, placed=14, unplaced=1),
    }
    read = parse_file(SAMPLES / "002_a6b295982b957889.txt", settings.parse_limits)
    assert read.accounting and all(a.unplaced == 0 for a in read.accounting.values())  # the parser's own count
    reports = [(counted, str(SEED_000), summary_for(counted, "counted.txt")),
               (read, "002.txt", summary_for(read, "empty.txt"))]
    result = check_reports(reports, settings)
    lines = result.summary_lines()
    assert lines[0] == "summary:"
    assert lines[1].endswith("not assessable 0, numbers unplaced 3") and "counted.txt" in lines[1]
    assert lines[2].endswith("numbers unplaced 0") and "empty.txt" in lines[2]


def test_html_cells_name_the_template_table_and_the_files_grid(tmp_path, capsys, warehouse_env):
    from tests.fixture_render import render

    golden = copy.deepcopy(json.loads((FIXTURES / "002_a6b295982b957889.json").read_text(encoding="utf-8")))
    golden["appeals"]["reconsideration"]["total"] = 7  # 3 + 0 + 3 + 0 printed as 7
    data, name = render(golden, "html", "merged")
    page = tmp_path / name
    page.write_bytes(data)
    assert main(["check", str(page)]) == 1
    out = capsys.readouterr().out
    where = next(x for x in out.splitlines() if "where: 表四" in x)
    assert re.match(r"\s+where: 表四 \(the file's table \d\)( line \d+)?: reconsideration\.upheld row \d+ col \d+;", where), where


def test_an_empty_folder_or_a_missing_path_is_not_a_pass(tmp_path, capsys, warehouse_env):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["check", str(empty)]) == 2
    out = capsys.readouterr().out
    assert f"{empty}: no report files in this folder" in out
    assert main(["check", str(SEED_000), str(tmp_path / "nope")]) == 2
    out = capsys.readouterr().out
    assert f"== {tmp_path / 'nope'}: could not be read: no such file or folder" in out
    assert re.search(r"^  unreadable  .*nope: no such file or folder$", out, re.M)
