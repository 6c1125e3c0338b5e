"""The inbox sensor: new, changed and removed files, and nothing for unchanged ones."""

from __future__ import annotations

import os
import shutil

from dagster import RunRequest, SkipReason, build_sensor_context

from orchestration.definitions import defs
from tests.conftest import SAMPLES


def _evaluate(cursor):
    sensor = defs.get_sensor_def("inbox_sensor")
    context = build_sensor_context(cursor=cursor)
    result = sensor(context)
    return result, context.cursor


def test_new_changed_and_removed_files(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    monkeypatch.setenv("OGI_INBOX", str(inbox))
    first = inbox / "a.txt"
    shutil.copy(SAMPLES / "000_ebdc43335ec79637.txt", first)

    request, cursor = _evaluate(None)
    assert isinstance(request, RunRequest)
    assert request.run_config["ops"]["parsed_reports"]["config"]["paths"] == [str(first)]

    nothing, cursor2 = _evaluate(cursor)
    assert isinstance(nothing, SkipReason)

    second = inbox / "b.txt"
    shutil.copy(SAMPLES / "001_a9a3d7926273398a.txt", second)
    os.utime(first, (1, 1))  # "changed": new mtime
    request, cursor3 = _evaluate(cursor2)
    assert request.run_config["ops"]["parsed_reports"]["config"]["paths"] == [str(first), str(second)]

    second.unlink()
    request, _ = _evaluate(cursor3)
    config = request.run_config["ops"]["parsed_reports"]["config"]
    assert (config["paths"], config["removed_paths"]) == ([], [str(second)])
