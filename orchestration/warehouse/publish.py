"""Publishing the built warehouse without rewriting the whole file when little changed.

The published path (OGI_WAREHOUSE, e.g. data/warehouse.duckdb) is a symbolic link to one of two slots
next to it (``.warehouse.duckdb.a`` / ``.b``). A publish brings the slot *not* linked up to date with the
build and then swaps the link atomically: readers opening the path see the old warehouse or the new one,
never half of either. The stale slot holds the warehouse of two publishes ago, so bringing it up to date
means writing only the blocks that differ from the build (an incremental dbt build changes few), not the
289 MiB a copy of a 10,000-report warehouse writes.

Safety: a slot still opened by a reader (a DuckDB session holds a POSIX lock on its file) is never
written in place; it is replaced by a full copy under a new inode instead, which the reader does not see.
Same-process readers hold no conflicting lock: close them before publishing (the pipeline does).

A publish that fails (a full disk, a file size limit) removes its temporary copy (``*.tmp<pid>``) and
link (``*.link<pid>``) before raising: the published link still points at the last good warehouse.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

BLOCK = 1 << 18  # 256 KiB: DuckDB's block size, so a changed block is written once


def _slots(published: Path) -> tuple[Path, Path]:
    """The two files the published link alternates between."""
    return published.with_name(f".{published.name}.a"), published.with_name(f".{published.name}.b")


def _stale_slot(published: Path) -> Path:
    """The slot the published path does not point to now (the one to write)."""
    a, b = _slots(published)
    current = Path(os.readlink(published)).name if published.is_symlink() else None
    return b if current == a.name else a


def copy_atomically(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` under a new inode: written as ``<target>.tmp<pid>``, then renamed.

    Readers of the old ``target`` keep it; when the copy fails (a full disk, a file size limit, an
    interrupt) the temporary file is removed and the error raised, so ``target`` is as it was and no
    partial copy is left to fill the disk.
    """
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _copy(build: Path, target: Path) -> int:
    """A full copy under a new inode (readers of the old file keep it); bytes written."""
    copy_atomically(build, target)
    return build.stat().st_size


def _update_in_place(build: Path, target: Path) -> int | None:
    """Write only the blocks of ``target`` that differ from ``build``; bytes written.

    None (nothing touched) when another process has the file open (its lock is held).
    """
    with open(target, "r+b") as out:
        try:
            fcntl.lockf(out, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return None
        written = 0
        with open(build, "rb") as src:
            offset = 0
            while block := src.read(BLOCK):
                out.seek(offset)
                if out.read(len(block)) != block:
                    out.seek(offset)
                    out.write(block)
                    written += len(block)
                offset += len(block)
            out.truncate(offset)
        out.flush()
        os.fsync(out.fileno())
        return written  # the lock goes with the file


def _link(published: Path, slot: Path) -> None:
    """Point the published path at ``slot`` atomically (a relative link: the folder can move)."""
    tmp = published.with_name(published.name + f".link{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        tmp.symlink_to(slot.name)
        os.replace(tmp, published)
    except BaseException:  # e.g. a folder where the published file should be: leave no link behind
        tmp.unlink(missing_ok=True)
        raise


def publish_build(build: Path, published: Path) -> dict:
    """Publish ``build`` at ``published``; returns how: bytes written, file size, in place or copied.

    The first publish also fills the other slot, so that every later publish can be a delta.
    """
    published.parent.mkdir(parents=True, exist_ok=True)
    target = _stale_slot(published)
    written = _update_in_place(build, target) if target.exists() else None
    mode = "delta"
    if written is None:
        written, mode = _copy(build, target), "copy"
    _link(published, target)
    other = next(s for s in _slots(published) if s != target)
    if not other.exists():
        try:
            _copy(build, other)
        except OSError:  # only a head start for the next publish (a delta, not a copy): this one stands
            pass
    return {"mode": mode, "bytes_written": written, "bytes": build.stat().st_size}
