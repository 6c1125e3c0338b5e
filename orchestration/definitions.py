"""The entry point Dagster loads (`dagster dev -m orchestration.definitions`): settings read here, once."""


import dagster as dg

from orchestration.defs.build import build_definitions, build_parse_definitions
from orchestration.settings import load_settings


@dg.definitions
def defs() -> dg.Definitions:
    """The project's definitions for the settings in the environment (OGI_*)."""
    return build_definitions(load_settings())


def celery_parse_job() -> dg.JobDefinition:
    """The Celery parse job as workers rebuild it (``dg.reconstructable(celery_parse_job)``): parse only."""
    return build_parse_definitions(load_settings()).resolve_job_def("parse_reports_celery")


def ingest_job() -> dg.JobDefinition:
    """The whole pipeline's job, reconstructable the same way."""
    return defs().resolve_job_def("ingest_reports")
