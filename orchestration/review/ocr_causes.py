"""For `ogi check`: when a scanned report's arithmetic fails, name its least certain OCR cells as the likely cause."""

from __future__ import annotations

from ingestion.model import ParsedReport, ParsedValue
from orchestration.review.locations import describe

MAX_NAMED = 8  # the reviewer gets the few likeliest cells, not the whole table

# which table each additive rule adds up: R1-R3 table 三, R4 table 四
_RULE_TABLE = {"R1": "三", "R2": "三", "R3": "三", "R4": "四"}


def _cells(report: ParsedReport, table: str | None) -> list[tuple[str, ParsedValue, str]]:
    """(label, value, template table) of the report's table cells, of one table (二/三/四) or all."""
    out: list[tuple[str, ParsedValue, str]] = []
    if table in (None, "二"):
        out += [(f"二 {i} {c} {m}", v, "二") for (i, c, m), v in report.active_disclosure.items()]
    if table in (None, "三"):
        out += [(f"三 {r} / {a}", v, "三") for (r, a), v in report.requests.items()]
    if table in (None, "四"):
        out += [(f"四 {p} / {o}", v, "四") for (p, o), v in report.appeals.items()]
    return out


def likely_ocr_causes(report: ParsedReport, failed_rules: list[str], level: float, uncertain_below: float) -> list[str]:
    """Lines naming the low-confidence (and uncertain) cells of the tables whose rules failed; [] otherwise.

    ``level``: OCR cells read with less confidence are worth a look when a rule fails (OGI_OCR_REVIEW_CONFIDENCE,
    default 0.95: correctly read digits of a 300-dpi scan score about 0.99); ``uncertain_below``: the parse's
    threshold, under which a cell holds no value.
    """
    if not report.ocr or not failed_rules:
        return []
    tables = {_RULE_TABLE.get(rule) for rule in failed_rules}
    chosen = [None] if None in tables else sorted(tables)
    suspects = [
        (label, v, name)
        for table in chosen
        for label, v, name in _cells(report, table)
        if v.confidence is not None and (v.kind == "uncertain" or v.confidence < level)
    ]
    if not suspects:
        return []
    suspects.sort(key=lambda lv: lv[1].confidence)
    lines = [
        f"   LIKELY CAUSE: {len(suspects)} cell(s) read by OCR with low confidence (below {level}; "
        f"below {uncertain_below} they are 'uncertain' and hold no value); check these against the scan:"
    ]
    for label, v, table in suspects[:MAX_NAMED]:
        lines.append(f"          {label}: read {v.raw!r} at confidence {v.confidence:.2f} ({v.kind}) "
                     f"at {describe(report, v.prov, table)}")
    return lines
