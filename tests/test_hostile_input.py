"""Bad input gets a clear answer: every file ends with a status and a reason, the run goes on, nothing
already loaded is lost, and two runs over the same inputs give identical marts."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.defs.pipeline import run_pipeline
from tests.conftest import SAMPLES, point_at, private_warehouse
from tests.hostile_corpus import build_corpus


@pytest.fixture(scope="module")
def hostile_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    expected = build_corpus(corpus)
    # same-report-a is seed 000's content, loaded by the first run: unchanged content is not parsed again
    expected["same-report-a.txt"] = "skipped"
    with private_warehouse(tmp) as mp:
        mp.setenv("OGI_FILE_TIMEOUT", "60")
        seeds = run_pipeline([str(SAMPLES)])
        hostile = run_pipeline([str(corpus)])
        yield expected, seeds, hostile, tmp


def test_every_bad_file_ends_with_its_status_and_a_reason(hostile_runs):
    expected, _, hostile, _ = hostile_runs
    assert hostile.success
    got = {o.source_path.rsplit("/", 1)[-1]: o for o in hostile.parse_outcomes}
    assert set(got) == set(expected)
    for name, status in expected.items():
        assert got[name].status == status, (name, got[name])
        if status not in ("parsed",):
            assert got[name].reason, name


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.pdf", "empty file"),
        ("truncated.pdf", "PDF"),
        ("encrypted.pdf", "encrypted"),
        ("scanned.pdf", "scanned PDF"),
        ("picture.png", "image file could not be decoded"),
        ("not-a-report.pdf", "no template table"),
        ("thousand-pages.pdf", "1000 pages"),
        ("no-tables.html", "no template table"),
        ("bomb.docx", "refusing"),
        ("legacy.doc", "unsupported"),
        ("same-report-b.txt", "same content as"),
    ],
)
def test_reasons_say_what_happened(hostile_runs, name, words):
    got = {o.source_path.rsplit("/", 1)[-1]: o for o in hostile_runs[2].parse_outcomes}
    assert words in (got[name].reason or ""), got[name]


def test_nothing_already_loaded_is_lost_and_bad_files_are_rows(hostile_runs):
    _, seeds, hostile, _ = hostile_runs
    con = duckdb.connect(str(hostile.warehouse), read_only=True)
    statuses = dict(con.execute("select status, count(*) from dim_reports group by status").fetchall())
    # the five seeds (000 again in the corpus is the same content: same report) + the corpus files
    assert statuses["parsed"] >= 5 + 3
    assert statuses["failed"] == 10 and statuses["unsupported"] == 1  # picture.png: an image read by OCR, corrupt
    seed_sources = {r[0] for r in con.execute("select source_file from dim_reports where status = 'parsed'").fetchall()}
    assert {"001_a9a3d7926273398a.txt", "004_a74a5277592e0a31.txt"} <= seed_sources
    files = dict(con.execute("select split_part(source_path, '/', -1), outcome from raw.files").fetchall())
    assert files["same-report-b.txt"] == "duplicate" and files["thousand-pages.pdf"] == "failed"


def test_two_runs_over_the_same_inputs_give_identical_marts(tmp_path, monkeypatch):
    dumps = []
    for i in range(2):
        point_at(monkeypatch, tmp_path / f"run{i}")
        result = run_pipeline([str(SAMPLES)])
        con = duckdb.connect(str(result.warehouse), read_only=True)
        dump = {}
        for mart in ("fct_disclosure_requests", "fct_administrative_actions", "fct_appeals", "fct_rule_results"):
            dump[mart] = con.execute(f"select * from {mart} order by all").fetchall()
        dump["dim_reports"] = con.execute(
            "select * exclude (parsed_at, source_path) from dim_reports order by report_id"
        ).fetchall()
        con.close()
        dumps.append(dump)
    assert dumps[0] == dumps[1]
