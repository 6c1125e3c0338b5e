"""`ogi check`, `ogi export` and `ogi docs`: what a reviewer or an analyst takes away."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orchestration.cli.terminal import shown
from orchestration.settings import Settings


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Parse reports or folders of them (no warehouse), print their tables, every failed rule and the
    not-assessable ones by cause, then one summary line per file.

    Exit 0 when every error-severity rule passes, 1 when one fails (``--strict``: a warning too), 2 when a
    file could not be read (missing, unreadable, or no template table to check).
    """
    from orchestration.review.check import check_files

    evidence = getattr(args, "evidence", None)
    result = check_files(args.files, settings, Path(evidence).resolve() if evidence else None)
    print("\n".join([*result.lines, *result.summary_lines()]))
    print(f"{result.failed_errors + result.failed_warnings} rule result(s) failed "
          f"({result.failed_errors} error, {result.failed_warnings} warning)")
    if result.unreadable:
        print(f"{len(result.unreadable)} file(s) could not be read: " + ", ".join(map(shown, result.unreadable)))
    return result.exit_code(strict=args.strict)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write the marts of the published warehouse as CSV, Parquet or XLSX."""
    from orchestration.warehouse.export import export_marts

    warehouse = settings.published_path
    if not warehouse.exists():
        print(f"no warehouse at {warehouse}: run `ogi run` first", file=sys.stderr)
        return 2
    for path in export_marts(warehouse, Path(args.out), args.format):
        print(path)
    return 0


def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    """Generate the dbt docs site (static, from the published warehouse's catalog) and serve it."""
    from orchestration.warehouse.docs_site import build_docs, serve_docs

    site = build_docs(settings.published_path, Path(args.out), settings.dbt_memory_limit)
    print(f"dbt docs: {site}")
    if args.serve:
        serve_docs(site, args.port)
    return 0
