"""The parse fan-out's limits travel with each batch: the caller's values apply in every worker,
whatever the workers' fork server inherited when it started."""

from __future__ import annotations

from orchestration.runner.discovery import OwnFiles, plan_run
from orchestration.runner.limits import FileLimits
from orchestration.runner.pool import run_batch
from orchestration.runner.tasks import ParseBatch, ParseTask, RunLimits
from tests.conftest import SAMPLES


def _own(folder):
    return OwnFiles(folder / "w.duckdb", folder / "w.build.duckdb", folder / "lake", folder / "logs")


def test_a_size_cap_is_applied_at_discovery_and_again_by_the_worker(tmp_path):
    report = tmp_path / "reports" / "big.txt"
    report.parent.mkdir()
    report.write_bytes((SAMPLES / "000_ebdc43335ec79637.txt").read_bytes() * 200)  # 1.6 MB
    roomy = RunLimits(files=FileLimits(max_bytes=10 * 2**20))
    plan = plan_run([report.parent], _own(tmp_path), roomy.files, force=True)
    first = run_batch(ParseBatch(tuple(plan.tasks), str(tmp_path / "lake1"), roomy, workers=1))  # starts the fork server
    assert [o.status for o in first] == ["parsed"]

    tight = RunLimits(files=FileLimits(max_bytes=2**20))
    refused = plan_run([report.parent], _own(tmp_path), tight.files, force=True).tasks
    assert refused[0].refused == "file is 2 MB, over the 1 MB limit (OGI_FILE_MAX_MB); not read"
    again = run_batch(ParseBatch(tuple(refused), str(tmp_path / "lake2"), tight, workers=1))
    assert again[0].status == "failed" and "over the 1 MB limit (OGI_FILE_MAX_MB); not read" in again[0].reason

    # a task planned under the roomy cap but run under the tight one: the worker's own read is capped too
    grown = ParseTask(str(report), plan.tasks[0].size, plan.tasks[0].digest)
    late = run_batch(ParseBatch((grown,), str(tmp_path / "lake3"), tight, workers=1))
    assert late[0].status == "failed" and "grew past the OGI_FILE_MAX_MB limit" in late[0].reason
