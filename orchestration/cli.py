"""`ogi` — the command line: run the pipeline, parse one report, evaluate against golden files."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import warnings
from collections import Counter
from pathlib import Path

from orchestration.paths import DEFAULT_SAMPLES, logs_dir, warehouse_path


def cmd_run(args: argparse.Namespace) -> int:
    """Parse the given files/folders, load, build and publish the warehouse, print a summary."""
    from orchestration.pipeline import run_pipeline

    paths = args.paths or [str(DEFAULT_SAMPLES)]
    if args.verbose:
        result = run_pipeline(paths, workers=args.workers, force=args.force, full_refresh=args.full_refresh)
    else:
        # dbt's and Dagster's step-by-step output goes to a log file; the terminal gets progress and the summary
        log = logs_dir() / "ogi-run.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
            result = run_pipeline(
                paths, workers=args.workers, force=args.force, log_level="WARNING", full_refresh=args.full_refresh
            )
        print(f"details: {log}")
    statuses = Counter(o["status"] for o in result.parse_outcomes)
    print(f"files: {len(result.parse_outcomes)}  " + "  ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    for o in result.parse_outcomes:
        if o["status"] not in ("parsed", "skipped"):
            # repr-like quoting keeps a name with a newline or control characters on one line
            print(f"  {o['status']:<11} {_shown(o['source_path'])}: {o['reason']}")
    if not result.success:
        print("pipeline failed; the last published warehouse is untouched", file=sys.stderr)
        for event in result.dagster_result.all_events:
            if event.is_failure:
                print(f"  {event.step_key}: {event.message}", file=sys.stderr)
        return 2
    s = result.summary
    print(f"warehouse: {result.warehouse}")
    print(
        f"reports: {s.get('reports')} (parsed {s.get('reports_parsed')}, other {s.get('reports_not_parsed')})  "
        f"cells: {s.get('cells')}  rule results failed: {s.get('rules_failed')} "
        f"(in {s.get('reports_failing_a_rule')} reports), not assessable: {s.get('rules_not_assessable')}"
    )
    return 0


def _shown(path: str) -> str:
    """A path for the terminal: as is when printable, else quoted with escapes (a newline in a name stays visible)."""
    return path if path.isprintable() else repr(path)


def cmd_parse(args: argparse.Namespace) -> int:
    """Parse one file and print it (as golden-shaped JSON with --json)."""
    from ingestion.golden import to_golden
    from ingestion.parse import parse_file

    report = parse_file(args.file)
    if args.json:
        print(json.dumps(to_golden(report), ensure_ascii=False, indent=1))
        return 0 if report.status in ("parsed", "partial") else 1
    print(f"{report.source_file}: {report.status} {report.status_reason or ''}")
    print(f"agency: {report.meta.agency_name} ({report.meta.agency_name_source})  year: {report.meta.report_year}  "
          f"region: {report.meta.region}  template: {report.meta.template_version}")
    for issue in report.issues:
        where = issue.prov.describe() if issue.prov else ""
        print(f"  [{issue.severity}] {issue.code} {where}: {issue.message}")
    return 0 if report.status in ("parsed", "partial") else 1


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Compare parses with golden files: per file and in total, cells equal, wrong and missing, and each mismatch.

    A *wrong* cell holds something other than what was printed (the worst outcome: a number in the wrong
    place); a *missing* cell was printed but not read (left blank or out, e.g. in a table marked partial).
    Scanned files (read by OCR) are also summed per dpi: cells equal, uncertain (no value, low confidence),
    wrong and missing.
    """
    from ingestion.golden import compare, to_golden, uncertain_cells
    from ingestion.parse import parse_file

    golden_dir = Path(args.golden_dir)
    total = equal = wrong = missing = 0
    per_dpi: dict[int, Counter] = {}
    for f in map(Path, args.files):
        golden_file = golden_dir / (f.stem + ".json")
        if not golden_file.exists():
            print(f"{f.name}: no golden file {golden_file.name}, skipped")
            continue
        report = parse_file(f)
        n, mismatches = compare(json.loads(golden_file.read_text()), to_golden(report))
        n_missing = sum(1 for m in mismatches if m.missing)
        n_wrong = len(mismatches) - n_missing
        total, equal = total + n, equal + n - len(mismatches)
        wrong, missing = wrong + n_wrong, missing + n_missing
        print(f"{f.name}: {n - len(mismatches)}/{n} cells equal ({100 * (n - len(mismatches)) / n:.1f}%), "
              f"{n_wrong} wrong, {n_missing} missing")
        for m in mismatches:
            print(f"    {'MISSING' if m.missing else 'WRONG  '} {m.row} / {m.column}: expected {m.expected!r}, got {m.got!r}")
        if report.ocr:
            uncertain = uncertain_cells(report)
            unsure = sum(1 for m in mismatches if (m.row, m.column) in uncertain)
            empty = sum(1 for m in mismatches if (m.row, m.column) not in uncertain and m.missing)
            per_dpi.setdefault(report.ocr_dpi, Counter()).update(
                cells=n, equal=n - len(mismatches), uncertain=unsure, missing=empty,
                wrong=len(mismatches) - unsure - empty,
            )
    for dpi, c in sorted(per_dpi.items()):
        print(
            f"OCR {dpi} dpi: {c['equal']}/{c['cells']} cells equal ({100 * c['equal'] / c['cells']:.1f}%), "
            f"{c['uncertain']} uncertain, {c['wrong']} wrong (a different value), {c['missing']} missing "
            "(no value: row or label not read)"
        )
    pct = 100 * equal / total if total else 0.0
    print(f"TOTAL: {equal}/{total} cells equal ({pct:.1f}%), {wrong} wrong, {missing} missing")
    return 0 if total and equal == total else 1


