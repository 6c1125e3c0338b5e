"""Which files under the input folders are reports to read, and which are skipped and why.

Skipped, each counted: hidden files and folders; the warehouse file, its build copy and their DuckDB
side files (a warehouse kept inside the ingested folder must not ingest itself on the next run); the
Parquet lake and the run logs; symbolic links leading outside the input folder (a link to /etc/passwd is
never opened); links to folders (their targets are either outside, or reached directly); anything that is
not a regular file (a FIFO would block the reader forever). A file named explicitly on the command line is
taken as asked, but the warehouse, lake and log exclusions still apply to it.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.paths import build_path, lake_dir, logs_dir, warehouse_path

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


@dataclass
class Discovery:
    """The files to read (resolved, sorted) and what was skipped."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Skips per kind, e.g. ``{"hidden": 2, "symlink_outside": 1}``."""
        return dict(sorted(Counter(s.kind for s in self.skipped).items()))


def _own_files() -> tuple[list[Path], dict[str, str]]:
    """(warehouse-like files, {lake or log folder: kind}) this project writes, resolved."""
    return [warehouse_path(), build_path()], {str(lake_dir()): "lake", str(logs_dir()): "logs"}


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
    def __init__(self) -> None:
        self.warehouses, self.own_dirs = _own_files()
        self.result = Discovery()
        self.found: set[Path] = set()

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
            mode = resolved.stat().st_mode
        except OSError as exc:
            self.skip(path, "not_regular", f"cannot stat: {exc.strerror}")
            return
        if not stat.S_ISREG(mode):
            self.skip(path, "not_regular")
            return
        self.found.add(resolved)

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


def discover_files(paths: Iterable[str | Path]) -> Discovery:
    """Every report file under the given files and folders (resolved, sorted), and every skip with its reason."""
    walker = _Walker()
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
    return walker.result
