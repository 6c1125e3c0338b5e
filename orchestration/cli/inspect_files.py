"""`ogi parse` and `ogi evaluate`: one report as parsed, and parses compared with golden files."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from orchestration.cli.terminal import shown
from orchestration.settings import Settings


def unreadable_reason(path: Path) -> str | None:
    """Why ``path`` cannot be read as one report file (missing, a folder, not readable), or None."""
    if not path.exists():
        return "no such file" + (" (a broken symbolic link)" if path.is_symlink() else "")
    if path.is_dir():
        return "is a folder, not a report file"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


def cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    """Parse one file and print it (as golden-shaped JSON with --json); exit 2 with one line when it cannot be read."""
    from ingestion.golden import to_golden
    from ingestion.parse import parse_file

    path = Path(args.file)
    if (why := unreadable_reason(path)) is None:
        try:
            report = parse_file(path, settings.parse_limits)
        except OSError as exc:  # vanished or unreadable between the check and the read
            why = exc.strerror or str(exc)
    if why is not None:
        print(f"ogi parse: {shown(args.file)}: {why}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(to_golden(report), ensure_ascii=False, indent=1))
        return 0 if report.status in ("parsed", "partial") else 1
    print(f"{report.source_file}: {report.status} {report.status_reason or ''}")
    print(f"agency: {report.meta.agency_name} ({report.meta.agency_name_source})  year: {report.meta.report_year}  "
          f"region: {report.meta.region}  template: {report.meta.template_version}")
    for name, accounting in report.accounting.items():
        print(f"table {name}: numbers {_numbers_text(_numbers_of([accounting]))}")
    for issue in report.issues:
        where = issue.prov.describe() if issue.prov else ""
        print(f"  [{issue.severity}] {issue.code} {where}: {issue.message}")
    return 0 if report.status in ("parsed", "partial") else 1


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    """Compare parses with golden files: per file and in total, cells equal, wrong and missing, and each mismatch.

    A *wrong* cell holds something other than what was printed (the worst outcome: a number in the wrong
    place); a *missing* cell was printed but not read (left blank or out, e.g. in a table marked partial).
    Scanned files (read by OCR) are also summed per dpi: cells equal, uncertain (no value, low confidence),
    wrong and missing. Each file also says what became of the numbers printed in its tables 二/三/四
    (``ParsedReport.accounting``): printed = placed + unplaced + uncertain, and the cells inferred by arithmetic.
    Exit 0 every cell equal and no printed number unplaced, 1 otherwise, 2 a file or the golden folder could
    not be read.
    """
    from ingestion.golden import compare, to_golden, uncertain_cells
    from ingestion.parse import parse_file

    golden_dir = Path(args.golden_dir)
    if not golden_dir.is_dir():
        print(f"ogi evaluate: {shown(args.golden_dir)}: no such folder of golden files", file=sys.stderr)
        return 2
    total = equal = wrong = missing = 0
    per_dpi: dict[int, Counter] = {}
    numbers: Counter = Counter()
    unread = 0
    for f in map(Path, args.files):
        if (why := unreadable_reason(f)) is not None:
            print(f"{shown(str(f))}: could not be read: {why}")
            unread += 1
            continue
        golden_file = golden_dir / (f.stem + ".json")
        if not golden_file.exists():
            print(f"{f.name}: no golden file {golden_file.name}, skipped")
            continue
        report = parse_file(f, settings.parse_limits)
        n, mismatches = compare(json.loads(golden_file.read_text()), to_golden(report))
        n_missing = sum(1 for m in mismatches if m.missing)
        n_wrong = len(mismatches) - n_missing
        total, equal = total + n, equal + n - len(mismatches)
        wrong, missing = wrong + n_wrong, missing + n_missing
        counts = _numbers(report)
        numbers.update(counts)
        print(f"{f.name}: {n - len(mismatches)}/{n} cells equal ({100 * (n - len(mismatches)) / n:.1f}%), "
              f"{n_wrong} wrong, {n_missing} missing; numbers {_numbers_text(counts)}")
        if report.status != "parsed":
            print(f"    {report.status}: {report.status_reason}")
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
    print(f"NUMBERS: {_numbers_text(numbers)}")
    print(f"TOTAL: {equal}/{total} cells equal ({pct:.1f}%), {wrong} wrong, {missing} missing")
    if unread:
        return 2
    return 0 if total and equal == total and not numbers["unplaced"] else 1


_NUMBER_KINDS = ("printed", "placed", "inferred", "unplaced", "uncertain")


def _numbers(report) -> Counter:
    """A report's accounting summed over its tables 二/三/四: printed, placed, inferred, unplaced, uncertain."""
    return _numbers_of(report.accounting.values())


def _numbers_of(accountings) -> Counter:
    out: Counter = Counter({kind: 0 for kind in _NUMBER_KINDS})
    for accounting in accountings:
        out.update({kind: getattr(accounting, kind) for kind in _NUMBER_KINDS})
    return out


def _numbers_text(c: Counter) -> str:
    return (f"printed {c['printed']}, placed {c['placed']}, inferred {c['inferred']}, "
            f"unplaced {c['unplaced']}, uncertain {c['uncertain']}")
