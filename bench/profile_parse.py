"""Where parse time goes: cProfile over ``parse_bytes`` (and the Parquet write of a worker) for one format.

    .venv/bin/python bench/profile_parse.py pdf [--top 25] [--with-lake]

Prints the time per package (own time of the functions in it: pdfminer, pdfplumber, ingestion, ...) and
the top functions by own and by cumulative time, over generated reports in every layout of the format.
``--with-lake`` also profiles what a parse worker does after parsing (``write_report``: frames + Parquet).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import FORMATS, sample  # noqa: E402
from ingestion.parse import parse_bytes  # noqa: E402
from orchestration.warehouse.lake import write_report  # noqa: E402


def _package(filename: str) -> str:
    """A short owner for a profiled function's file: site-packages top-level name, project package, or stdlib."""
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split(".")[0]
    for mine in ("ingestion", "orchestration"):
        if mine in parts:
            sub = parts[parts.index(mine) :]
            return "/".join(sub[:2]) if len(sub) > 2 else mine
    if filename.startswith("<") or filename == "~":
        return "builtins"
    return f"stdlib:{path.stem}"


def main() -> None:
    """Profile one format and print the breakdown."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("format", choices=FORMATS)
    parser.add_argument("--per-layout", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--with-lake", action="store_true", help="also profile write_report (frames + Parquet)")
    args = parser.parse_args()
    files = sample(args.format, args.per_layout)
    for _, data, name in files:  # warm-up: imports
        parse_bytes(data, name)
    lake = Path(tempfile.mkdtemp(prefix="ogi-profile-lake-"))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.rounds):
        for _, data, name in files:
            report = parse_bytes(data, name)
            if args.with_lake:
                write_report(lake, report, source_path=name, file_size=len(data))
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _line, _func), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        by_package[_package(filename)] += tt
    runs = args.rounds * len(files)
    print(f"{args.format}: {runs} parses, {1000 * total / runs:.1f} ms each under the profiler\n")
    print("own time by package:")
    for package, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {seconds / total:6.1%}  {package}")
    print()
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
