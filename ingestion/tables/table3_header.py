"""Table 三's header: which column is which applicant type (自然人 · 法人或其他组织 › 商业企业 … · 总计).

The template prints a three-level header (申请人情况 › 法人或其他组织 › 商业企业 …, with 自然人 and 总计
spanning the levels); sites flatten, rename (社会组织 for 社会公益组织) or split it. Only leaf headers name
columns; 申请人情况 and 法人或其他组织 are groups.
"""

from __future__ import annotations

import re

from ingestion.codes import APPLICANT_TYPES
from ingestion.model import Row
from ingestion.tables.columns import ColumnMap, header_texts, leaf_columns, text_only
from ingestion.tables.rowparts import first_code, squash
from ingestion.tables.table3_labels import request_row_code

# (applicant_type, regex on the squashed header text); the group 法人或其他组织 must not read as 其他
_LEAVES: tuple[tuple[str, str], ...] = (
    ("natural_person", r"自然人"),
    ("commercial_enterprise", r"商业企业"),
    ("research_institution", r"科研机构"),
    ("social_welfare_org", r"公益组织|^社会组织$"),
    ("legal_service_org", r"法律服务"),
    ("other_org", r"^其他(组织)?$"),
    ("total", r"^(总计|合计)$"),
)
_GROUPS = re.compile(r"申请人情况|法人或其他组织|法人和其他组织")


def applicant_of(text: str) -> str | None:
    """The applicant type a header cell names, or None (a group header, the label column's note …)."""
    s = squash(text)
    if _GROUPS.search(s) and not re.search(r"自然人|商业企业", s):
        return None
    return first_code(_LEAVES, s)


def is_table3_header(row: Row) -> bool:
    """A row of header text only (no printed numbers) that names an applicant type or a group of them.

    A row whose one text names a single column and is also a row label (``总计`` for （七）总计, ``其他``
    for 3.其他, both printed without their number) is that row printing no value, not a header.
    """
    texts = header_texts(row)
    if any(_GROUPS.search(squash(t)) for t in texts):
        return True
    if len(texts) == 1 and request_row_code(texts[0]) is not None:
        return False
    return any(applicant_of(t) for t in texts)


def continues_table3_header(row: Row) -> bool:
    """A text-only row right under a header that is not a table 三 row label: the header's next line."""
    return text_only(row) and request_row_code(row.text) is None


def table3_columns(block: list[Row]) -> ColumnMap | None:
    """The applicant columns a header block names; None when it names none of them."""
    columns = leaf_columns(block, applicant_of, group=lambda text: bool(_GROUPS.search(squash(text))))
    if not columns:
        return None
    return ColumnMap(columns, block[0].prov)


def missing_applicants(columns: ColumnMap) -> list[str]:
    """Applicant types the header does not name, and names twice (both make the table partial)."""
    keys = columns.keys
    return [a for a in APPLICANT_TYPES if keys.count(a) != 1]
