"""A sensor on the inbox folder: a new or changed file is ingested by the next tick; a removed file's
report is kept in the warehouse and marked removed. Unchanged files are never re-parsed.
"""


import hashlib
import json
from pathlib import Path

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from orchestration.defs.parse_graph import parse_config
from orchestration.runner.discovery import OwnFiles, discover_files


def inbox_changes(inbox: Path, own: OwnFiles, cursor: str | None) -> tuple[dict[str, str], list[str], list[str]]:
    """(current signatures, changed or new files, removed files) of the inbox against the cursor."""
    previous: dict[str, str] = json.loads(cursor) if cursor else {}
    current = {}
    if inbox.is_dir():
        found = discover_files([inbox], own)
        current = {str(f): f"{found.stats[f].st_mtime_ns}:{found.stats[f].st_size}" for f in found.files}
    changed = sorted(p for p, sig in current.items() if previous.get(p) != sig)
    removed = sorted(p for p in previous if p not in current)
    return current, changed, removed


def build_inbox_sensor(job, inbox: Path, own: OwnFiles):
    """The sensor on ``inbox`` for ``job`` (running by default, so `make ui` needs no manual step)."""

    @sensor(job=job, minimum_interval_seconds=10, default_status=DefaultSensorStatus.RUNNING)
    def inbox_sensor(context: SensorEvaluationContext):
        """Watch the inbox (OGI_INBOX, default data/inbox/) and ingest what changed since the last tick."""
        current, changed, removed = inbox_changes(inbox, own, context.cursor)
        if not changed and not removed:
            return SkipReason(f"no change in {inbox}")
        context.update_cursor(json.dumps(current))
        key = hashlib.sha256(json.dumps([changed, removed, [current.get(p) for p in changed]]).encode()).hexdigest()[:20]
        config = parse_config(changed, removed_paths=removed, watched_root=str(inbox))
        return RunRequest(run_key=key, run_config={"ops": config})

    return inbox_sensor
