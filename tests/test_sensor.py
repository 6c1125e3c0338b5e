"""The inbox sensor: new, changed and removed files, and nothing for unchanged ones."""

from __future__ import annotations

import os
import shutil

from dagster import RunRequest, SkipReason, build_sensor_context

from orchestration.defs.build import build_definitions
from orchestration.settings import load_settings
from tests.conftest import SAMPLES


def _evaluate(cursor, inbox):
    sensor = build_definitions(load_settings(inbox=inbox)).resolve_sensor_def("inbox_sensor")
    context = build_sensor_context(cursor=cursor)
    result = sensor(context)
    return result, context.cursor


def _config(request):
    return request.run_config["ops"]["parsed_reports"]["ops"]["discover_tasks"]["config"]


def test_new_changed_and_removed_files(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    first = inbox / "a.txt"
    shutil.copy(SAMPLES / "000_ebdc43335ec79637.txt", first)

    request, cursor = _evaluate(None, inbox)
    assert isinstance(request, RunRequest)
    assert _config(request)["paths"] == [str(first)]

    nothing, cursor2 = _evaluate(cursor, inbox)
    assert isinstance(nothing, SkipReason)

    second = inbox / "b.txt"
    shutil.copy(SAMPLES / "001_a9a3d7926273398a.txt", second)
    os.utime(first, (1, 1))  # "changed": new mtime
    request, cursor3 = _evaluate(cursor2, inbox)
    assert _config(request)["paths"] == [str(first), str(second)]

    second.unlink()
    request, _ = _evaluate(cursor3, inbox)
    config = _config(request)
    assert (config["paths"], config["removed_paths"]) == ([], [str(second)])
