"""Which files under the input folders are reports to read, and which are skipped and why.

Skipped, each counted: hidden files and folders; the warehouse file, its build copy and their DuckDB
side files (a warehouse kept inside the ingested folder must not ingest itself on the next run); the
Parquet lake and the run logs; symbolic links leading outside the input folder (a link to /etc/passwd is
never opened); links to folders (their targets are either outside, or reached directly); anything that is
not a regular file (a FIFO would block the reader forever). A file named explicitly on the command line is
taken as asked, but the warehouse, lake and log exclusions still apply to it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingestion.frames import PARSER_VERSION
from orchestration.runner.limits import FileLimits
from orchestration.runner.tasks import UNCHANGED, FileOutcome, ParseTask
from orchestration.warehouse.lake import is_parsed

SKIP_REASONS = {
    "hidden": "hidden file or folder",
    "warehouse": "the warehouse file, its build copy or their side files",
    "lake": "the Parquet lake folder (OGI_LAKE)",
    "logs": "the run log folder",
    "symlink_outside": "symbolic link leading outside the input folder",
    "symlink_folder": "symbolic link to a folder inside the input folder (its files are read where they are)",
    "not_regular": "not a regular file (FIFO, device or socket)",
    "unreadable": "folder that cannot be listed",
    "missing": "no such file or folder",
}


@dataclass
class Skipped:
    """One path discovery left out: the path, a kind from SKIP_REASONS and a sentence saying why."""

    path: str
    kind: str
    reason: str


@dataclass(frozen=True)
class OwnFiles:
    """What this project writes, which discovery never takes as input (from Settings, passed in)."""

    warehouse: Path
    build: Path
    lake: Path
    logs: Path


@dataclass
class Discovery:
    """The files to read (resolved, sorted), each with the ``stat`` taken when it was found, and what was skipped."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    stats: dict[Path, os.stat_result] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Skips per kind, e.g. ``{"hidden": 2, "symlink_outside": 1}``."""
        return dict(sorted(Counter(s.kind for s in self.skipped).items()))


def _is_own_file(path: Path, warehouses: list[Path]) -> bool:
    # w.duckdb, w.duckdb.wal, w.duckdb.tmp1234 (a publish in progress) next to the warehouse, and the
    # publish slots .w.duckdb.a / .w.duckdb.b the published link points at (orchestration/publish.py)
    return any(
        path.parent == w.parent
        and (path.name == w.name or path.name.startswith((w.name + ".", f".{w.name}.")))
        for w in warehouses
    )


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _Walker:
    def __init__(self, own: OwnFiles) -> None:
        self.warehouses = [own.warehouse, own.build]
        self.own_dirs = {str(own.lake.resolve()): "lake", str(own.logs.resolve()): "logs"}
        self.result = Discovery()
        self.found: dict[Path, os.stat_result] = {}

    def skip(self, path: str, kind: str, detail: str = "") -> None:
        self.result.skipped.append(Skipped(path, kind, SKIP_REASONS[kind] + (f" ({detail})" if detail else "")))

    def own_dir_kind(self, resolved: str) -> str | None:
        """"lake" or "logs" when ``resolved`` is that folder or inside it."""
        return next((kind for folder, kind in self.own_dirs.items() if _inside(resolved, folder)), None)

    def take_file(self, path: str, resolved: Path) -> None:
        # the listed path and its target both: the published warehouse is a link to a slot beside it
        if _is_own_file(resolved, self.warehouses) or _is_own_file(Path(os.path.abspath(path)), self.warehouses):
            self.skip(path, "warehouse")
            return
        try:
            st = resolved.stat()
        except OSError as exc:
            self.skip(path, "not_regular", f"cannot stat: {exc.strerror}")
            return
        if not stat.S_ISREG(st.st_mode):
            self.skip(path, "not_regular")
            return
        self.found[resolved] = st  # the one stat of this file: its size decides the cap, its id below

    def walk(self, root: Path) -> None:
        real_root = os.path.realpath(root)
        def unlisted(error: OSError) -> None:
            self.skip(str(error.filename), "unreadable", error.strerror or str(error))

        for folder, dirs, files in os.walk(real_root, onerror=unlisted, followlinks=False):
            kept = []
            for d in sorted(dirs):
                full = os.path.join(folder, d)
                if d.startswith("."):
                    self.skip(full, "hidden")
                elif os.path.islink(full):
                    target = os.path.realpath(full)
                    inside = _inside(target, real_root)
                    self.skip(full, "symlink_folder" if inside else "symlink_outside", "" if inside else f"-> {target}")
                elif (kind := self.own_dir_kind(full)) is not None:
                    self.skip(full, kind)
                else:
                    kept.append(d)
            dirs[:] = kept
            for name in sorted(files):
                full = os.path.join(folder, name)
                if _is_own_file(Path(full), self.warehouses):
                    self.skip(full, "warehouse")  # the publish slots (.w.duckdb.a) too, though hidden
                    continue
                if name.startswith("."):
                    self.skip(full, "hidden")
                    continue
                target = os.path.realpath(full)
                if os.path.islink(full) and not _inside(target, real_root):
                    self.skip(full, "symlink_outside", f"-> {target}")
                    continue
                if (kind := self.own_dir_kind(target)) is not None:
                    self.skip(full, kind)
                    continue
                self.take_file(full, Path(target))


