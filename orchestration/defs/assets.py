"""The warehouse's assets on either side of dbt: the raw loader and the publisher.

parsed_reports (parse_graph.py) -> raw/* (single writer: DuckDB schema raw) -> dbt models and rule tests
(dbt_assets.py) -> published_warehouse (atomic link swap users query).
"""


from pathlib import Path

import dagster as dg

from ingestion.frames import SCHEMAS
from orchestration.defs.resources import WarehouseResource
from orchestration.review.corrections.load import load_corrections
from orchestration.runner.tasks import ParseRun
from orchestration.warehouse.loader import load_lake, loaded_report_ids, mark_removed

RAW_KEYS = {name: dg.AssetKey(["raw", name]) for name in SCHEMAS}
# the marts published_warehouse waits for (every dbt model is upstream of one of them)
PUBLISHED_MARTS = ("dim_reports", "fct_disclosure_requests", "fct_administrative_actions", "fct_appeals", "fct_rule_results")


@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, group_name="raw", deps=["parsed_reports"], description=f"DuckDB raw.{name}, loaded from the Parquet lake")
        for name, key in RAW_KEYS.items()
    ],
    ins={"parsed_reports": dg.AssetIn()},
    pool="warehouse",
)
def raw_tables(context: dg.AssetExecutionContext, parsed_reports: ParseRun, warehouse: WarehouseResource):
    """Load the parsed reports into DuckDB schema ``raw`` (delete-then-insert per report: idempotent).

    Files removed from a watched folder keep their reports; they are listed in ``raw.removed_files``.
    """
    outcomes = parsed_reports.outcomes
    with warehouse.writing(context.log.info):
        warehouse.seed_build_from_published()
        with warehouse.connect() as con:
            already = loaded_report_ids(con)
            # unchanged files whose report is already in the warehouse need no reload (a re-run of 10,000 files
            # with one new one loads one); a report parsed earlier but never loaded (a killed run) is loaded now
            report_ids = sorted({o.report_id for o in outcomes if o.report_id and (not o.skipped or o.report_id not in already)})
            context.log.info(f"loading {len(report_ids)} reports; {len(outcomes) - len(report_ids)} files unchanged and loaded before")
            counts = load_lake(con, warehouse.lake, report_ids, files=outcomes)
            if parsed_reports.removed:
                marked = mark_removed(con, parsed_reports.removed)
                context.log.info(f"{marked} report files marked removed")
            if warehouse.corrections_path:
                # the reviewers' log, replaced whole; reports whose corrections changed are rebuilt by dbt
                loaded = load_corrections(con, Path(warehouse.corrections_path))
                context.log.info(f"corrections: {loaded}")
    for name, key in RAW_KEYS.items():
        yield dg.MaterializeResult(asset_key=key, metadata={"rows_loaded": counts[name], "reports": len(report_ids)})


@dg.asset(
    group_name="publish",
    deps=[dg.AssetKey([name]) for name in PUBLISHED_MARTS],
    pool="warehouse",
    description="The warehouse users query, replaced atomically once dbt has built the marts.",
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Publish the built warehouse (the blocks that changed, then an atomic link swap) and summarise it."""
    with warehouse.writing(context.log.info):
        how, summary = warehouse.publish()
    context.log.info(f"published by {how['mode']}: {how['bytes_written'] / 2**20:.1f} of {how['bytes'] / 2**20:.1f} MiB written")
    return dg.MaterializeResult(
        metadata={"path": dg.MetadataValue.path(str(warehouse.published)), "publish_mode": how["mode"],
                  "publish_mib_written": round(how["bytes_written"] / 2**20, 1), **summary}
    )
