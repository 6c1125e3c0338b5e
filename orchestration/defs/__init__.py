"""Dagster only: resources, assets, checks, jobs and the sensor, assembled by :func:`build_definitions`."""
