"""Where things live. One environment variable names the published DuckDB file for Dagster, dbt and the CLI."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEFAULT_SAMPLES = PROJECT_ROOT / "data" / "samples"


def warehouse_path() -> Path:
    """The published, read-only-for-users warehouse (``OGI_WAREHOUSE``, default data/warehouse.duckdb).

    Made absolute without resolving the file itself: it is a link to the slot last published (publish.py).
    """
    path = Path(os.environ.get("OGI_WAREHOUSE", PROJECT_ROOT / "data" / "warehouse.duckdb"))
    return Path(os.path.abspath(path.parent.resolve() / path.name))


def build_path() -> Path:
    """The private copy the loader and dbt write; published by an atomic rename when a build succeeds."""
    explicit = os.environ.get("OGI_WAREHOUSE_BUILD")
    if explicit:
        return Path(explicit).resolve()
    published = warehouse_path()
    return published.with_name(published.stem + ".build" + published.suffix)


def lake_dir() -> Path:
    """Parquet per parsed report (``OGI_LAKE``, default data/lake/ next to the warehouse)."""
    return Path(os.environ.get("OGI_LAKE", warehouse_path().parent / "lake")).resolve()


def logs_dir() -> Path:
    """Where `ogi run` writes its log (``logs/`` next to the warehouse)."""
    return warehouse_path().parent / "logs"


def inbox_dir() -> Path:
    """The folder the Dagster sensor watches (``OGI_INBOX``, default data/inbox/)."""
    return Path(os.environ.get("OGI_INBOX", PROJECT_ROOT / "data" / "inbox")).resolve()


def export_build_env() -> None:
    """Make dbt (a subprocess) write the same build file the loader wrote."""
    os.environ["OGI_WAREHOUSE_BUILD"] = str(build_path())
