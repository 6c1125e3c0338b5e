"""Shared fixtures: where the seed reports, golden files and extra samples are."""

from __future__ import annotations

import json
import os
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


@pytest.fixture
def warehouse_env(tmp_path, monkeypatch):
    """A private warehouse, build copy and Parquet lake for one test."""
    monkeypatch.setenv("OGI_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.delenv("OGI_WAREHOUSE_BUILD", raising=False)
    monkeypatch.setenv("OGI_LAKE", str(tmp_path / "lake"))
    return tmp_path
