"""The parse fan-out's own cost on the normal path: many small files through ``parse_files``.

Generates text, Markdown, HTML and DOCX reports (no PDFs: their parse time would hide the pool's
overhead), then times ``discover`` + ``parse_files(force=True)`` on N processes, best of R repeats, and
prints files/s. Run it against two versions of the code by putting one first on PYTHONPATH; it prints
which ``orchestration.parsing`` it measured.

    PYTHONPATH=. .venv/bin/python bench/parse_pool.py --files 800 --workers 2 --repeats 3
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


def main() -> None:
    """Parse the corpus R times and print the best files/s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=800)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--corpus", default=str(Path(tempfile.gettempdir()) / "ogi-bench-parse-pool"))
    args = parser.parse_args()

    import orchestration.parsing as parsing

    corpus = Path(args.corpus)
    count = make_corpus(corpus, args.files)
    timings = []
    for _ in range(args.repeats):
        lake = Path(tempfile.mkdtemp(prefix="ogi-bench-lake-"))
        start = time.perf_counter()
        outcomes = parsing.parse_files(parsing.discover([corpus]), lake, workers=args.workers, force=True)
        timings.append(time.perf_counter() - start)
        shutil.rmtree(lake, ignore_errors=True)
    best = min(timings)
    print(f"code: {parsing.__file__}")
    print(f"files: {count}  outcomes: {len(outcomes)}  workers: {args.workers}")
    print(f"seconds: {', '.join(f'{t:.2f}' for t in timings)}  best: {best:.2f}  files/s: {count / best:.1f}")


if __name__ == "__main__":
    main()
