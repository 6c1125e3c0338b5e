"""The dbt project as Dagster assets, and its manifest prepared without `dagster dev`.

`DbtProject.prepare_if_dev()` only acts under `dagster dev`; tests, `ogi run` and code servers call
`ensure_manifest()` instead, which runs `dbt parse` when the manifest is missing or older than the
project's files. No packages.yml exists, so no `dbt deps` is ever needed.
"""


import os
import subprocess
import sys
from pathlib import Path

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from orchestration.paths import DBT_PROJECT_DIR, export_build_env

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_executable() -> str:
    """The dbt next to this interpreter (the project's virtual environment)."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def _newest_source_mtime() -> float:
    newest = (DBT_PROJECT_DIR / "dbt_project.yml").stat().st_mtime
    for folder in ("models", "tests", "macros", "seeds"):
        for f in (DBT_PROJECT_DIR / folder).rglob("*"):
            if f.is_file():
                newest = max(newest, f.stat().st_mtime)
    return newest


def ensure_manifest() -> Path:
    """Run `dbt parse` if the manifest is missing or stale; returns the manifest path."""
    manifest = dbt_project.manifest_path
    if manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime():
        return manifest
    export_build_env()
    subprocess.run(
        [dbt_executable(), "parse", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR), "--quiet"],
        check=True,
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
    )
    return manifest


ensure_manifest()


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, pool="warehouse")
def ogi_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    """Staging, intermediate and mart models and the rule tests (warn, store_failures) of dbt_project/.

    Runs `dbt build` on the private build copy of the warehouse; a report that does not add up shows
    as a warning check, never as a failed build.
    """
    export_build_env()
    yield from dbt.cli(["build"], context=context).stream()


def dbt_resource() -> DbtCliResource:
    """The dbt CLI resource pointing at this project and the project's dbt executable."""
    return DbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable())
