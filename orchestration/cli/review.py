"""`ogi correct`, `ogi confirm-rule`, `ogi corrections` (the reviewers' corrections log) and `ogi review` (the site).

Each command appends one line to the log (``data/corrections.csv``, or ``OGI_CORRECTIONS``), then rebuilds
the warehouse (nothing is re-parsed: the run loads the log and dbt re-runs the rules of the reports
whose corrections changed) and prints how that report's rule results moved. ``--no-apply`` only records.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

import duckdb

from orchestration.review.corrections.log import TABLE_CODES, Correction, append
from orchestration.settings import Settings

RESULTS_SQL = ("select rule_id, subject, outcome, message from fct_rule_results where report_id = ? "
               "order by rule_id, subject")


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add the corrections commands to ``ogi``'s subcommands."""
    correct = sub.add_parser(
        "correct",
        help="correct a cell (or --confirm an uncertain OCR cell, --withdraw a correction) with a reason",
        description="ogi correct REPORT_ID TABLE ROW COLUMN VALUE --reason TEXT [--by NAME]. TABLE is 二/三/四 "
        "(or 2/3/4); ROW and COLUMN are the template codes: table 三 row_code and applicant_type, table 四 "
        "proceeding and outcome, table 二 item and category.metric.",
    )
    correct.add_argument("report_id", nargs="?")
    correct.add_argument("table", nargs="?")
    correct.add_argument("row", nargs="?")
    correct.add_argument("column", nargs="?")
    correct.add_argument("value", nargs="?", help="the corrected number (with --confirm: omit to keep what OCR read)")
    correct.add_argument("--reason", required=True, help="why (kept in the log and shown in the marts)")
    correct.add_argument("--by", help="who corrects (default OGI_REVIEWER)")
    correct.add_argument("--confirm", action="store_true", help="confirm an uncertain OCR cell as printed")
    correct.add_argument("--withdraw", metavar="CORRECTION_ID", help="withdraw a correction: the printed value is back")
    correct.add_argument("--no-apply", dest="apply", action="store_false", help="only record it (applied by the next ogi run)")
    correct.set_defaults(func=cmd_correct)
    confirm = sub.add_parser("confirm-rule", help="mark a rule failure as confirmed with the agency, with a note")
    confirm.add_argument("report_id")
    confirm.add_argument("rule_id")
    confirm.add_argument("subject", help="the result's subject as fct_rule_results names it (e.g. total)")
    confirm.add_argument("--note", required=True, help="what the agency said")
    confirm.add_argument("--by", help="who (default OGI_REVIEWER)")
    confirm.add_argument("--no-apply", dest="apply", action="store_false")
    confirm.set_defaults(func=cmd_confirm_rule)
    listing = sub.add_parser("corrections", help="list the corrections log and what became of each line")
    listing.set_defaults(func=cmd_corrections)
    add_site_command(sub)


def _results(settings: Settings, report_id: str) -> dict[tuple[str, str], tuple[str, str]]:
    if not settings.published_path.exists():
        return {}
    con = duckdb.connect(str(settings.published_path), read_only=True)
    try:
        return {(r[0], r[1]): (r[2], r[3]) for r in con.execute(RESULTS_SQL, [report_id]).fetchall()}
    except duckdb.Error:
        return {}
    finally:
        con.close()


