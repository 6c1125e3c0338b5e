"""One writer per warehouse: a second `ogi run` exits 3 before parsing (or waits with --wait), the Dagster
steps wait for the lock, and a lock left by a killed process never blocks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.defs.resources import WarehouseResource
from orchestration.settings import load_settings
from orchestration.warehouse.lock import WarehouseBusy, lock_path, warehouse_lock
from tests.conftest import ROOT, SAMPLES

SEED = SAMPLES / "000_ebdc43335ec79637.txt"


def _holder(published: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the warehouse's lock for ``seconds`` (it says "held" once it has it)."""
    code = (
        "import sys, time; from pathlib import Path; from orchestration.warehouse.lock import warehouse_lock\n"
        "with warehouse_lock(Path(sys.argv[1]), what='the holder'):\n"
        "    print('held', flush=True); time.sleep(float(sys.argv[2]))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(published), str(seconds)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_run_exits_3_before_parsing(tmp_path, capsys, warehouse_env):
    published = load_settings().published_path
    holder = _holder(published, 120)
    try:
        assert main(["run", str(SEED)]) == 3
        err = capsys.readouterr().err
        assert f"ogi run: pid {holder.pid}, started " in err and f"the holder is writing the warehouse {published}" in err
        assert "nothing was parsed; run again when it has finished, or use `ogi run --wait`" in err
        assert not (tmp_path / "lake").exists() and not (tmp_path / "logs").exists()  # nothing parsed, no log
    finally:
        holder.kill()
        holder.wait()


def test_run_wait_waits_with_a_message_then_runs(tmp_path, capsys, warehouse_env):
    published = load_settings().published_path
    holder = _holder(published, 3)
    try:
        assert main(["run", "--wait", str(SEED)]) == 0
    finally:
        holder.wait(timeout=60)
    out, err = capsys.readouterr()
    assert f"waiting: pid {holder.pid}, started " in err
    assert "reports: 1 (parsed 1" in out


def test_a_lock_left_by_a_killed_process_does_not_block(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    holder = _holder(published, 120)
    with pytest.raises(WarehouseBusy, match=f"pid {holder.pid}"):
        with warehouse_lock(published):
            pass
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert f"pid {holder.pid}" in lock_path(published).read_text()  # the file stays, naming the dead run
    started = time.monotonic()
    with warehouse_lock(published, what="the next run"):
        assert "the next run" in lock_path(published).read_text()
    assert time.monotonic() - started < 5


def test_the_dagster_steps_wait_for_a_run_holding_the_lock(tmp_path):
    settings = load_settings(warehouse=tmp_path / "warehouse.duckdb", lake=tmp_path / "lake")
    resource = WarehouseResource.from_settings(settings)
    holder = _holder(settings.published_path, 2)
    said: list[str] = []
    started = time.monotonic()
    try:
        with resource.writing(said.append):
            assert time.monotonic() - started > 1.5  # entered only once the holder let go (after its 2 s)
    finally:
        holder.wait(timeout=60)
    assert len(said) == 1 and said[0].startswith(f"waiting: pid {holder.pid}")


def test_the_lock_is_reentrant_within_a_process(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    with warehouse_lock(published), warehouse_lock(published, wait=False):  # run_pipeline, then its steps
        pass
    with warehouse_lock(published, wait=False):  # and released after both
        pass


def test_two_ogi_runs_on_one_warehouse_one_runs_the_other_exits_3(tmp_path):
    env = {**os.environ, "OGI_WAREHOUSE": str(tmp_path / "warehouse.duckdb"), "OGI_LAKE": str(tmp_path / "lake")}
    env.pop("OGI_WAREHOUSE_BUILD", None)
    ogi = str(Path(sys.executable).with_name("ogi"))
    first = subprocess.Popen([ogi, "run", str(SAMPLES)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    lock = lock_path(tmp_path / "warehouse.duckdb")
    deadline = time.monotonic() + 60
    while not (lock.exists() and f"pid {first.pid}," in lock.read_text()):  # the first run holds the lock
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.1)
    second = subprocess.run([ogi, "run", str(SAMPLES)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    out, err = first.communicate(timeout=300)
    assert second.returncode == 3, second.stderr
    assert f"pid {first.pid}, started" in second.stderr and "Conflicting lock" not in second.stderr
    assert first.returncode == 0, err
    assert "reports: 5" in out
