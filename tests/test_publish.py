"""Publishing: readers see the old or the new warehouse through the published path, a later publish
writes only the blocks that changed, and a slot a reader still has open is never written in place."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import duckdb
import pytest

from orchestration.warehouse.publish import publish_build


def _build(path, rows: int) -> None:
    """A real DuckDB file with ``rows`` rows beside a 300,000-row table (some 6 MiB)."""
    con = duckdb.connect(str(path))
    con.execute("create or replace table big as select range as i, md5(range::varchar) as s from range(300000)")
    con.execute("create or replace table small as select range as i from range(?)", [rows])
    con.close()


def _small(path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select count(*) from small").fetchall()[0][0]
    finally:
        con.close()


def test_publish_swaps_a_link_and_later_writes_only_changed_blocks(tmp_path):
    build, published = tmp_path / "build.duckdb", tmp_path / "warehouse.duckdb"
    _build(build, 1)
    first = publish_build(build, published)
    assert published.is_symlink() and _small(published) == 1
    assert first["mode"] == "copy"

    con = duckdb.connect(str(build))
    con.execute("insert into small values (1)")
    con.close()
    second = publish_build(build, published)
    assert _small(published) == 2
    assert published.read_bytes() == build.read_bytes()
    assert second["mode"] == "delta"
    assert 0 < second["bytes_written"] < second["bytes"] / 2

    third = publish_build(build, published)  # the other slot catches up with the same change
    assert third["mode"] == "delta" and published.read_bytes() == build.read_bytes()


def test_slot_open_in_another_process_is_copied_not_written(tmp_path):
    build, published = tmp_path / "build.duckdb", tmp_path / "warehouse.duckdb"
    _build(build, 1)
    publish_build(build, published)
    stale = tmp_path / ".warehouse.duckdb.b"  # the slot the next publish writes
    reader = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
         "print(con.execute('select count(*) from small').fetchall()[0][0], flush=True); sys.stdin.read(); "
         "print(con.execute('select count(*) from small').fetchall()[0][0], flush=True)", str(stale)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "1"
        con = duckdb.connect(str(build))
        con.execute("insert into small values (1)")
        con.close()
        how = publish_build(build, published)
        assert how["mode"] == "copy"  # the reader's lock kept the slot from being written in place
        assert _small(published) == 2
        out, _ = reader.communicate("", timeout=60)
        assert out.strip() == "1"  # the reader still sees the warehouse it opened
    finally:
        reader.kill()


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name or ".link" in p.name)


_PUBLISH_UNDER_LIMIT = """
import errno, resource, sys
from pathlib import Path
from orchestration.warehouse.publish import publish_build
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), int(sys.argv[3])))  # Python ignores SIGXFSZ: EFBIG
try:
    publish_build(Path(sys.argv[1]), Path(sys.argv[2]))
except OSError as exc:
    print(errno.errorcode[exc.errno])
"""


def test_a_copy_cut_short_by_a_file_size_limit_leaves_no_temporary_file(tmp_path):
    build, published = tmp_path / "build" / "build.duckdb", tmp_path / "warehouse.duckdb"
    build.parent.mkdir()
    _build(build, 1)  # some 6 MiB
    done = subprocess.run([sys.executable, "-c", _PUBLISH_UNDER_LIMIT, str(build), str(published), str(2**20)],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "EFBIG", done.stderr
    assert _leftovers(tmp_path) == [] and not published.exists()  # nothing published, nothing left behind
    publish_build(build, published)  # without the limit the same publish goes through
    assert _small(published) == 1 and _leftovers(tmp_path) == []


@pytest.fixture
def small_disk(tmp_path):
    """A real 8 MiB file system (tmpfs), mounted for the test; skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_publish_onto_a_full_disk_removes_its_copy_and_keeps_the_published_warehouse(tmp_path, small_disk):
    build, published = tmp_path / "build.duckdb", small_disk / "warehouse.duckdb"
    _build(build, 1)
    assert build.stat().st_size < 8 * 2**20 < 2 * build.stat().st_size  # one copy fits on the disk, two do not
    how = publish_build(build, published)  # the first slot fits; the head start for the other does not
    assert _small(published) == 1 and how["mode"] == "copy"
    assert _leftovers(small_disk) == [] and not (small_disk / ".warehouse.duckdb.b").exists()

    con = duckdb.connect(str(build))
    con.execute("insert into small values (1)")
    con.close()
    free = os.statvfs(small_disk).f_bavail
    with pytest.raises(OSError) as failed:  # the stale slot is missing: a full copy, which the disk cannot hold
        publish_build(build, published)
    assert failed.value.errno == errno.ENOSPC
    assert _leftovers(small_disk) == []  # the partial copy is gone ...
    assert os.statvfs(small_disk).f_bavail == free  # ... and so is the space it took
    assert _small(published) == 1  # readers still get the last good warehouse


def test_a_link_that_cannot_replace_the_published_path_is_removed(tmp_path):
    build, published = tmp_path / "build.duckdb", tmp_path / "warehouse.duckdb"
    _build(build, 1)
    published.mkdir()  # a folder where the published file should be (a user's mistake)
    (published / "keep.txt").write_text("mine")
    with pytest.raises(OSError):
        publish_build(build, published)
    assert _leftovers(tmp_path) == []
    assert (published / "keep.txt").read_text() == "mine"
