"""The data every reader produces and every table parser consumes.

Readers turn a file into a ``RowStream`` (a list of ``Row``). A ``Row`` is either a table row (cells in
printed order, blanks included) or a line of prose. Every cell carries a ``Provenance`` so a parsed
value can always be traced back to the page and box, table cell or line it was printed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Provenance:
    """Where a piece of text was printed in its source file."""

    line: int | None = None  # 1-based line in a text file
    page: int | None = None  # 1-based PDF page
    bbox: tuple[float, float, float, float] | None = None  # PDF (x0, top, x1, bottom) in points
    table: int | None = None  # 0-based table index in an HTML/DOCX/PDF document
    row: int | None = None  # 0-based row index inside that table
    col: int | None = None  # 0-based column index inside that row

    def describe(self) -> str:
        """A short human reference such as ``p.3 (72,410,120,425)`` or ``line 58``."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.bbox is not None:
            parts.append("(" + ",".join(f"{v:.0f}" for v in self.bbox) + ")")
        if self.table is not None:
            parts.append(f"table {self.table + 1}")
        if self.row is not None:
            parts.append(f"row {self.row + 1}")
        if self.col is not None:
            parts.append(f"col {self.col + 1}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return " ".join(parts) or "unknown"


@dataclass
class Cell:
    """One printed cell: its text exactly as extracted, and where it was."""

    text: str
    prov: Provenance = field(default_factory=Provenance)
    confidence: float | None = None  # OCR confidence in [0, 1]; None when the text came from a text layer
    span: int = 1  # grid columns this cell covers (HTML colspan, DOCX gridSpan); PDF cells say it by their bbox
    uncertain: bool = False  # OCR confidence below the caller's threshold: its text is kept, never read as a value

    @property
    def blank(self) -> bool:
        """True when nothing but whitespace was printed."""
        return not self.text.strip()


@dataclass
class Row:
    """A table row (``is_table``) or one line/paragraph of prose."""

    cells: list[Cell]
    prov: Provenance = field(default_factory=Provenance)
    is_table: bool = True

    @property
    def text(self) -> str:
        """All cell texts joined by a space (for prose and keyword search)."""
        return " ".join(c.text.strip() for c in self.cells if not c.blank)


RowStream = list[Row]


@dataclass
class ParsedValue:
    """A table value: the number (or None), what kind of value it is, and the printed text."""

    value: float | None
    kind: str  # number | blank | not_applicable | text
    raw: str | None
    prov: Provenance = field(default_factory=Provenance)
    unit: str | None = None
    inferred: bool = False
    inference_reason: str | None = None
    confidence: float | None = None  # OCR confidence of the printed text; None for text-layer sources


@dataclass
class Issue:
    """Something noteworthy found while reading a report (a finding, never swallowed)."""

    code: str
    message: str
    severity: str = "warning"  # info | warning | error
    table: str | None = None
    prov: Provenance | None = None


@dataclass
class ReportMeta:
    """Report-level metadata: who published it, for which year, on which template."""

    agency_name: str | None = None
    agency_name_source: str | None = None  # title | body | filename
    report_year: int | None = None
    region: str | None = None
    template_version: str | None = None
    agency_key: str | None = None  # canonical name linking one agency across years (ingestion/agency.py)
    agency_city: str | None = None  # the prefecture-level city dropped from the key, when printed


@dataclass
class Section:
    """One of the six numbered sections, as prose."""

    number: int
    heading: str
    text: str
    prov: Provenance


@dataclass
class TableAccounting:
    """What became of the numbers printed in one template table (二, 三 or 四) of one report.

    ``printed`` = ``placed`` + ``unplaced`` + ``uncertain``: every number printed in the table's value cells
    is either placed in a template cell, left out (no column or row it could be placed under), or read by
    OCR too unsurely to hold a value. ``inferred`` counts template cells filled by arithmetic, which were
    not printed. A report is ``parsed`` only when no table has an unplaced number.
    """

    printed: int = 0
    placed: int = 0
    inferred: int = 0
    unplaced: int = 0
    uncertain: int = 0
    first_unplaced: Provenance | None = None  # where the first unplaced number was printed (row, page)


@dataclass
class ParsedReport:
    """Everything read from one file; produced by a pure function, no database involved."""

    source_file: str
    file_format: str
    content_hash: str
    status: str = "parsed"  # parsed | partial | failed | unsupported
    status_reason: str | None = None
    meta: ReportMeta = field(default_factory=ReportMeta)
    # table 二: (item, category, metric) -> value
    active_disclosure: dict[tuple[str, str, str], ParsedValue] = field(default_factory=dict)
    table2_template: str | None = None
    # table 三: (row_code, applicant_type) -> value
    requests: dict[tuple[str, str], ParsedValue] = field(default_factory=dict)
    table3_template: str | None = None
    # table 四: (proceeding, outcome) -> value
    appeals: dict[tuple[str, str], ParsedValue] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    prose_figures: list = field(default_factory=list)  # ingestion.prose_figures.ProseFigure, for rule R8
    issues: list[Issue] = field(default_factory=list)
    page_count: int | None = None
    ocr: bool = False  # some pages were read by OCR (a scan): values carry a confidence
    ocr_dpi: int | None = None  # the resolution the scanned pages were read at (the lowest, if they differ)
    # per template table found ("二", "三", "四"): numbers printed, placed, inferred, unplaced, uncertain
    accounting: dict[str, TableAccounting] = field(default_factory=dict)

    @property
    def report_id(self) -> str:
        """Stable identity of a report: the first 16 hex digits of its content hash."""
        return self.content_hash[:16]
