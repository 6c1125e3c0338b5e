"""Agency, year, region and the agency key, from titles, bodies and file names."""

from __future__ import annotations

import pytest

from ingestion.agency import canonical_agency
from ingestion.metadata import extract_metadata, region_of
from ingestion.readers.text import rows_from_text


@pytest.mark.parametrize(
    ("text", "agency", "year", "source"),
    [
        ("\n\n卫生健康委员会2020年政府信息公开工作年度报告\n\n一、总体情况\n", "卫生健康委员会", 2020, "title"),
        ("盐池县卫生健康局\n\n2019 年政府信息公开工作年度报告\n", "盐池县卫生健康局", 2019, "title"),
        ("2020年木兰县卫生健康局 信息公开工作年度报告\n", "木兰县卫生健康局", 2020, "title"),
        ("淮安市洪泽区人民政府2024年度政府信息公开工作年度报告\n", "淮安市洪泽区人民政府", 2024, "title"),
        ("根据……研究编制了《汶上县卫生健康局2020年政府信息公开工作年度报告》，现予以公开发布。\n一、总体情况\n", "汶上县卫生健康局", 2020, "body"),
    ],
)
def test_agency_and_year(text, agency, year, source):
    meta = extract_metadata(rows_from_text(text), "x.txt")
    assert (meta.agency_name, meta.report_year, meta.agency_name_source) == (agency, year, source)


def test_agency_and_year_from_file_name_when_nothing_printed():
    meta = extract_metadata(rows_from_text("一、总体情况\n本机关依法公开。\n"), "淮安市洪泽区人民政府2024年政府信息公开工作年度报告.pdf")
    assert (meta.agency_name, meta.report_year, meta.agency_name_source) == ("淮安市洪泽区人民政府", 2024, "filename")
    assert meta.region == "淮安市洪泽区"


def test_year_from_file_name_when_nothing_printed():
    meta = extract_metadata(rows_from_text("一、总体情况\n本机关依法公开。\n"), "hongze-2024.pdf")
    assert (meta.agency_name, meta.report_year) == (None, 2024)


@pytest.mark.parametrize(
    ("agency", "region"),
    [("淮安市洪泽区人民政府", "淮安市洪泽区"), ("盐池县卫生健康局", "盐池县"), ("焦作市卫生健康委员会", "焦作市"), ("卫生健康委员会", None)],
)
def test_region(agency, region):
    assert region_of(agency) == region


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("洪泽区人民政府", "淮安市洪泽区人民政府"),
        ("江苏省淮安市洪泽区人民政府", "洪泽区人民政府"),
        ("焦作市卫健委", "焦作市卫生健康委员会"),
        ("洪泽区政府", "洪泽区人民政府"),
        ("盐池县 卫生健康局", "盐池县卫生健康局"),
    ],
)
def test_same_agency_same_key(a, b):
    assert canonical_agency(a)[0] == canonical_agency(b)[0]


def test_different_agencies_different_keys_and_cities_kept():
    assert canonical_agency("焦作市卫生健康委员会")[0] != canonical_agency("焦作市人民政府")[0]
    assert canonical_agency("南京市鼓楼区人民政府") == ("鼓楼区人民政府", "南京市")
    assert canonical_agency("福州市鼓楼区人民政府") == ("鼓楼区人民政府", "福州市")
    assert canonical_agency("淮安市人民政府") == ("淮安市人民政府", None)


def test_a_name_without_a_place_is_not_linked():
    assert canonical_agency("卫生健康委员会") == (None, None)