def _record_and_apply(args: argparse.Namespace, settings: Settings, correction: Correction) -> int:
    try:
        append(settings.corrections_path, correction)
    except ValueError as bad:
        print(f"ogi {args.command}: {bad}; nothing recorded", file=sys.stderr)
        return 2
    print(f"recorded {correction.correction_id} ({correction.action}) in {settings.corrections_path}")
    if not args.apply:
        print("not applied yet: the next `ogi run` loads it")
        return 0
    from orchestration.defs.pipeline import run_pipeline
    from orchestration.warehouse.lock import WarehouseBusy

    report_id = correction.report_id
    before = _results(settings, report_id)
    log = settings.logs_dir / "ogi-correct.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        # no files: the run loads the log, dbt rebuilds the reports whose corrections changed, and publishes;
        # dbt's and Dagster's output go to the log file, as `ogi run` sends them
        with open(log, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
            result = run_pipeline([], settings=settings, log_level="CRITICAL", wait=True)
    except WarehouseBusy as busy:  # pragma: no cover - wait=True waits instead
        print(f"ogi {args.command}: {busy}", file=sys.stderr)
        return 3
    if not result.success:
        print(f"ogi {args.command}: the rebuild failed (see {log}); the correction is recorded and applies at the next run",
              file=sys.stderr)
        return 2
    after = _results(settings, report_id)
    for key in sorted(after):
        old, old_message = before.get(key, ("(none)", ""))
        outcome, message = after[key]
        # what moved: the outcome, the numbers in the message, or it now runs on corrected values
        if old != outcome or old_message != message or "corrected values" in (message or ""):
            print(f"  {key[0]} [{key[1]}]: {old} -> {outcome}: {message}")
    return 0


def _withdrawn_report(settings: Settings, correction_id: str) -> str:
    from orchestration.review.corrections.log import read_log

    return next((r["report_id"] for r in read_log(settings.corrections_path) if r["correction_id"] == correction_id), "")


def cmd_correct(args: argparse.Namespace, settings: Settings) -> int:
    """Record a cell correction, an OCR confirmation or a withdrawal, then rebuild (unless --no-apply)."""
    by = args.by or settings.reviewer
    if args.withdraw:
        report = _withdrawn_report(settings, args.withdraw)
        if not report:
            print(f"ogi correct: no correction {args.withdraw} in {settings.corrections_path}", file=sys.stderr)
            return 2
        return _record_and_apply(args, settings, Correction(
            action="withdraw", report_id=report, target_id=args.withdraw, reason=args.reason, reviewed_by=by))
    needed = [args.report_id, args.table, args.row, args.column] + ([] if args.confirm else [args.value])
    if not all(needed):
        print("ogi correct: give REPORT_ID TABLE ROW COLUMN VALUE (VALUE optional with --confirm)", file=sys.stderr)
        return 2
    table = TABLE_CODES.get(args.table)
    if table is None:
        print(f"ogi correct: table {args.table!r} is not 二, 三 or 四 (or 2, 3, 4)", file=sys.stderr)
        return 2
    return _record_and_apply(args, settings, Correction(
        action="confirm" if args.confirm else "correct", report_id=args.report_id, table_code=table,
        row_key=args.row, column_key=args.column, value=args.value or "", reason=args.reason, reviewed_by=by))


def cmd_confirm_rule(args: argparse.Namespace, settings: Settings) -> int:
    """Mark a rule result as confirmed with the agency (a note in the log; the failure stays a failure)."""
    return _record_and_apply(args, settings, Correction(
        action="confirm_rule", report_id=args.report_id, rule_id=args.rule_id, subject=args.subject,
        reason=args.note, reviewed_by=args.by or settings.reviewer))


def cmd_corrections(args: argparse.Namespace, settings: Settings) -> int:
    """Print every line of the log with its status in the published warehouse (fct_corrections)."""
    if not settings.published_path.exists():
        print("ogi corrections: no warehouse yet (run `ogi run` first)", file=sys.stderr)
        return 2
    con = duckdb.connect(str(settings.published_path), read_only=True)
    try:
        rows = con.execute(
            "select correction_id, action, report_id, coalesce(table_code || ' ' || row_key || ' / ' || column_key, "
            "rule_id || ' [' || subject || ']', 'withdraws ' || target_id), corrected_value, printed_raw_value, "
            "status, status_reason, reviewed_by, recorded_at, reason from fct_corrections order by line_no"
        ).fetchall()
    finally:
        con.close()
    for cid, action, report, what, value, printed, status, why, by, at, reason in rows:
        change = f" {printed!r} -> {value:g}" if value is not None else ""
        print(f"{cid} {status:<10} {action:<12} {report or ''} {what}{change} by {by} at {at}: {reason}"
              + (f" ({why})" if why else ""))
    return 0


def add_site_command(sub: argparse._SubParsersAction) -> None:
    """``ogi review``: the static review site."""
    review = sub.add_parser("review", help="write the static review site from the published warehouse (and --serve it)")
    review.add_argument("--out", default="data/review", help="site folder (default data/review)")
    review.add_argument("--serve", action="store_true", help="then serve it on http://127.0.0.1:PORT/")
    review.add_argument("--port", type=int, default=8081)
    review.set_defaults(func=cmd_review)


def cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    """Write the review site (orchestration/review/site/) and optionally serve it on 127.0.0.1."""
    from pathlib import Path

    from orchestration.review.site.build import build_site

    if not settings.published_path.exists():
        print("ogi review: no warehouse yet (run `ogi run` first)", file=sys.stderr)
        return 2
    out = Path(args.out).resolve()
    site = build_site(settings.published_path, settings.lake_dir, out)
    print(f"review site: {out / 'index.html'} ({site.reports} reports, {site.agencies} agencies, "
          f"{site.evidence_files} evidence pictures)")
    if args.serve:
        import functools
        import http.server

        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
        with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
            print(f"serving on http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
            server.serve_forever()
    return 0
