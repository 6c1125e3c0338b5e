"""Shared pieces of the benchmarks: the machine, a process-tree memory sampler, and table printing."""

from __future__ import annotations

import os
import platform
import resource
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"

try:  # installed with the project's dependencies (not declared by it); the fallback is getrusage only
    import psutil
except ImportError:  # pragma: no cover - depends on the environment
    psutil = None


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, Python, OS and the versions of the libraries that do the work."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        if psutil:
            ram = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    physical = psutil.cpu_count(logical=False) if psutil else None
    versions = []
    for dist in ("pdfplumber", "pdfminer.six", "python-docx", "lxml", "polars", "duckdb", "dbt-core", "dbt-duckdb", "dagster"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    return {
        "CPU": cpu,
        "cores": f"{os.cpu_count()} logical" + (f" ({physical} physical)" if physical else ""),
        "RAM": ram,
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": f"{platform.system()} {platform.release()} ({platform.machine()})"
        + (f", {_os_release()}" if _os_release() else ""),
        "libraries": ", ".join(versions),
        "code": code_version(),
    }


def code_version() -> str:
    """The commit measured, and whether the working tree had changes (benchmarks measure the tree as it is)."""
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{head}" + (" + uncommitted changes" if dirty else "")


def _os_release() -> str:
    """The distribution's pretty name from /etc/os-release, or ''."""
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return ""


def _pss_kb(pid: int) -> int | None:
    """Proportional set size of one process (shared pages divided among their users), from smaps_rollup."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class TreeSampler:
    """Samples the memory of a process and all its descendants in a background thread.

    ``peak_rss`` sums the resident sets (shared pages counted once per process: an upper bound),
    ``peak_pss`` sums the proportional sets (shared pages divided: what the tree really holds), and
    ``peak_single_rss`` is the largest single process; ``peak_breakdown`` says which processes held the
    peak PSS (and when, in seconds from the start). Sampling misses peaks shorter than the interval.
    """

    def __init__(self, pid: int, interval: float = 0.2):
        """Sampler settings; nothing runs before ``with``."""
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = self.peak_single_rss = 0
        self.peak_processes = 0
        self.peak_breakdown: list[tuple[str, float]] = []
        self.peak_at_s = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        """Start sampling."""
        if psutil:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        """Stop sampling."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        """The sampling loop (background thread)."""
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        start = time.time()
        while not self._stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            rss = pss = 0
            parts = []
            for proc in procs:
                try:
                    one = proc.memory_info().rss
                    name = " ".join(proc.cmdline()[1:3])[-60:] or proc.name()
                except psutil.Error:
                    continue
                rss += one
                self.peak_single_rss = max(self.peak_single_rss, one)
                kb = _pss_kb(proc.pid)
                pss += kb * 1024 if kb is not None else one
                parts.append((name, (kb * 1024 if kb is not None else one) / 2**20))
            if pss > self.peak_pss:
                self.peak_breakdown, self.peak_at_s = sorted(parts, key=lambda kv: -kv[1]), time.time() - start
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.peak_processes = max(self.peak_processes, len(procs))
            self._stop.wait(self.interval)

    def as_dict(self) -> dict[str, object]:
        """The peaks in MiB (None without psutil: nothing was sampled)."""
        mib = 2**20
        if not psutil:
            return dict.fromkeys(("peak_tree_pss_mib", "peak_tree_rss_mib", "peak_single_rss_mib", "peak_processes"))
        return {
            "peak_tree_pss_mib": self.peak_pss / mib,
            "peak_tree_rss_mib": self.peak_rss / mib,
            "peak_single_rss_mib": self.peak_single_rss / mib,
            "peak_processes": self.peak_processes,
            "peak_at_s": self.peak_at_s,
            "peak_breakdown_mib": self.peak_breakdown,
        }


def _own_pids() -> set[int]:
    """This process and all its descendants."""
    me = psutil.Process()
    try:
        return {me.pid, *(p.pid for p in me.children(recursive=True))}
    except psutil.Error:
        return {me.pid}


def _foreign_cpu() -> dict[int, tuple[float, float]]:
    """CPU seconds (user + system) and creation time of every process outside this benchmark's tree."""
    own = _own_pids()
    out = {}
    for proc in psutil.process_iter(["cpu_times", "create_time"]):
        if proc.pid in own or proc.info["cpu_times"] is None:
            continue
        times = proc.info["cpu_times"]
        out[proc.pid] = (times.user + times.system, proc.info["create_time"] or 0.0)
    return out


class BackgroundLoad:
    """How busy the machine was with *other* work (not this benchmark's processes) during a block, in cores.

    Other sessions running tests on the same machine slow every figure down; each result carries this
    so a disturbed measurement can be recognised. Sampled every second; processes that live less than a
    second between samples are missed.
    """

    def __init__(self, interval: float = 1.0):
        """Sampler settings; nothing runs before ``with``."""
        self.interval = interval
        self.foreign_cpu_s = 0.0
        self.wall_s = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> BackgroundLoad:
        """Start sampling."""
        self._start = time.time()
        if psutil:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        """Stop sampling."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self.wall_s = time.time() - self._start

    def _run(self) -> None:
        """The sampling loop (background thread)."""
        last = _foreign_cpu()
        while not self._stop.wait(self.interval):
            now = _foreign_cpu()
            for pid, (cpu, created) in now.items():
                if pid in last:
                    self.foreign_cpu_s += max(0.0, cpu - last[pid][0])
                elif created >= self._start:  # started during the block: all its CPU time is new
                    self.foreign_cpu_s += cpu
            last = now

    @property
    def cores(self) -> float | None:
        """Average number of cores other work kept busy (None without psutil)."""
        if not psutil:
            return None
        return self.foreign_cpu_s / self.wall_s if self.wall_s else 0.0


def cores_text(cores: float | None) -> str:
    """Other load for a table cell."""
    return "n/a" if cores is None else f"{cores:.2f}"


def wait_until_quiet(max_wait: float, threshold: float = 0.2, window: float = 5.0) -> float:
    """Wait (at most ``max_wait`` s) for other work to use under ``threshold`` cores over ``window`` s; the last load seen."""
    if not psutil or max_wait <= 0:
        return 0.0
    deadline = time.time() + max_wait
    while True:
        with BackgroundLoad() as load:
            time.sleep(window)
        if (load.cores or 0.0) < threshold or time.time() >= deadline:
            return load.cores
        log(f"  machine busy with other work ({load.cores:.2f} cores); waiting for it to calm down ...")


def maxrss_mib(who: int) -> float:
    """``getrusage(who).ru_maxrss`` in MiB (Linux reports KiB): the largest single process, not a sum."""
    return resource.getrusage(who).ru_maxrss / 1024


def md_table(headers: list[str], rows: list[list[object]]) -> str:
    """A GitHub markdown table."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out)


def _cell(value: object) -> str:
    """A table cell: numbers rounded to a sensible precision, with thousands separators; None is n/a."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def timer() -> float:
    """A monotonic high-resolution clock."""
    return time.perf_counter()


def log(*parts: object) -> None:
    """Progress on stderr, so stdout holds only the results."""
    print(*parts, file=sys.stderr, flush=True)
