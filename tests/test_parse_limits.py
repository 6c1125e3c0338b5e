"""The parse fan-out's limits follow the caller's settings at call time, in every worker."""

from __future__ import annotations

from orchestration.parsing import parse_files
from tests.conftest import SAMPLES


def test_a_size_cap_set_after_the_workers_fork_server_started_still_applies(tmp_path, monkeypatch):
    report = tmp_path / "big.txt"
    report.write_bytes((SAMPLES / "000_ebdc43335ec79637.txt").read_bytes() * 200)  # 1.6 MB
    first = parse_files([report], tmp_path / "lake1", workers=1, force=True)  # starts the fork server
    assert first[0].status == "parsed"
    monkeypatch.setenv("OGI_FILE_MAX_MB", "1")
    again = parse_files([report], tmp_path / "lake2", workers=1, force=True)
    assert again[0].status == "failed"
    assert "over the 1 MB limit (OGI_FILE_MAX_MB); not read" in again[0].reason
