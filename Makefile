# The two commands a new user needs: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: setup setup-test run test ui docs review export lint bench clean

# `make run` needs the package; `make test` also the dev and cluster extras (pytest, fixture
# generation, the Celery test). Each stamp is redone when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,cluster]'
	touch $(TEST_STAMP)

setup: $(STAMP) $(DAGSTER_HOME)/dagster.yaml system-packages

setup-test: setup $(TEST_STAMP) test-system-packages

# A CJK font for pdfium: the fixture generator rasterises reportlab PDFs whose STSong-Light font is not
# embedded (scanned-report tests). Installed as root through apt, only when missing.
DEBIAN_PACKAGES := fonts-arphic-uming
.PHONY: system-packages
system-packages:
	@dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $(DEBIAN_PACKAGES); } \
	  || echo "warning: could not install $(DEBIAN_PACKAGES) (not Debian, or not root): scanned-report fixtures will render without Chinese text"

# The review site's browser test (tests/test_review_site.py): Debian's chromium and its driver
# (/usr/bin/chromedriver), driven by selenium. Test-only, so installed by `make test`, never by `make run`.
TEST_DEBIAN_PACKAGES := chromium chromium-driver
.PHONY: test-system-packages
test-system-packages:
	@dpkg -s $(TEST_DEBIAN_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $(TEST_DEBIAN_PACKAGES); } \
	  || echo "warning: could not install $(TEST_DEBIAN_PACKAGES) (not Debian, or not root): the browser test will be skipped"

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $(DAGSTER_HOME)/dagster.yaml

run: setup ## parse data/samples/ into data/warehouse.duckdb and print a summary
	$(BIN)/ogi run $(ARGS)

test: setup-test ## the whole test suite
	$(BIN)/ruff check .
	$(BIN)/pytest -q

ui: setup ## the Dagster UI on http://localhost:3000 (how to materialise everything is printed first)
	@echo "Dagster UI: http://localhost:3000"
	@echo "  materialise everything: Jobs > ingest_reports > Materialize all (default: data/samples/;"
	@echo "  other folders: Launchpad, ops.parsed_reports.ops.discover_tasks.config.paths), or Assets > Materialize all."
	@echo "  groups: ingestion > raw > staging > rules > marts > publish; dbt tests and rule checks under each asset's Checks."
	@echo "  same from the command line: $(BIN)/dagster job execute -m orchestration.definitions -j ingest_reports"
	@echo "  (or $(BIN)/ogi run FOLDER, which prints a summary)"
	$(BIN)/dagster dev -m orchestration.definitions

docs: setup ## build the dbt docs site (static) and serve it on http://localhost:8080
	$(BIN)/ogi docs

review: setup ## write the review site from the warehouse (data/review/) and serve it on http://127.0.0.1:8081/
	$(BIN)/ogi review --out data/review --serve

export: setup ## write the marts to data/exports/ (FORMAT=csv|parquet|xlsx)
	$(BIN)/ogi export --format $(or $(FORMAT),csv)

bench: setup-test ## benchmarks: parse speed per format, PDF vs pdfplumber, end to end at 1,000 and 10,000 reports (ARGS="--sizes 1000")
	$(BIN)/python bench/run_all.py $(ARGS)

lint: setup-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .dagster_home dbt_project/target dbt_project/logs data/lake data/docs data/exports data/review data/*.duckdb* data/.*.duckdb*
