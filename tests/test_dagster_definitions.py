"""What the Dagster UI shows: every asset in a named group with a description, every check described."""

from __future__ import annotations

from dagster import AssetKey

from orchestration.definitions import defs


def _graph():
    return defs().resolve_asset_graph()


def test_dbt_assets_sit_in_the_staging_rules_and_marts_groups():
    dbt_models = next(a for a in defs().assets if a.node_def.name == "ogi_dbt_models")
    groups = dbt_models.group_names_by_key
    assert set(groups.values()) == {"staging", "rules", "marts"}
    assert groups[AssetKey(["staging", "stg_reports"])] == "staging"
    assert groups[AssetKey(["intermediate", "int_rule_r1_balance"])] == "rules"
    assert groups[AssetKey(["fct_rule_results"])] == "marts"


def test_no_asset_is_left_in_the_default_group_or_undescribed():
    graph = _graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if not node.is_materializable:
            continue
        assert node.group_name and node.group_name != "default", key
        assert (node.description or "").strip(), key


def test_every_dbt_test_and_asset_check_has_a_description():
    graph = _graph()
    check_keys = list(graph.asset_check_keys)
    assert len(check_keys) >= 64 + 8  # dbt's tests and our rule checks
    for key in check_keys:
        spec = graph.get_check_spec(key)
        assert spec.description and "No description" not in spec.description, key
    r8 = next(graph.get_check_spec(k) for k in check_keys if k.name == "rule_r8_prose_vs_table_passes")
    assert "prose" in r8.description and "never blocking" in r8.description
