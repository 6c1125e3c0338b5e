"""dbt for one warehouse file: its profile, its target folder, its manifest, and a build outside Dagster.

The one place that says how dbt is pointed at a DuckDB file. The Dagster asset, `ogi check`'s scratch
build and the docs site all get their profile from :func:`dbt_profile_dir`: a ``profiles.yml`` written
for that file (absolute path, memory cap), so nothing is passed to dbt through the process environment.
No packages.yml exists, so no `dbt deps` is ever needed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR

PROFILE = "ogi"  # dbt_project.yml's profile name
# dbt's DuckDB memory cap (OGI_DBT_MEMORY_LIMIT). 1.25GB, not 1GB: at 10,000 reports the R3 rule table
# (int_rule_r3_applicants: the template's needed rows of table 三 for every report, crossed with the seven
# columns, then aggregated with ordered string_agg per row) ran out of memory under 1GB (957 of 954 MiB)
# and builds in 7.6 s under 1.25GB (measured on the bench's 10,000-report build file).
DEFAULT_MEMORY_LIMIT = "1.25GB"
_SOURCE_FOLDERS = ("models", "tests", "macros", "seeds")


def dbt_executable() -> str:
    """The dbt next to this interpreter (the project's virtual environment)."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_env() -> dict[str, str]:
    """The environment of a dbt subprocess: this one, with dbt's usage statistics off."""
    return {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


def build_target_path(build_file: Path) -> Path:
    """dbt's target folder for one warehouse file: the same folder every run, so dbt parses partially.

    dbt's partial parse is void when the profile changes, and the profile holds the file's path;
    dagster-dbt's default target folder is new for every run. A folder per file keeps the previous run's
    ``partial_parse.msgpack`` for the same profile (a full parse costs ~4 s of a one-file re-run).
    """
    key = hashlib.sha256(str(build_file).encode()).hexdigest()[:12]
    return DBT_PROJECT_DIR / "target" / "builds" / key


def dbt_profile_dir(build_file: Path, memory_limit: str = DEFAULT_MEMORY_LIMIT, folder: Path | None = None) -> Path:
    """A folder holding the ``profiles.yml`` that points dbt at ``build_file``; written only when it changes.

    ``memory_limit`` caps dbt's DuckDB (it spills to disk where it can), so a 10,000-report build stays
    inside 2 GiB with the pipeline around it: the rule models are tables built one at a time (their union
    in one query ran out of memory under 1GB and 2GB); see DEFAULT_MEMORY_LIMIT for the figure.
    """
    folder = folder or build_target_path(build_file) / "profile"
    folder.mkdir(parents=True, exist_ok=True)
    output = {"type": "duckdb", "path": str(build_file), "schema": "main", "threads": 1, "settings": {"memory_limit": memory_limit}}
    text = json.dumps({PROFILE: {"target": "dev", "outputs": {"dev": output}}}, indent=1) + "\n"  # JSON is YAML
    profile = folder / "profiles.yml"
    if not profile.exists() or profile.read_text() != text:  # an unchanged file keeps dbt's partial parse
        profile.write_text(text)
    return folder


def _newest_source_mtime() -> float:
    newest = (DBT_PROJECT_DIR / "dbt_project.yml").stat().st_mtime
    for folder in _SOURCE_FOLDERS:
        for f in (DBT_PROJECT_DIR / folder).rglob("*"):
            if f.is_file():
                newest = max(newest, f.stat().st_mtime)
    return newest


def manifest_path() -> Path:
    """Where `dbt parse` writes the manifest Dagster's dbt assets are made from."""
    return DBT_PROJECT_DIR / "target" / "manifest.json"


def ensure_manifest(profile_dir: Path) -> Path:
    """Run `dbt parse` if the manifest is missing or older than the project's files; returns its path.

    dagster-dbt's ``prepare_if_dev()`` only acts under `dagster dev`; this covers tests, `ogi` and code servers.
    """
    manifest = manifest_path()
    if manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime():
        return manifest
    subprocess.run(
        [dbt_executable(), "parse", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(profile_dir), "--quiet"],
        check=True,
        cwd=DBT_PROJECT_DIR,
        env=dbt_env(),
    )
    return manifest


def project_fingerprint() -> str:
    """A hash of the dbt project's files: when it changes, marts built incrementally are rebuilt in full."""
    digest = hashlib.sha256()
    files = [DBT_PROJECT_DIR / "dbt_project.yml"]
    for folder in _SOURCE_FOLDERS:
        files += sorted(f for f in (DBT_PROJECT_DIR / folder).rglob("*") if f.is_file())
    for f in files:
        digest.update(str(f.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:16]


def run_dbt(args: list[str], build_file: Path, work: Path, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> subprocess.CompletedProcess:
    """Run a dbt command on ``build_file`` outside Dagster (scratch builds, docs); target and logs under ``work``."""
    profile = dbt_profile_dir(build_file, memory_limit, work / "profile")
    ensure_manifest(profile)
    command = [
        dbt_executable(), "--quiet", *args, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(profile),
        "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
    ]
    return subprocess.run(command, cwd=DBT_PROJECT_DIR, env=dbt_env(), capture_output=True, text=True)
