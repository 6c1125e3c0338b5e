"""The corrections log, ``data/corrections.csv``: one line per reviewer action, appended, never rewritten.

Columns (``COLUMNS``): ``correction_id`` (``c`` + 12 hex digits, unique), ``action``, ``report_id``,
``table_code`` (二 / 三 / 四), ``row_key`` and ``column_key`` (the cell: table 三 row_code and applicant_type,
table 四 proceeding and outcome, table 二 item and ``category.metric``), ``value`` (the corrected number),
``rule_id`` and ``subject`` (a rule result), ``target_id`` (the correction withdrawn), ``reason``,
``reviewed_by``, ``recorded_at`` (UTC, ISO 8601).

Actions:

- ``correct``: the cell's value is ``value`` (the printed text stays in the marts as ``raw_value``);
- ``confirm``: an ``uncertain`` OCR cell is read as printed (``value`` empty: the number OCR read);
- ``confirm_rule``: a rule failure is confirmed with the agency (``reason`` is the note);
- ``withdraw``: the correction ``target_id`` no longer applies (the printed value is restored).

A reviewer may also edit the file by hand (add lines, or delete one: the same as withdrawing it); the
latest live line per cell (or rule result) wins. A line that cannot be used (unknown action, a value that
is not a number, a withdraw naming no correction) is loaded with its ``problem`` and never applied.
"""

from __future__ import annotations

import csv
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

COLUMNS = (
    "correction_id", "action", "report_id", "table_code", "row_key", "column_key", "value",
    "rule_id", "subject", "target_id", "reason", "reviewed_by", "recorded_at",
)
ACTIONS = ("correct", "confirm", "confirm_rule", "withdraw")
# what a reviewer may type for a table: the template's numerals, digits or the raw table names
TABLE_CODES = {"二": "二", "2": "二", "table2": "二", "三": "三", "3": "三", "table3": "三",
               "四": "四", "4": "四", "table4": "四"}


@dataclass(frozen=True)
class Correction:
    """One line of the log (every field as text, as the CSV holds it)."""

    action: str
    report_id: str
    reason: str
    reviewed_by: str
    table_code: str = ""
    row_key: str = ""
    column_key: str = ""
    value: str = ""
    rule_id: str = ""
    subject: str = ""
    target_id: str = ""
    correction_id: str = field(default_factory=lambda: "c" + secrets.token_hex(6))
    recorded_at: str = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0).isoformat())


def problem(row: dict[str, str]) -> str | None:
    """Why a log line cannot be applied, or None when it can."""
    action = row.get("action", "")
    if action not in ACTIONS:
        return f"unknown action {action!r} (one of {', '.join(ACTIONS)})"
    if not row.get("correction_id"):
        return "no correction_id"
    if action == "withdraw":
        return None if row.get("target_id") else "withdraw names no target_id"
    if not row.get("report_id"):
        return "no report_id"
    if action == "confirm_rule":
        return None if row.get("rule_id") and row.get("subject") else "confirm_rule needs rule_id and subject"
    if row.get("table_code") not in ("二", "三", "四"):
        return f"table_code {row.get('table_code')!r} is not 二, 三 or 四"
    if not row.get("row_key") or not row.get("column_key"):
        return "no row_key / column_key"
    value = row.get("value", "")
    if action == "correct" and not value:
        return "correct needs a value"
    if value:
        try:
            float(value)
        except ValueError:
            return f"value {value!r} is not a number"
    return None


def read_log(path: Path) -> list[dict[str, str]]:
    """Every line of the log as a dict of text (missing columns empty), with ``line_no`` and ``problem``."""
    if not path.exists():
        return []
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for line_no, row in enumerate(csv.DictReader(f), start=2):  # line 1 is the header
            clean = {c: (row.get(c) or "").strip() for c in COLUMNS}
            clean["table_code"] = TABLE_CODES.get(clean["table_code"], clean["table_code"])
            clean["line_no"] = str(line_no)
            clean["problem"] = problem(clean) or ""
            rows.append(clean)
    return rows


def append(path: Path, correction: Correction) -> Correction:
    """Append one line to the log (the header first when the file is new); returns it."""
    row = asdict(correction)
    bad = problem(row)
    if bad:
        raise ValueError(bad)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow(row)
    return correction
