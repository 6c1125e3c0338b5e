"""Report metadata: agency name, report year and region, from the title, the body or the file name.

Matching order (first hit wins), each tested in tests/test_metadata.py:
1. a title line near the top: ``<agency><year>年(度)<政府>信息公开工作年度报告`` (agency before the year),
   or ``<year>年<agency> 信息公开工作年度报告`` (agency after it), or a title line with the year only,
   whose agency is the short line printed just above it;
2. the report named in the body: ``《<agency><year>年政府信息公开工作年度报告》``;
3. the file name: a four-digit year between 2000 and 2099, and the Chinese name printed before it
   (``淮安市洪泽区人民政府2024年政府信息公开工作年度报告.pdf``).
The region is the leading run of place names of the agency (``淮安市洪泽区``人民政府, ``盐池县``卫生健康局).
"""

from __future__ import annotations

import re
import unicodedata

from ingestion.agency import canonical_agency
from ingestion.model import ReportMeta, RowStream

_TITLE = re.compile(
    r"^(?P<pre>.*?)(?P<year>20\d{2})\s*年度?\s*(?P<post>.*?)\s*(?:政府|政务)?信息公开(?:工作)?年度报告"
)
_BOOK_TITLE = re.compile(r"《(?P<agency>[^《》]{2,40}?)(?P<year>20\d{2})\s*年度?(?:政府)?信息公开工作年度报告》")
_FILE_AGENCY = re.compile(r"^(?P<agency>[\u4e00-\u9fff]{2,30}?)(?:20\d{2})")
_FILE_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_REGION = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,7}?(?:省|自治区|特别行政区))?"
    r"(?:[\u4e00-\u9fff]{1,7}?(?:市|自治州|地区|盟))?"
    r"(?:[\u4e00-\u9fff]{1,7}?(?:区|县|自治县|旗|市))?"
)
_NOT_AGENCY = re.compile(r"^[一二三四五六七八九十]+、|^\(|^（|报告|情况")


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).strip("，,。:：")


def region_of(agency: str | None) -> str | None:
    """Leading place names of an agency name, or None when it starts with none."""
    if not agency:
        return None
    m = _REGION.match(agency)
    region = m.group(0) if m else ""
    # a bare unit such as 卫生健康委员会 has no place name; 市卫生健康委 ("the city's") neither
    return region if len(region) >= 2 and region != agency else None


def _from_title(lines: list[str]) -> tuple[str | None, int | None]:
    for idx, line in enumerate(lines[:12]):
        cleaned = _clean(line)
        # a title is a short line of its own, not a sentence quoting the report's name
        if len(cleaned) > 60 or re.search(r"[《》。；;]", cleaned):
            continue
        m = _TITLE.match(cleaned)
        if not m:
            continue
        agency = m.group("pre") or m.group("post")
        if not agency and idx > 0:
            above = _clean(lines[idx - 1])
            if 2 <= len(above) <= 30 and not _NOT_AGENCY.search(above):
                agency = above
        return (agency or None), int(m.group("year"))
    return None, None


def extract_metadata(rows: RowStream, file_name: str) -> ReportMeta:
    """Agency, year and region of a report, with where the agency name was found."""
    lines = [r.text for r in rows if r.text.strip()]
    meta = ReportMeta()
    agency, year = _from_title(lines)
    if agency:
        meta.agency_name, meta.agency_name_source = agency, "title"
    meta.report_year = year
    if not meta.agency_name or not meta.report_year:
        for line in lines:
            m = _BOOK_TITLE.search(_clean(line))
            if m:
                if not meta.agency_name:
                    meta.agency_name, meta.agency_name_source = m.group("agency"), "body"
                meta.report_year = meta.report_year or int(m.group("year"))
                break
    if not meta.report_year:
        m = _FILE_YEAR.search(file_name)
        meta.report_year = int(m.group(1)) if m else None
    if not meta.agency_name:
        m = _FILE_AGENCY.match(_clean(file_name.rsplit("/", 1)[-1]))
        if m:
            meta.agency_name, meta.agency_name_source = m.group("agency"), "filename"
    meta.region = region_of(meta.agency_name)
    meta.agency_key, meta.agency_city = canonical_agency(meta.agency_name)
    return meta
