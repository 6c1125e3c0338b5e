"""Benchmark 1: files per second per format, one core, through ``parse_bytes`` on generated reports.

Each format is measured on reports generated in every one of its layouts (several base reports each,
numbers and agencies varied by bench/corpus.py), held in memory so no disk I/O is timed. One warm-up pass
imports the readers; then passes are repeated until ``min_seconds`` have elapsed. Only parsing is timed
(no Parquet writing: the end-to-end benchmark covers that).
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor

from bench.common import BackgroundLoad, log, timer
from bench.corpus import FORMATS, sample
from ingestion.parse import parse_bytes


def bench_format(fmt: str, per_layout: int = 4, min_seconds: float = 3.0, min_passes: int = 2) -> dict:
    """Throughput of one format: files/s, per-file times, sizes, statuses, and ms per layout."""
    files = sample(fmt, per_layout)
    statuses = Counter(parse_bytes(data, name).status for _, data, name in files)  # warm-up
    per_file: list[float] = []
    per_layout: dict[str, list[float]] = defaultdict(list)
    passes = 0
    start = timer()
    while passes < min_passes or timer() - start < min_seconds:
        for layout, data, name in files:
            t = timer()
            parse_bytes(data, name)
            elapsed = timer() - t
            per_file.append(elapsed)
            per_layout[layout].append(elapsed)
        passes += 1
    total = sum(per_file)
    ordered = sorted(per_file)
    return {
        "format": fmt,
        "files": len(files),
        "layouts": len(per_layout),
        "passes": passes,
        "files_per_s": len(per_file) / total,
        "ms_mean": 1000 * total / len(per_file),
        "ms_median": 1000 * statistics.median(per_file),
        "ms_p95": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
        "kb_mean": sum(len(d) for _, d, _ in files) / len(files) / 1024,
        "parsed_share": statuses.get("parsed", 0) / len(files),
        "by_layout_ms": {k: 1000 * statistics.mean(v) for k, v in per_layout.items()},
    }


def _parse_for(files: list[tuple[str, bytes, str]], start_at: float, seconds: float) -> tuple[int, float]:
    """In a worker process: warm up, wait for the common start, parse round and round for ``seconds``."""
    for _, data, name in files:
        parse_bytes(data, name)
    time.sleep(max(0.0, start_at - time.time()))
    done, start = 0, timer()
    while timer() - start < seconds:
        for _, data, name in files:
            parse_bytes(data, name)
            done += 1
    return done, timer() - start


def parallel_rate(fmt: str, workers: int, per_layout: int = 4, seconds: float = 3.0) -> float:
    """Files/s of ``workers`` processes parsing at the same time (how parsing scales on this machine)."""
    files = sample(fmt, per_layout)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        start_at = time.time() + 8.0  # after every worker has started and warmed up
        results = list(pool.map(_parse_for, [files] * workers, [start_at] * workers, [seconds] * workers))
    return sum(done / elapsed for done, elapsed in results)


def run(formats: tuple[str, ...] = FORMATS, per_layout: int = 4, min_seconds: float = 3.0, workers: int = 1) -> list[dict]:
    """Benchmark every format in turn in this process (one core); with ``workers`` > 1, also all at once."""
    out = []
    for fmt in formats:
        log(f"[formats] {fmt} ...")
        with BackgroundLoad() as load:
            result = bench_format(fmt, per_layout, min_seconds)
        result["background_cores"] = load.cores
        log(f"[formats] {fmt}: {result['files_per_s']:.1f} files/s ({result['ms_mean']:.1f} ms/file)")
        if workers > 1:
            result["parallel_workers"] = workers
            with BackgroundLoad() as load:
                result["parallel_files_per_s"] = parallel_rate(fmt, workers, per_layout, min_seconds)
            result["parallel_background_cores"] = load.cores
            log(f"[formats] {fmt}: {workers} processes at once: {result['parallel_files_per_s']:.1f} files/s")
        out.append(result)
    return out
