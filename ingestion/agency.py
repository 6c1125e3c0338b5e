"""One agency across years: a key that survives small differences in the printed name.

The matching rule (tested in tests/test_agency.py):
1. NFKC, drop whitespace and brackets' contents that are not part of the name (``（盖章）``);
2. expand the common short forms: 卫健委 / 卫生健康委 -> 卫生健康委员会, 区政府 / 县政府 / 市政府 ->
   区人民政府 / 县人民政府 / 市人民政府;
3. drop the province and the prefecture-level city printed before a county-level place:
   淮安市洪泽区人民政府 -> 洪泽区人民政府, 江苏省淮安市洪泽区人民政府 -> 洪泽区人民政府; a prefecture-level
   agency keeps its city (焦作市卫生健康委员会).
4. a name that starts with no place at all (卫生健康委员会) gets no key: every city has one, and
   linking those would pair unrelated agencies; such reports stay unlinked until a place is known.
The key is that canonical local name. ``agency_city`` keeps the dropped city (when printed) so the
warehouse can tell apart same-named districts of different cities (鼓楼区 of 南京市 and of 福州市).
"""

from __future__ import annotations

import re
import unicodedata

_PROVINCE = re.compile(r"^[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区)")
_CITY_THEN_COUNTY = re.compile(r"^(?P<city>[\u4e00-\u9fff]{2,6}?(?:市|自治州|地区|盟))(?=[\u4e00-\u9fff]{1,6}?(?:区|县|旗|市)(?!场|委|政府))")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|自治州|地区|盟|区|县|旗|镇|乡|街道|苏木)")
_ALIASES: tuple[tuple[str, str], ...] = (
    (r"卫健委$", "卫生健康委员会"),
    (r"卫生健康委$", "卫生健康委员会"),
    (r"卫计委$", "卫生和计划生育委员会"),
    (r"(区|县|市|旗)政府$", r"\1人民政府"),
)


def canonical_agency(name: str | None) -> tuple[str | None, str | None]:
    """(agency_key, agency_city) of a printed agency name; (None, None) when there is no name."""
    if not name:
        return None, None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    s = re.sub(r"\((?:盖章|印章)\)", "", s)
    for pattern, replacement in _ALIASES:
        s = re.sub(pattern, replacement, s)
    s = _PROVINCE.sub("", s) if _PROVINCE.sub("", s) else s
    if not _PLACE.match(s):
        return None, None
    city = None
    m = _CITY_THEN_COUNTY.match(s)
    if m and len(s) > len(m.group("city")) + 2:
        city = m.group("city")
        s = s[len(city) :]
    return s, city
