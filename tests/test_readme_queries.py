"""The README's example queries run, on a warehouse built from the seed reports."""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.conftest import ROOT

QUERIES = re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture(scope="module")
def warehouse(seed_warehouse):
    return seed_warehouse.warehouse


def test_readme_has_at_least_five_queries():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("sql", QUERIES, ids=[f"query{i + 1}" for i in range(len(QUERIES))])
def test_readme_query_runs(warehouse, sql):
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute(sql).fetchall()
    assert isinstance(rows, list)


def test_denial_rate_query_gives_the_seed_figures(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = {(r[0], r[1]): r[4] for r in con.execute(QUERIES[0]).fetchall()}
    assert rows[("焦作市卫生健康委员会", 2022)] == 100.0  # 2 state secrets + 1 third party of 3 handled
    assert rows[("卫生健康委员会", 2020)] == 0.0
