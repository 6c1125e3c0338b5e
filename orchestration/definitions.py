"""Assembles the Dagster definitions; nothing else lives here."""

from __future__ import annotations

from dagster import Definitions, define_asset_job

from orchestration.assets import parsed_reports, published_warehouse, raw_tables
from orchestration.checks import RULE_CHECKS
from orchestration.dbt import dbt_resource, ogi_dbt_models
from orchestration.distributed import celery_parse_fanout_job, parse_fanout_job
from orchestration.sensors import build_inbox_sensor

ALL_ASSETS = [parsed_reports, raw_tables, ogi_dbt_models, published_warehouse]

ingest_job = define_asset_job("ingest_reports", selection="*", description="Parse report files and rebuild the warehouse.")

defs = Definitions(
    assets=ALL_ASSETS,
    asset_checks=RULE_CHECKS,
    jobs=[ingest_job, parse_fanout_job, celery_parse_fanout_job],
    sensors=[build_inbox_sensor(ingest_job)],
    resources={"dbt": dbt_resource()},
)