def cmd_check(args: argparse.Namespace) -> int:
    """Parse reports (no warehouse), print their tables and every failed or not-assessable rule.

    Exit 0 when every error-severity rule passes, 1 when one fails (``--strict``: a warning too), 2 when a
    file could not be read (missing, unreadable, or no template table to check).
    """
    from orchestration.review import check_files

    result = check_files(args.files)
    print("\n".join(result.lines))
    print(f"{result.failed_errors + result.failed_warnings} rule result(s) failed "
          f"({result.failed_errors} error, {result.failed_warnings} warning)")
    if result.unreadable:
        print(f"{len(result.unreadable)} file(s) could not be read: " + ", ".join(map(_shown, result.unreadable)))
    return result.exit_code(strict=args.strict)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the marts of the published warehouse as CSV, Parquet or XLSX."""
    from orchestration.export import export_marts

    warehouse = warehouse_path()
    if not warehouse.exists():
        print(f"no warehouse at {warehouse}: run `ogi run` first", file=sys.stderr)
        return 2
    for path in export_marts(warehouse, Path(args.out), args.format):
        print(path)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Generate the dbt docs site (static, from the published warehouse's catalog) and serve it."""
    from orchestration.docs_site import build_docs, serve_docs

    site = build_docs()
    print(f"dbt docs: {site}")
    if args.serve:
        serve_docs(site, args.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="ogi", description="Open-government annual report warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the pipeline into the warehouse (OGI_WAREHOUSE)")
    run.add_argument("paths", nargs="*", help="report files or folders (default data/samples/)")
    run.add_argument("--workers", type=int, default=0, help="parser processes (default: one per core)")
    run.add_argument("--force", action="store_true", help="re-parse files parsed before")
    run.add_argument("--full-refresh", action="store_true", help="rebuild every mart from scratch (default: only the reports that changed)")
    run.add_argument("--verbose", action="store_true", help="show Dagster's and dbt's output as it runs")
    run.set_defaults(func=cmd_run)
    parse = sub.add_parser("parse", help="parse one report file")
    parse.add_argument("file")
    parse.add_argument("--json", action="store_true", help="print in the shape of the golden files")
    parse.set_defaults(func=cmd_parse)
    evaluate = sub.add_parser("evaluate", help="compare parses with golden files")
    evaluate.add_argument("golden_dir")
    evaluate.add_argument("files", nargs="+")
    evaluate.set_defaults(func=cmd_evaluate)
    check = sub.add_parser(
        "check",
        help="review reports without touching the warehouse; exit 0 all error rules pass, 1 one fails, 2 a file could not be read",
    )
    check.add_argument("files", nargs="+")
    check.add_argument("--strict", action="store_true", help="warning rules (R8 prose vs table) fail the check too")
    check.set_defaults(func=cmd_check)
    export = sub.add_parser("export", help="write the marts as csv, parquet or xlsx")
    export.add_argument("--format", choices=("csv", "parquet", "xlsx"), default="csv")
    export.add_argument("--out", default="data/exports", help="output folder (default data/exports)")
    export.set_defaults(func=cmd_export)
    docs = sub.add_parser("docs", help="build the dbt docs site and serve it")
    docs.add_argument("--no-serve", dest="serve", action="store_false")
    docs.add_argument("--port", type=int, default=8080)
    docs.set_defaults(func=cmd_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `ogi` command."""
    # Dagster flags some of its own internals as beta on every run; that is not news for our users
    warnings.filterwarnings("ignore", message=".*is currently in beta.*")
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
