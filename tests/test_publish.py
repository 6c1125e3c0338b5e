"""Publishing: readers see the old or the new warehouse through the published path, a later publish
writes only the blocks that changed, and a slot a reader still has open is never written in place."""

from __future__ import annotations

import subprocess
import sys

import duckdb

from orchestration.warehouse.publish import publish_build


def _build(path, rows: int) -> None:
    """A real DuckDB file with ``rows`` rows beside a 300,000-row table (some 20 MiB)."""
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
