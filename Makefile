# The two commands a new user needs: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: setup run test ui docs export lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) $(DAGSTER_HOME)/dagster.yaml

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $(DAGSTER_HOME)/dagster.yaml

run: setup ## parse data/samples/ into data/warehouse.duckdb and print a summary
	$(BIN)/ogi run $(ARGS)

test: setup ## the whole test suite
	$(BIN)/ruff check .
	$(BIN)/pytest -q

ui: setup ## the Dagster UI on http://localhost:3000
	$(BIN)/dagster dev -m orchestration.definitions

docs: setup ## build the dbt docs site (static) and serve it on http://localhost:8080
	$(BIN)/ogi docs

export: setup ## write the marts to data/exports/ (FORMAT=csv|parquet|xlsx)
	$(BIN)/ogi export --format $(or $(FORMAT),csv)

bench: setup ## benchmarks: parse speed per format, PDF vs pdfplumber, end to end at 1,000 and 10,000 reports (ARGS="--sizes 1000")
	$(BIN)/python bench/run_all.py $(ARGS)

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .dagster_home dbt_project/target dbt_project/logs data/lake data/docs data/exports data/*.duckdb* data/.*.duckdb*
