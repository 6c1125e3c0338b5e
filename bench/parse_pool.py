"""The parse fan-out's own cost on the normal path: many small files through the process pool.

Generates text, Markdown, HTML and DOCX reports (no PDFs: their parse time would hide the pool's
overhead), then times discovery + parsing (force) on N processes, best of R repeats, and prints files/s.
It measures whichever code is first on PYTHONPATH: this tree's pebble pool (``orchestration.runner``),
or an older checkout's hand-written watchdog pool (``orchestration.parsing.parse_files``), so the two can
be compared on one machine:

    PYTHONPATH=. .venv/bin/python bench/parse_pool.py --files 800 --workers 2 --repeats 3
    git worktree add /tmp/old e2a6fd7 && PYTHONPATH=/tmp/old .venv/bin/python bench/parse_pool.py ...
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path


def make_corpus(folder: Path, files: int) -> int:
    """Write about ``files`` small reports into ``folder`` (cached: reused when already there)."""
    from bench.corpus import LAYOUTS, sample

    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.iterdir())) >= files:
        return len(list(folder.iterdir()))
    formats = ("text", "markdown", "html", "docx")
    per_layout = max(1, files // sum(len(LAYOUTS[f]) for f in formats))
    n = 0
    for fmt in formats:
        for i, (_, data, name) in enumerate(sample(fmt, per_layout)):
            (folder / f"{fmt}-{i:05d}-{name}").write_bytes(data)
            n += 1
    return n


def _parser(workers: int):
    """(parse(corpus, lake) -> outcomes, the module measured) for the code first on the path."""
    try:
        from orchestration.runner import pool
        from orchestration.runner.discovery import OwnFiles, plan_run
        from orchestration.runner.tasks import ParseBatch, RunLimits
    except ImportError:  # an older checkout: the hand-written watchdog pool
        import orchestration.parsing as parsing

        return (lambda corpus, lake: parsing.parse_files(parsing.discover([corpus]), lake, workers=workers, force=True)), parsing.__file__

    def parse(corpus: Path, lake: Path):
        limits = RunLimits()
        own = OwnFiles(lake / "w.duckdb", lake / "w.build.duckdb", lake / "lake", lake / "logs")
        plan = plan_run([corpus], own, limits.files, force=True)
        return pool.run_batch(ParseBatch(tuple(plan.tasks), str(lake), limits, workers))

    return parse, pool.__file__


def main() -> None:
    """Parse the corpus R times and print the best files/s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=800)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--corpus", default=str(Path(tempfile.gettempdir()) / "ogi-bench-parse-pool"))
    args = parser.parse_args()

    corpus = Path(args.corpus)
    count = make_corpus(corpus, args.files)
    parse, code = _parser(args.workers)
    timings = []
    for _ in range(args.repeats):
        lake = Path(tempfile.mkdtemp(prefix="ogi-bench-lake-"))
        start = time.perf_counter()
        outcomes = parse(corpus, lake)
        timings.append(time.perf_counter() - start)
        shutil.rmtree(lake, ignore_errors=True)
    best = min(timings)
    print(f"code: {code}")
    print(f"files: {count}  outcomes: {len(outcomes)}  workers: {args.workers}")
    print(f"seconds: {', '.join(f'{t:.2f}' for t in timings)}  best: {best:.2f}  files/s: {count / best:.1f}")


if __name__ == "__main__":
    main()
