"""Assembles the Dagster definitions from the settings: resources, assets, checks, jobs, the sensor.

    parsed_reports (graph: discover -> parse_batch x N -> collect) -> raw/* -> dbt -> published_warehouse

Two jobs run the same graph on two executors: ``ingest_reports`` (in-process: one batch on every local
core, then the warehouse) and ``parse_reports_celery`` (one Celery task per batch on cluster workers that
share the lake; the writer node then runs ``ingest_reports`` for the rest, see deploy/CLUSTER.md).
"""


import importlib.util

import dagster as dg

from orchestration.defs.assets import published_warehouse, raw_tables
from orchestration.defs.checks import rule_checks
from orchestration.defs.dbt_assets import build_dbt_assets, dbt_resource
from orchestration.defs.evidence import rule_evidence
from orchestration.defs.parse_graph import parse_config, parsed_reports
from orchestration.defs.resources import ParseLimitsResource, WarehouseResource
from orchestration.defs.sensors import build_inbox_sensor
from orchestration.settings import DEFAULT_SAMPLES, Settings

CELERY_BATCH_SIZE = 25  # files per Celery task: a national corpus is hundreds to a few thousand steps


def celery_execution_config(broker: str, backend: str) -> dict:
    """The celery executor's config: broker and result backend, one step at a time per worker."""
    return {"config": {"broker": broker, "backend": backend, "config_source": {"worker_prefetch_multiplier": 1}}}


def resources_for(settings: Settings) -> dict:
    """Every resource the assets, checks and jobs take, made from the settings."""
    warehouse = WarehouseResource.from_settings(settings)
    dbt, _ = dbt_resource(warehouse)
    return {"warehouse": warehouse, "parse_limits": ParseLimitsResource.from_settings(settings), "dbt": dbt}


def pipeline_assets(settings: Settings) -> list:
    """The assets of the whole pipeline, in order (the dbt ones made for the settings' build file)."""
    _, profiles_dir = dbt_resource(WarehouseResource.from_settings(settings))
    return [parsed_reports, raw_tables, build_dbt_assets(profiles_dir), published_warehouse, rule_evidence]


def has_cluster_extra() -> bool:
    """True when the ``cluster`` extra (dagster-celery) is installed: only then is there a Celery job."""
    return importlib.util.find_spec("dagster_celery") is not None


def _celery_job(settings: Settings):
    from dagster_celery import celery_executor  # the optional `cluster` extra

    return dg.define_asset_job(
        "parse_reports_celery", selection=[parsed_reports.key], executor_def=celery_executor,
        description="Only the parse, one Celery task per batch on workers that share the lake.",
        config={
            "execution": celery_execution_config(settings.celery_broker, settings.celery_backend),
            "ops": parse_config([str(DEFAULT_SAMPLES)], batch_size=CELERY_BATCH_SIZE, workers=1),
        },
    )


def build_parse_definitions(settings: Settings) -> dg.Definitions:
    """Only the parse (what a Celery worker rebuilds): no dbt, no manifest to prepare."""
    warehouse = WarehouseResource.from_settings(settings)
    return dg.Definitions(
        assets=[parsed_reports],
        jobs=[_celery_job(settings)] if has_cluster_extra() else [],
        resources={"warehouse": warehouse, "parse_limits": ParseLimitsResource.from_settings(settings),
                   "io_manager": dg.FilesystemIOManager()},
    )


def build_definitions(settings: Settings) -> dg.Definitions:
    """The project's Dagster definitions for these settings."""
    resources = resources_for(settings)
    ingest = dg.define_asset_job(
        "ingest_reports", selection="*", executor_def=dg.in_process_executor,
        description="Parse report files (one batch on every local core) and rebuild the warehouse.",
    )
    jobs = [ingest, _celery_job(settings)] if has_cluster_extra() else [ingest]
    own = resources["warehouse"].own_files()
    return dg.Definitions(
        assets=pipeline_assets(settings),
        asset_checks=[rule_checks],
        jobs=jobs,
        sensors=[build_inbox_sensor(ingest, settings.inbox, own)],
        resources={**resources, "io_manager": dg.FilesystemIOManager()},
    )
