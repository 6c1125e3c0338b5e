"""Render the review site from the published warehouse into a folder (``ogi review --out``).

Every page is plain HTML with one stylesheet and, for the index, one script: the site opens from the
folder itself (file://) or from any static server (``make review``). The index's rows are one script
file (``data/reports.js``, a compact array per report) that the page filters, sorts and shows a page of
100 rows at a time, so 10,000 reports are a ~2 MB file and never one huge HTML page.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from orchestration.review.evidence.cells import Result, report_cells
from orchestration.review.evidence.table_html import STYLE, render_fragment, table_fragment
from orchestration.review.site import data

HERE = Path(__file__).resolve().parent
INDEX_COLUMNS = ("report_id", "agency_name", "agency_id", "province_name", "city_name", "county_name", "report_year",
                 "status", "n_failed", "n_not_assessable", "rules_failed", "rules_not_assessable", "source_file")


@dataclass
class SiteBuild:
    """What was written: page counts and the folder."""

    out: Path
    reports: int
    agencies: int
    evidence_files: int


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html", "j2"]))
    env.filters["pct"] = lambda v: "" if v is None else f"{100 * v:.1f}%"
    env.filters["num"] = lambda v: "·" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))
    return env


def _result(item: dict, detail: dict) -> Result:
    return Result(item["report_id"], item["rule_id"], item["rule_name"], item["subject"], item["outcome"],
                  item["message"], item["cell_roles"], item["cells_involved"], None, item["evidence_path"] or "",
                  detail.get("file_format") or "", bool(detail.get("ocr")), detail.get("source_path"),
                  detail.get("report_year"), detail.get("source_file"))


def _report_tables(cells: dict, results: list[tuple[dict, Result]]) -> list[Markup]:
    """The three tables as printed, each cell coloured by the rules it takes part in (failed > not assessable)."""
    marks: dict[str, set[str]] = {}
    titles: dict[str, list[str]] = {}
    for item, result in results:
        for label in result.roles:
            marks.setdefault(label, set()).add("ogi-fail" if item["outcome"] == "failed" else "ogi-na")
            titles.setdefault(label, []).append(f"{item['rule_id']} {item['outcome']}")
    for classes in marks.values():
        if "ogi-fail" in classes:
            classes.discard("ogi-na")
    present = {c.table for c in cells.values()}
    return [Markup(table_fragment(cells, t, marks, {k: ", ".join(v) for k, v in titles.items()}))
            for t in ("二", "三", "四") if t in present]


def _copy_evidence(lake: Path, out: Path, path: str | None) -> str | None:
    """The evidence file copied into the site (so it opens without the lake); its path in the site."""
    if not path:
        return None
    source = lake / path
    if not source.is_file():
        return None
    target = out / "evidence" / path
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return f"evidence/{path}"


def build_site(warehouse: Path, lake: Path, out: Path) -> SiteBuild:
    """Write the whole site for the published ``warehouse`` (read only) into ``out``."""
    env = _env()
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("reports", "agencies", "data"):
        (out / sub).mkdir(exist_ok=True)
    shutil.copy2(HERE / "static" / "site.css", out / "site.css")
    shutil.copy2(HERE / "static" / "index.js", out / "index.js")
    con = duckdb.connect(str(warehouse), read_only=True)
    evidence_files = 0
    try:
        rows = data.index_rows(con)
        failing = data.failing_results(con)
        details = data.report_details(con)
        page = env.get_template("report.html.j2")
        for row in rows:
            rid = row["report_id"]
            detail = details.get(rid, {})
            cells = report_cells(con, rid)
            results = [(item, _result(item, detail)) for item in failing.get(rid, [])]
            shown = []
            for item, result in results:
                picture = _copy_evidence(lake, out, item["evidence_path"]) if (item["evidence_path"] or "").endswith(".png") else None
                evidence_files += picture is not None
                fragment = None if picture or not cells else Markup(render_fragment(result, cells))
                shown.append({**item, "picture": picture, "fragment": fragment})
            (out / "reports" / f"{rid}.html").write_text(page.render(
                report=row, detail=detail, tables=_report_tables(cells, results), results=shown,
                style=Markup(STYLE), root="../"), encoding="utf-8")
        agencies = data.agency_years(con)
        agency_page = env.get_template("agency.html.j2")
        reports_of: dict[str, list[dict]] = {}
        for row in rows:
            if row["agency_id"]:
                reports_of.setdefault(row["agency_id"], []).append(row)
        for agency_id, entry in agencies.items():
            (out / "agencies" / f"{_safe(agency_id)}.html").write_text(agency_page.render(
                a=entry["agency"], years=entry["years"], rows=sorted(entry["rows"].items()), carry_over=entry["carry_over"],
                benchmark=entry["benchmark"], reports=reports_of.get(agency_id, []), root="../"), encoding="utf-8")
        (out / "regions.html").write_text(env.get_template("regions.html.j2").render(
            regions=data.region_summary(con), root=""), encoding="utf-8")
    finally:
        con.close()
    compact = [[_json_value(row[c]) for c in INDEX_COLUMNS] + [_safe(row["agency_id"] or "")] for row in rows]
    (out / "data" / "reports.js").write_text(
        "window.OGI_COLUMNS=" + json.dumps([*INDEX_COLUMNS, "agency_page"]) + ";\nwindow.OGI_REPORTS="
        + json.dumps(compact, ensure_ascii=False, separators=(",", ":")) + ";\n", encoding="utf-8")
    (out / "index.html").write_text(env.get_template("index.html.j2").render(n=len(rows), root=""), encoding="utf-8")
    return SiteBuild(out, len(rows), len(agencies), evidence_files)


def _json_value(value):
    return list(value) if isinstance(value, tuple) else value


def _safe(agency_id: str) -> str:
    """An agency id as a file name (ids hold Chinese and '@': kept, only path separators replaced)."""
    return agency_id.replace("/", "_").replace("\\", "_")
