"""Mistakes do not look like success: a missing path exits 2 before anything is touched, a missing file is
one line, a closed pipe is silent, and a failed run still says what it parsed (and keeps it)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from orchestration.cli import EXIT_CLOSED_PIPE, main
from tests.conftest import ROOT, SAMPLES, private_warehouse

OGI = str(Path(sys.executable).with_name("ogi"))
SEED = SAMPLES / "000_ebdc43335ec79637.txt"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ogi_run_on_a_missing_path_exits_2_before_touching_the_warehouse(seed_warehouse, capsys):
    published = seed_warehouse.warehouse
    folder = published.parent
    before = (_digest(published), sorted(p.name for p in folder.iterdir()))
    with private_warehouse(folder):
        assert main(["run", "/nope_folder"]) == 2
        assert main(["run", str(SEED), "/nope_folder"]) == 2  # one missing path is enough
    out, err = capsys.readouterr()
    assert out == ""  # no summary of the old warehouse, which would look like this run's
    assert "ogi run: no such file or folder: /nope_folder" in err
    assert "nothing was read and the warehouse is untouched" in err
    # nothing written: no log, no lock, no build, not a byte of the published warehouse
    assert (_digest(published), sorted(p.name for p in folder.iterdir())) == before


def _ogi(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([OGI, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, **kwargs)


def test_ogi_parse_on_a_missing_file_or_a_folder_is_one_line_and_exit_2(tmp_path):
    for target, why in ((tmp_path / "missing.pdf", "no such file"), (SAMPLES, "is a folder, not a report file")):
        done = _ogi("parse", str(target))
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.splitlines() == [f"ogi parse: {target}: {why}"], done.stderr
    done = _ogi("evaluate", str(tmp_path / "no-goldens"), str(SEED))
    assert done.returncode == 2 and done.stderr.splitlines() == [f"ogi evaluate: {tmp_path / 'no-goldens'}: no such folder of golden files"]


def test_a_closed_pipe_is_silent():
    # the reader is gone before ogi writes a byte (as `| head` is gone after its lines): no BrokenPipeError
    for args in (["parse", "--json", str(SEED)], ["parse", str(SEED)], ["evaluate", "tests/fixtures", str(SEED)]):
        proc = subprocess.Popen([OGI, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == EXIT_CLOSED_PIPE, err
        assert err == "", err
    # through a shell pipe as a user types it
    done = subprocess.run(f"'{OGI}' parse --json '{SEED}' | head -n 2", shell=True, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.splitlines()[0] == "{" and done.stderr == ""


def test_a_failed_run_still_says_what_it_parsed_and_the_next_run_loads_it(tmp_path):
    # a real failure after the parse: the build file's folder is a regular file, so the loader cannot open it
    (tmp_path / "not-a-folder").write_text("")
    env = {**os.environ, "OGI_WAREHOUSE": str(tmp_path / "warehouse.duckdb"), "OGI_LAKE": str(tmp_path / "lake"),
           "OGI_WAREHOUSE_BUILD": str(tmp_path / "not-a-folder" / "build.duckdb")}
    failed = _ogi("run", str(SEED), env=env)
    assert failed.returncode == 2
    assert "files: 1  parsed: 1" in failed.stdout, failed.stdout
    assert "pipeline failed; the last published warehouse is untouched; the files parsed are kept in the lake" in failed.stderr
    assert "  raw_tables: FileExistsError:" in failed.stderr, failed.stderr
    assert "Stack Trace" not in failed.stderr and len(failed.stderr.splitlines()) <= 4, failed.stderr
    assert "== step raw_tables failed" in (tmp_path / "logs" / "ogi-run.log").read_text()  # the details
    assert not (tmp_path / "warehouse.duckdb").exists()

    env.pop("OGI_WAREHOUSE_BUILD")
    again = _ogi("run", str(SEED), env=env)
    assert again.returncode == 0, again.stderr
    assert "files: 1  skipped: 1" in again.stdout  # parsed once, by the failed run, and loaded now
    assert "reports: 1 (parsed 1" in again.stdout
