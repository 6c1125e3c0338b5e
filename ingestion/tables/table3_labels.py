"""Table 三 row labels -> row codes, tolerant of misprints seen in real reports.

Labels are read through ``squash``, which folds the printed variants of
``ingestion.tables.label_variants`` (``3、其他`` ``（3）其他`` ``３．其他``, spaces, line breaks, ``（单位：件）``) to the
template's form, so the rules below are written against the template's wording only.

Order matters: specific phrases are tried before generic ones (``其他处理 1.申请人无正当理由逾期不补正``
is ``other_overdue_correction``, not ``other_handling``; ``不予公开`` is not ``予以公开``).
"""

from __future__ import annotations

import re

from ingestion.tables.rowparts import first_code, squash

# (row_code, regex on the squashed label)
_RULES: tuple[tuple[str, str], ...] = (
    ("new_received", r"本年新收"),
    ("carried_over", r"上年结转"),
    ("carried_forward", r"结转下年"),
    ("other_overdue_correction", r"逾期不补正"),
    ("other_unpaid_fee", r"缴纳费用|收费通知"),
    ("denied_state_secret", r"国家秘密"),
    ("denied_prohibited_by_law", r"禁止公开|行政止公开|法规禁止"),
    ("denied_security_stability", r"三安全|一稳定"),
    ("denied_third_party_rights", r"第三方"),
    ("denied_internal_affairs", r"内部事务"),
    ("denied_process_information", r"过程性"),
    ("denied_law_enforcement_file", r"执法案卷"),
    ("denied_administrative_query", r"行政查询|查询事项"),
    ("unable_not_held", r"不掌握"),
    ("unable_needs_creation", r"另行制作|没有现成"),
    ("unable_unclear_after_correction", r"补正后|仍不明确"),
    ("not_processed_petition", r"信访|举报投诉"),
    ("not_processed_duplicate", r"重复申请"),
    ("not_processed_publication", r"出版物"),
    ("not_processed_excessive", r"大量反复"),
    ("not_processed_confirmation", r"确认或重新出|已获取信息"),
    ("partially_granted", r"部分公开"),
    ("granted", r"予以公开"),
    # (七)总计, 七、总计, 总计, or 总计 joined to its block (三、本年度办理结果总计) when printed without a number
    ("total_processed", r"(^|[)、.]|结果)总计$|\(七\)总计"),
    # (六)其他处理 (one row, 2019) or its third sub-row 3.其他 (2021), numbered any way or not at all
    ("other_handling", r"其他处理|^(3\.?)?其他$"),
)
_HEADER_WORDS = re.compile(r"自然人|法人|商业企业|科研机构|申请人情况")


def request_row_code(label: str) -> str | None:
    """The row code a printed table 三 label stands for, or None (headers, prose, continuations)."""
    s = squash(label)
    if not s or _HEADER_WORDS.search(s):
        return None
    return first_code(_RULES, s)
