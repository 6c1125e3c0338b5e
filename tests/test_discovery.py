"""Discovery: what is read, what is skipped and why (no pipeline run needed)."""

from __future__ import annotations

import os

from orchestration.runner.discovery import OwnFiles, discover_files


def _own(warehouse):
    """The project's own files for a warehouse at ``warehouse`` (lake and logs beside it), as Settings derive them."""
    return OwnFiles(warehouse, warehouse.with_name("w.build.duckdb"), warehouse.parent / "lake", warehouse.parent / "logs")


def test_discovery_skips_own_files_hidden_links_out_and_non_regular_files(tmp_path):
    reports, outside = tmp_path / "reports", tmp_path / "outside"
    (reports / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (outside / "folder").mkdir()
    for name in ("a.txt", "sub/b.pdf", "w.duckdb", "w.duckdb.wal", "w.build.duckdb", "w.duckdb.tmp123", ".hidden.txt"):
        (reports / name).write_text(name)
    for folder in ("lake/ab", "logs", ".git"):
        (reports / folder).mkdir(parents=True)
        (reports / folder / "x.txt").write_text("x")
    (reports / "inside-link.txt").symlink_to(reports / "a.txt")
    (reports / "out-link.txt").symlink_to(outside / "secret.txt")
    (reports / "folder-out").symlink_to(outside / "folder")
    (reports / "folder-in").symlink_to(reports / "sub")
    os.mkfifo(reports / "fifo.txt")

    found = discover_files([reports, tmp_path / "nowhere.pdf"], _own(reports / "w.duckdb"))

    assert found.files == [reports / "a.txt", reports / "sub" / "b.pdf"]  # the inside link is a.txt again
    assert found.counts() == {
        "hidden": 2, "lake": 1, "logs": 1, "missing": 1, "not_regular": 1,
        "symlink_folder": 1, "symlink_outside": 2, "warehouse": 4,
    }
    reasons = {os.path.basename(s.path): s.reason for s in found.skipped}
    assert reasons["out-link.txt"] == f"symbolic link leading outside the input folder (-> {outside / 'secret.txt'})"
    assert reasons["fifo.txt"].startswith("not a regular file")


def test_a_file_named_explicitly_is_taken_even_through_a_link(tmp_path):
    target = tmp_path / "elsewhere" / "report.txt"
    target.parent.mkdir()
    target.write_text("x")
    (tmp_path / "link.txt").symlink_to(target)
    assert discover_files([tmp_path / "link.txt"], _own(tmp_path / "wh" / "w.duckdb")).files == [target]
