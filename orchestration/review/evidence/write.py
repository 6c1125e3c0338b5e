"""Write the evidence files a warehouse's ``fct_rule_results.evidence_path`` names, under a folder (the lake,
or ``ogi check --evidence DIR``): a PNG for PDFs and scans, an HTML fragment otherwise.

A file already there is kept: its name carries a digest of what the result says (fct_rule_results.sql), so
a result that changed has a new name. Each file is written under a temporary name and renamed, so a reader
never sees half a picture. A result whose source file is gone (a PDF moved after it was loaded) is not
drawn: it is returned in ``skipped`` with the reason, and drawn by a later run that finds the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.review.evidence.cells import ocr_dpi, report_cells, results_needing_evidence
from orchestration.review.evidence.page_crop import render_crop
from orchestration.review.evidence.table_html import render_fragment


@dataclass
class EvidenceRun:
    """What a run wrote: files written, kept (already there), and the results it could not picture, with why."""

    written: list[Path] = field(default_factory=list)
    kept: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (evidence_path, why)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_evidence(con: duckdb.DuckDBPyConnection, out: Path, report_ids: list[str] | None = None,
                   sources: dict[str, Path] | None = None) -> EvidenceRun:
    """Write every missing evidence file of the failed / not-assessable results (of ``report_ids``, or all).

    ``sources`` maps report_id -> the file to render (default: dim_reports.source_path).
    """
    import io

    run = EvidenceRun()
    cells_cache: dict[str, dict] = {}
    for result in results_needing_evidence(con, report_ids):
        target = out / result.evidence_path
        if target.exists():
            run.kept += 1
            continue
        if result.report_id not in cells_cache:
            cells_cache = {result.report_id: report_cells(con, result.report_id)}  # one report at a time
        cells = cells_cache[result.report_id]
        if target.suffix == ".html":
            _write_atomically(target, render_fragment(result, cells).encode("utf-8"))
            run.written.append(target)
            continue
        source = (sources or {}).get(result.report_id) or Path(result.source_path or "")
        if not source.is_file():
            run.skipped.append((result.evidence_path, f"source file {source} is not there to render"))
            continue
        try:
            image = render_crop(result, cells, source, ocr_dpi(con, result.report_id))
        except Exception as exc:  # a damaged file must not stop the other reports' evidence
            run.skipped.append((result.evidence_path, f"could not render: {exc}"))
            continue
        if image is None:
            run.skipped.append((result.evidence_path, "none of its cells has a box on a page"))
            continue
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        _write_atomically(target, buffer.getvalue())
        run.written.append(target)
    return run
