"""The codes of the State Council template (see docs/report-format.md): rows, columns, metrics.

Everything downstream (JSON output, raw tables, dbt marts) speaks these codes and only these.
"""

from __future__ import annotations

# ---- Table 三: requests received and handled -------------------------------------------------
APPLICANT_TYPES: tuple[str, ...] = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)

# row_code -> (group, Chinese label); group 3 rows are the outcomes summed by R2.
REQUEST_ROWS_2019: tuple[str, ...] = (
    "new_received",
    "carried_over",
    "granted",
    "partially_granted",
    "denied_state_secret",
    "denied_prohibited_by_law",
    "denied_security_stability",
    "denied_third_party_rights",
    "denied_internal_affairs",
    "denied_process_information",
    "denied_law_enforcement_file",
    "denied_administrative_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear_after_correction",
    "not_processed_petition",
    "not_processed_duplicate",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirmation",
    "other_handling",
    "total_processed",
    "carried_forward",
)
REQUEST_ROWS_2021: tuple[str, ...] = (
    *REQUEST_ROWS_2019[: REQUEST_ROWS_2019.index("other_handling")],
    "other_overdue_correction",
    "other_unpaid_fee",
    "other_handling",
    "total_processed",
    "carried_forward",
)
REQUEST_ROW_LABELS: dict[str, str] = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开",
    "denied_state_secret": "（三）不予公开 1.属于国家秘密",
    "denied_prohibited_by_law": "2.其他法律行政法规禁止公开",
    "denied_security_stability": "3.危及“三安全一稳定”",
    "denied_third_party_rights": "4.保护第三方合法权益",
    "denied_internal_affairs": "5.属于三类内部事务信息",
    "denied_process_information": "6.属于四类过程性信息",
    "denied_law_enforcement_file": "7.属于行政执法案卷",
    "denied_administrative_query": "8.属于行政查询事项",
    "unable_not_held": "（四）无法提供 1.本机关不掌握相关政府信息",
    "unable_needs_creation": "2.没有现成信息需要另行制作",
    "unable_unclear_after_correction": "3.补正后申请内容仍不明确",
    "not_processed_petition": "（五）不予处理 1.信访举报投诉类申请",
    "not_processed_duplicate": "2.重复申请",
    "not_processed_publication": "3.要求提供公开出版物",
    "not_processed_excessive": "4.无正当理由大量反复申请",
    "not_processed_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other_overdue_correction": "（六）其他处理 1.申请人无正当理由逾期不补正",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用",
    "other_handling": "（六）其他处理 / 3.其他",
    "total_processed": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
OUTCOME_ROWS: frozenset[str] = frozenset(
    r for r in REQUEST_ROWS_2021 if r not in ("new_received", "carried_over", "total_processed", "carried_forward")
)

# ---- Table 四: reconsideration and litigation ------------------------------------------------
PROCEEDINGS: tuple[str, ...] = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
OUTCOMES: tuple[str, ...] = ("upheld", "corrected", "other_outcome", "pending", "total")

# ---- Table 二: active disclosure ---------------------------------------------------------------
# template -> item -> (categories, metrics)
ACTIVE_DISCLOSURE: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "2019": {
        "20.1": (("regulations", "normative_documents"), ("newly_made", "newly_published", "total_published")),
        "20.5": (
            ("administrative_licensing", "other_external_services"),
            ("previous_year_items", "change", "decisions"),
        ),
        "20.6": (
            ("administrative_penalty", "administrative_coercion"),
            ("previous_year_items", "change", "decisions"),
        ),
        "20.8": (("administrative_fees",), ("previous_year_items", "change")),
        "20.9": (("centralized_procurement",), ("procurement_items", "procurement_amount")),
    },
    "2021": {
        "20.1": (("regulations", "normative_documents"), ("issued", "repealed", "in_force")),
        "20.5": (("administrative_licensing",), ("decisions",)),
        "20.6": (("administrative_penalty", "administrative_coercion"), ("decisions",)),
        "20.8": (("administrative_fees",), ("fee_amount",)),
    },
}
AMOUNT_METRICS: frozenset[str] = frozenset({"procurement_amount", "fee_amount"})
TEMPLATES: tuple[str, ...] = ("2019", "2021")
