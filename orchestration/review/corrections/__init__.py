"""Reviewers' corrections: an append-only CSV log (``log.py``) loaded into ``raw.corrections`` (``load.py``).

The log is the one place a reviewer writes; dbt reads it as the source ``raw.corrections`` and applies
the live corrections in staging (raw tables never change). See README "Corrections".
"""
