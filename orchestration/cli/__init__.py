"""`ogi` — the command line: run the pipeline, parse one report, evaluate against golden files, check, export.

Settings are read here, once (OGI_* variables, overridden by ``--warehouse`` / ``--lake``), and passed to
every command; a bad value stops at start with one line naming the variable.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

from orchestration.cli.inspect_files import cmd_evaluate, cmd_parse
from orchestration.cli.outputs import cmd_check, cmd_docs, cmd_export
from orchestration.cli.review import add_commands as add_review_commands
from orchestration.cli.run import cmd_run
from orchestration.settings import PROJECT_ROOT, SettingsError, load_settings

EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a command stopped by a closed pipe


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="ogi", description="Open-government annual report warehouse")
    parser.add_argument("--warehouse", help="the published DuckDB file (default OGI_WAREHOUSE, else data/warehouse.duckdb)")
    parser.add_argument("--lake", help="the Parquet lake (default OGI_LAKE, else lake/ beside the warehouse)")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the pipeline into the warehouse (--warehouse)")
    run.add_argument("paths", nargs="*", help="report files or folders (default data/samples/)")
    run.add_argument("--workers", type=int, default=0, help="parser processes (default: one per core)")
    run.add_argument("--force", action="store_true", help="re-parse files parsed before")
    run.add_argument("--full-refresh", action="store_true", help="rebuild every mart from scratch (default: only the reports that changed)")
    run.add_argument("--verbose", action="store_true", help="show Dagster's and dbt's output as it runs")
    run.add_argument(
        "--wait", action="store_true",
        help="when another run is writing the same warehouse, wait for it (default: exit 3 before parsing)",
    )
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
    check.add_argument("files", nargs="+", help="report files or folders (the files `ogi run` would take)")
    check.add_argument("--strict", action="store_true", help="warning rules (R8 prose vs table) fail the check too")
    check.add_argument("--evidence", metavar="DIR", help="write the evidence (PNG crops, HTML fragments) of every failed or not-assessable rule to DIR")
    check.set_defaults(func=cmd_check)
    export = sub.add_parser("export", help="write the marts as csv, parquet or xlsx")
    export.add_argument("--format", choices=("csv", "parquet", "xlsx"), default="csv")
    export.add_argument("--out", default="data/exports", help="output folder (default data/exports)")
    export.set_defaults(func=cmd_export)
    docs = sub.add_parser("docs", help="build the dbt docs site and serve it")
    docs.add_argument("--no-serve", dest="serve", action="store_false")
    docs.add_argument("--port", type=int, default=8080)
    docs.add_argument("--out", default=str(PROJECT_ROOT / "data" / "docs"), help="site folder (default data/docs)")
    docs.set_defaults(func=cmd_docs)
    add_review_commands(sub)  # correct, confirm-rule, corrections, review (orchestration/cli/review.py)
    return parser


def _silence_closed_stdout() -> None:
    """After a closed pipe (``ogi ... | head``): send what is still buffered nowhere, so exiting is silent too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test's capture): nothing will be flushed to it
        pass


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `ogi` command.

    Exit codes: 0 done; 1 what the command found fails (``ogi check``: an error rule failed); 2 bad input
    (a missing file or folder, a bad setting, a failed run); 3 another run is writing the warehouse
    (``ogi run``); 130 interrupted (Ctrl-C); 141 the output pipe was closed (``ogi parse --json f | head``),
    silently, as a command killed by SIGPIPE would.
    """
    # Dagster flags some of its own internals as beta on every run; that is not news for our users
    warnings.filterwarnings("ignore", message=".*is currently in beta.*")
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(warehouse=args.warehouse, lake=args.lake)
    except SettingsError as exc:
        print(f"ogi: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        code = args.func(args, settings)
        sys.stdout.flush()  # a pipe closed by the reader shows here, while it can still be caught
        return code
    except BrokenPipeError:
        _silence_closed_stdout()
        return EXIT_CLOSED_PIPE
    except KeyboardInterrupt:  # Ctrl-C, e.g. while `ogi run --wait` waits: a line, not a stack
        print("ogi: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
