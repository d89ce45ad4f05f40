# The two set-up commands: `make run` (install, then the nightly load on raw/) and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

export PERFWH_RAW_DIR ?= $(CURDIR)/raw/documents
export PERFWH_WAREHOUSE ?= $(CURDIR)/warehouse/perf.duckdb
# dagster.yaml at the project root keeps Dagster's runs, logs and schedules under .dagster/.
export DAGSTER_HOME ?= $(CURDIR)
export DBT_PROFILES_DIR ?= $(CURDIR)/dbt_project
# Tools Dagster starts by name (dbt, in `dagster dev`) come from the project's virtualenv.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: install run test lint dev manifest suites bench clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# dagster-dbt reads dbt's manifest when the definitions load; dbt parse writes it.
manifest: install
	cd dbt_project && ../$(BIN)/dbt parse --quiet

run: manifest
	$(PY) -m orchestration.nightly

# The suite on both cores of the 2-core machine it is planned for: test files are dealt to two
# workers whole (--dist loadfile), so a file's module fixtures are built once, the slowest files
# first (tests/conftest.py: SLOWEST_FIRST); the shared loads are built once for both workers.
TEST_WORKERS ?= 2
test: manifest
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

lint: install
	$(BIN)/ruff check .

# After changing the check catalogue (orchestration/quality/rules.py): rewrite the versioned GX
# suites and the README's list of checks from it.
suites: install
	$(PY) -m orchestration.quality.suites

dev: manifest
	$(BIN)/dagster dev

# Extraction speed, full and incremental loads, memory and start-up cost at each scale
# (1 = the samples, N = N generated documents, pdf = the corpus's budget PDFs, pages/s);
# writes docs/benchmarks.md.
SCALES ?= 1 1000 10000 100000 pdf
bench: manifest
	$(PY) -m orchestration.bench --scales $(SCALES)

clean:
	rm -rf warehouse .dagster dbt_project/target dbt_project/logs
