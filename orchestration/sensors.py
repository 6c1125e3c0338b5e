"""A sensor on the inbox folder: a new or changed file is ingested by the next tick; a removed file's
report is kept in the warehouse and marked removed. Unchanged files are never re-parsed.
"""

import hashlib
import json
from pathlib import Path

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from orchestration.parsing import discover
from orchestration.paths import inbox_dir


def _signature(path: Path) -> str:
    st = path.stat()
    return f"{st.st_mtime_ns}:{st.st_size}"


def inbox_changes(inbox: Path, cursor: str | None) -> tuple[dict[str, str], list[str], list[str]]:
    """(current signatures, changed or new files, removed files) of the inbox against the cursor."""
    previous: dict[str, str] = json.loads(cursor) if cursor else {}
    current = {str(f): _signature(f) for f in discover([inbox])} if inbox.is_dir() else {}
    changed = sorted(p for p, sig in current.items() if previous.get(p) != sig)
    removed = sorted(p for p in previous if p not in current)
    return current, changed, removed


def build_inbox_sensor(job):
    """The inbox sensor for ``job`` (running by default, so `make ui` needs no manual step)."""

    @sensor(job=job, minimum_interval_seconds=10, default_status=DefaultSensorStatus.RUNNING)
    def inbox_sensor(context: SensorEvaluationContext):
        """Watch OGI_INBOX (default data/inbox/) and ingest what changed since the last tick."""
        inbox = inbox_dir()
        current, changed, removed = inbox_changes(inbox, context.cursor)
        if not changed and not removed:
            return SkipReason(f"no change in {inbox}")
        context.update_cursor(json.dumps(current))
        key = hashlib.sha256(json.dumps([changed, removed, [current.get(p) for p in changed]]).encode()).hexdigest()[:20]
        config = {"paths": changed, "removed_paths": removed, "watched_root": str(inbox)}
        return RunRequest(run_key=key, run_config={"ops": {"parsed_reports": {"config": config}}})

    return inbox_sensor
