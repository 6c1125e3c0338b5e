"""``rule_evidence``: the evidence pictures of the published warehouse's failed and not-assessable rules.

After a publish, every result whose ``fct_rule_results.evidence_path`` names a file not yet in the lake
gets one (orchestration/review/evidence/): a PNG crop of the page for PDFs and scans, an HTML fragment of
the table otherwise, beside the report's Parquet (``<lake>/<id[:2]>/<id>/evidence/``). Existing files are
kept (their names carry a digest of the result), so a re-run draws only what changed.
"""

import dagster as dg
import duckdb

from orchestration.defs.resources import WarehouseResource
from orchestration.review.evidence.write import write_evidence


@dg.asset(
    group_name="publish",
    deps=["published_warehouse"],
    description="Evidence pictures (PNG crops of the page, HTML fragments of the table) of every failed or "
    "not-assessable rule, written beside each report in the lake; fct_rule_results.evidence_path names them.",
)
def rule_evidence(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Write the missing evidence files of the published warehouse's rule results into the lake."""
    con = duckdb.connect(str(warehouse.published), read_only=True)
    try:
        run = write_evidence(con, warehouse.lake)
    finally:
        con.close()
    for path, why in run.skipped[:20]:
        context.log.warning(f"evidence not drawn: {path}: {why}")
    return dg.MaterializeResult(metadata={"evidence_written": len(run.written), "evidence_kept": run.kept,
                                          "evidence_not_drawn": len(run.skipped)})
