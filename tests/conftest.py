"""Shared fixtures: where the seed reports, golden files and extra samples are."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
FIXTURES = ROOT / "tests" / "fixtures"
SEED_GOLDEN = sorted(p for p in FIXTURES.glob("0*.json"))


def load_golden(name: str) -> dict:
    """A golden file by name (without .json)."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def extra_samples_dir() -> Path:
    """The folder named by OGI_EXTRA_SAMPLES, or skip the test saying why."""
    value = os.environ.get("OGI_EXTRA_SAMPLES")
    if not value:
        pytest.skip("OGI_EXTRA_SAMPLES is not set: real published sample files are not shipped with the project")
    path = Path(value)
    if not path.is_dir():
        pytest.skip(f"OGI_EXTRA_SAMPLES={value} is not a folder")
    return path


def settings_in(folder: Path, **overrides):
    """Settings whose warehouse, build copy and Parquet lake are inside ``folder`` (passed, not exported)."""
    from orchestration.settings import load_settings

    return load_settings(warehouse=folder / "warehouse.duckdb", lake=folder / "lake", **overrides)


def point_at(mp: pytest.MonkeyPatch, folder: Path) -> None:
    """For tests of the edge (the CLI, a pipeline reading its settings): OGI_* naming a warehouse in ``folder``."""
    mp.setenv("OGI_WAREHOUSE", str(folder / "warehouse.duckdb"))
    mp.delenv("OGI_WAREHOUSE_BUILD", raising=False)
    mp.setenv("OGI_LAKE", str(folder / "lake"))


@contextmanager
def private_warehouse(folder: Path):
    """For module- or session-scoped fixtures (which cannot use ``monkeypatch``): point_at, then undo."""
    mp = pytest.MonkeyPatch()
    point_at(mp, folder)
    try:
        yield mp
    finally:
        mp.undo()


@pytest.fixture
def warehouse_env(tmp_path, monkeypatch):
    """A private warehouse, build copy and Parquet lake for one test."""
    point_at(monkeypatch, tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory):
    """A warehouse built once per session from the five seed reports, for tests that only read it
    (readers use ``result.warehouse``)."""
    from orchestration.defs.pipeline import run_pipeline

    result = run_pipeline([str(SAMPLES)], settings=settings_in(tmp_path_factory.mktemp("seeds")))
    assert result.success
    return result


# the reviewer's workbench warehouse (evidence, regions and peers, the review site): tests/review_fixtures.py
from tests.review_fixtures import review_warehouse  # noqa: E402, F401