def discover_files(paths: Iterable[str | Path], own: OwnFiles) -> Discovery:
    """Every report file under the given files and folders (resolved, sorted), and every skip with its reason."""
    walker = _Walker(own)
    for p in map(Path, paths):
        if p.is_dir():
            walker.walk(p)
        elif p.exists() or p.is_symlink():
            resolved = p.resolve()
            if (kind := walker.own_dir_kind(str(resolved))) is not None:
                walker.skip(str(p), kind)
            else:
                walker.take_file(str(p), resolved)
        else:
            walker.skip(str(p), "missing")
    walker.result.files = sorted(walker.found)
    walker.result.stats = walker.found
    return walker.result


def file_task(path: Path, st: os.stat_result, limits: FileLimits) -> ParseTask:
    """A file as a task: hashed once (``hashlib.file_digest``, streamed), or refused unread when over the cap."""
    if too_large := limits.oversize_reason(st.st_size):
        digest = hashlib.sha256(f"oversize\0{path}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()
        return ParseTask(str(path), st.st_size, digest, too_large, "file_too_large")
    try:
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as exc:  # vanished or unreadable since it was listed: it still gets its row
        digest = hashlib.sha256(f"unreadable\0{path}".encode()).hexdigest()
        return ParseTask(str(path), 0, digest, f"file could not be read: {exc.strerror or exc}", "unreadable")
    return ParseTask(str(path), st.st_size, digest)


@dataclass
class Plan:
    """A run's files sorted into tasks to parse and outcomes known without parsing."""

    tasks: list[ParseTask] = field(default_factory=list)
    settled: list[FileOutcome] = field(default_factory=list)  # duplicates, unchanged, excluded by discovery
    discovery: Discovery = field(default_factory=Discovery)


def plan_run(paths: Iterable[str | Path], own: OwnFiles, limits: FileLimits, force: bool = False) -> Plan:
    """Discover the files, hash each once, and keep as tasks only those this run must parse.

    A file with the same content as an earlier one is a ``duplicate`` (parsed once: two workers must
    never write the same report folder); one whose content this parser version already wrote to the lake
    is ``skipped`` (decided here from the hash just taken: sending 10,000 unchanged files through the pool
    only to skip them cost ~5 s of a one-file re-run); what discovery left out is ``excluded``.
    """
    found = discover_files(paths, own)
    plan = Plan(discovery=found)
    first: dict[str, str] = {}
    for path in found.files:
        task = file_task(path, found.stats[path], limits)
        if task.refused is None and task.report_id in first:
            plan.settled.append(FileOutcome(task.path, task.report_id, "duplicate", True, 0.0, f"same content as {first[task.report_id]}"))
            continue
        first.setdefault(task.report_id, task.path)
        if not force and task.refused is None and is_parsed(own.lake, task.report_id, PARSER_VERSION):
            plan.settled.append(FileOutcome(task.path, task.report_id, "skipped", True, 0.0, UNCHANGED))
            continue
        plan.tasks.append(task)
    plan.settled += [FileOutcome(s.path, "", "excluded", True, 0.0, s.reason) for s in found.skipped]
    return plan
