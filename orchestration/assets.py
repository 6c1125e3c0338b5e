"""Assets from report files to the published warehouse.

parsed_reports (parallel parse -> Parquet lake) -> raw/* (single writer: DuckDB schema raw)
-> dbt models and rule tests -> published_warehouse (atomic copy users query).
"""


import shutil
from collections import Counter

import duckdb
from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Config,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset,
)
from pydantic import Field

from ingestion.frames import SCHEMAS
from orchestration.discovery import discover_files
from orchestration.parsing import FileOutcome, parse_files
from orchestration.paths import DEFAULT_SAMPLES, build_path, lake_dir, warehouse_path
from orchestration.progress import Progress
from orchestration.publish import publish_build
from orchestration.warehouse import load_lake, loaded_report_ids, mark_removed

RAW_KEYS = {name: AssetKey(["raw", name]) for name in SCHEMAS}


class ParseConfig(Config):
    """Which files to read and how."""

    paths: list[str] = Field(default_factory=lambda: [str(DEFAULT_SAMPLES)], description="Files or folders of reports")
    workers: int = Field(default=0, description="Parser processes; 0 = one per core")
    force: bool = Field(default=False, description="Re-parse files even when their content was parsed before")
    removed_paths: list[str] = Field(default_factory=list, description="Files gone from a watched folder (kept, marked)")
    watched_root: str = Field(default="", description="The watched folder removed_paths belong to")


@asset(group_name="ingestion", description="Report files parsed in parallel into Parquet under the lake.")
def parsed_reports(context: AssetExecutionContext, config: ParseConfig) -> dict:
    """Discover report files, parse new or changed ones (by content hash) into the Parquet lake.

    Every file ends with a status (parsed, partial, failed, unsupported, or skipped when its content was
    already parsed); the outcomes (and files removed from a watched folder) are passed on to the loader.
    """
    found = discover_files(config.paths)
    files, lake = found.files, lake_dir()
    for skip in found.skipped:
        context.log.info(f"skipped {skip.path!r}: {skip.reason}")

    progress = Progress(log=context.log.info)
    outcomes = parse_files(files, lake, workers=config.workers or None, force=config.force, progress=progress)
    statuses = Counter(o.status for o in outcomes)
    # what discovery left out is accounted for too: one "excluded" row each, never read
    outcomes += [FileOutcome(s.path, "", "excluded", True, 0.0, s.reason) for s in found.skipped]
    context.add_output_metadata(
        {
            "files": len(files),
            **{f"excluded_{kind}": n for kind, n in found.counts().items()},
            "parsed_now": sum(1 for o in outcomes if not o.skipped),
            "skipped_unchanged": statuses.get("skipped", 0),
            **{f"status_{k}": v for k, v in sorted(statuses.items())},
            "lake": MetadataValue.path(str(lake)),
        }
    )
    return {"outcomes": [o.__dict__ for o in outcomes], "removed": list(config.removed_paths), "watched_root": config.watched_root}


def _seed_build_from_published() -> None:
    """Start the private build copy from the last published warehouse so nothing loaded is lost."""
    build, published = build_path(), warehouse_path()
    if not build.exists() and published.exists():
        build.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(published, build)


@multi_asset(
    specs=[AssetSpec(key, group_name="raw", deps=["parsed_reports"], description=f"DuckDB raw.{name}, loaded from the Parquet lake") for name, key in RAW_KEYS.items()],
    pool="warehouse",
)
def raw_tables(context: AssetExecutionContext, parsed_reports: dict):
    """Load the parsed reports into DuckDB schema ``raw`` (delete-then-insert per report: idempotent).

    Files removed from a watched folder keep their reports; they are listed in ``raw.removed_files``.
    """
    _seed_build_from_published()
    outcomes = parsed_reports["outcomes"]
    already = loaded_report_ids(build_path())
    # unchanged files whose report is already in the warehouse need no reload (a re-run of 10,000 files
    # with one new one loads one); a report parsed earlier but never loaded (a killed run) is loaded now
    report_ids = sorted({o["report_id"] for o in outcomes if o["report_id"] and (not o["skipped"] or o["report_id"] not in already)})
    context.log.info(f"loading {len(report_ids)} reports; {len(outcomes) - len(report_ids)} files unchanged and loaded before")
    counts = load_lake(build_path(), lake_dir(), report_ids, files=parsed_reports["outcomes"])
    if parsed_reports["removed"]:
        marked = mark_removed(build_path(), parsed_reports["removed"])
        context.log.info(f"{marked} report files marked removed")
    for name, key in RAW_KEYS.items():
        yield MaterializeResult(asset_key=key, metadata={"rows_loaded": counts[name], "reports": len(report_ids)})


@asset(
    group_name="publish",
    deps=[AssetKey(["dim_reports"]), AssetKey(["fct_disclosure_requests"]), AssetKey(["fct_administrative_actions"]), AssetKey(["fct_appeals"]), AssetKey(["fct_rule_results"])],
    pool="warehouse",
    description="The warehouse users query, replaced atomically once dbt has built the marts.",
)
def published_warehouse(context: AssetExecutionContext) -> MaterializeResult:
    """Publish the built warehouse (the blocks that changed, then an atomic link swap) and summarise it."""
    target = warehouse_path()
    how = publish_build(build_path(), target)
    context.log.info(f"published by {how['mode']}: {how['bytes_written'] / 2**20:.1f} of {how['bytes'] / 2**20:.1f} MiB written")
    summary = warehouse_summary(str(target))
    return MaterializeResult(
        metadata={"path": MetadataValue.path(str(target)), "publish_mode": how["mode"],
                  "publish_mib_written": round(how["bytes_written"] / 2**20, 1), **summary}
    )


def warehouse_summary(db: str) -> dict[str, int]:
    """Counts users care about: reports by status, cells, rule results failed."""
    con = duckdb.connect(db, read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "reports": q("select count(*) from dim_reports"),
            "reports_parsed": q("select count(*) from dim_reports where status = 'parsed'"),
            "reports_not_parsed": q("select count(*) from dim_reports where status <> 'parsed'"),
            "cells": q("select (select count(*) from fct_disclosure_requests) + (select count(*) from fct_administrative_actions) + (select count(*) from fct_appeals)"),
            "rules_failed": q("select count(*) from fct_rule_results where outcome = 'failed'"),
            "rules_not_assessable": q("select count(*) from fct_rule_results where outcome = 'not_assessable'"),
            "reports_failing_a_rule": q("select count(distinct report_id) from fct_rule_results where outcome = 'failed'"),
        }
    finally:
        con.close()
