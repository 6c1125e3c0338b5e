"""A run killed at any point leaves the last good warehouse intact, and the next run recovers."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, SAMPLES


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ogi(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("ogi")), "run", *args],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


@pytest.mark.parametrize("kill_after", [1.5, 4.0, 8.0])
def test_killed_run_keeps_last_good_warehouse(tmp_path, kill_after):
    env = {**os.environ, "OGI_WAREHOUSE": str(tmp_path / "warehouse.duckdb"), "OGI_LAKE": str(tmp_path / "lake")}
    env.pop("OGI_WAREHOUSE_BUILD", None)
    first = _ogi(env, str(SAMPLES / "000_ebdc43335ec79637.txt"), str(SAMPLES / "001_a9a3d7926273398a.txt"))
    assert first.wait(timeout=300) == 0
    published = tmp_path / "warehouse.duckdb"
    before = _digest(published)

    more = tmp_path / "more"
    more.mkdir()
    for i in range(40):  # enough distinct files that the run is still busy when it is killed
        shutil.copy(SAMPLES / "002_a6b295982b957889.txt", more / f"r{i}.txt")
        with open(more / f"r{i}.txt", "a", encoding="utf-8") as f:
            f.write("\n" * (i + 1))
    run = _ogi(env, str(SAMPLES), str(more))
    time.sleep(kill_after)
    if run.poll() is None:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        # untouched (the build writes its own copy), unless the kill came after the atomic link swap: then
        # the published warehouse is the new one, whole (the run may still have been running its checks)
        if _digest(published) != before:
            con = duckdb.connect(str(published), read_only=True)
            assert con.execute("select count(*) from dim_reports").fetchone()[0] == 5 + 40
            con.close()
    con = duckdb.connect(str(published), read_only=True)
    assert con.execute("select count(*) from dim_reports").fetchone()[0] >= 2
    con.close()

    again = _ogi(env, str(SAMPLES), str(more))
    assert again.wait(timeout=300) == 0
    con = duckdb.connect(str(published), read_only=True)
    assert con.execute("select count(*) from dim_reports").fetchone()[0] == 5 + 40
    con.close()
