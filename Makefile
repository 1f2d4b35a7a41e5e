# jiandu — two commands on a fresh machine: `make demo` and `make test`.
# Only Python 3.11 and make are assumed; everything else comes from requirements.lock.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.installed-spark
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo serve test test-sqlite test-postgres test-e2e sweep lint format bench bench-province venv lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "jiandu needs Python 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The optional extra `spark` (PySpark, and Java at run time): the tests need it, the demo not.
$(SPARK_STAMP): $(STAMP) requirements-spark.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-spark.lock
	touch $(SPARK_STAMP)

venv: $(STAMP)

## demo: environment, SQLite database under var/, the demo county, then serve on :8000
demo: $(STAMP)
	$(BIN)/jiandu migrate --noinput
	$(BIN)/jiandu demo --if-empty
	$(BIN)/jiandu serve

serve: $(STAMP)
	$(BIN)/jiandu serve

lint: $(STAMP)
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format src
	$(BIN)/ruff check --fix src

## test: lint, migrations check, the suite on SQLite, on PostgreSQL when DATABASE_URL
## is set, then the browser journeys.
test: lint
	env -u DATABASE_URL JIANDU_VAR=$(CURDIR)/var/check $(BIN)/jiandu makemigrations --check --dry-run
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	  else echo "DATABASE_URL is not set: the PostgreSQL run is left out (CI always sets it)."; fi
	$(MAKE) --no-print-directory test-e2e

test-sqlite: $(SPARK_STAMP)
	env -u DATABASE_URL $(BIN)/python -m pytest -m "not e2e" -n 2 -q

test-postgres: $(SPARK_STAMP)
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "DATABASE_URL must point at PostgreSQL"; exit 1;; esac
	$(BIN)/python -m pytest -m "not e2e" -n 2 -q

test-e2e: $(STAMP)
	env -u DATABASE_URL $(BIN)/python -m pytest -m e2e -q

## sweep: the full sweeps that make test samples (about 35 minutes): the scope crawl of the
## test county without page caps and of the demo county as its demo accounts, and
## schemathesis with 100 examples per API operation and mode, every cell of every
## statistics table against the rows its drill-down shows, on the demo county, and the
## accessibility check (axe-core) on every page every role of the test county reaches.
sweep: $(SPARK_STAMP)
	env -u DATABASE_URL JIANDU_CRAWL_FULL=1 $(BIN)/python -m pytest src/jiandu/core/tests/test_scope_crawl.py -q -s
	env -u DATABASE_URL JIANDU_CRAWL_DEMO=1 $(BIN)/python -m pytest src/jiandu/core/tests/test_scope_crawl.py -q -s
	env -u DATABASE_URL JIANDU_FUZZ_EXAMPLES=100 $(BIN)/python -m pytest src/jiandu/core/tests/test_api_fuzz.py -q -s
	env -u DATABASE_URL JIANDU_STATS_DRILL_FULL=1 $(BIN)/python -m pytest src/jiandu/stats/tests/test_drill_every_cell.py -q -s
	env -u DATABASE_URL JIANDU_A11Y_FULL=1 $(BIN)/python -m pytest -m e2e src/jiandu/e2e/test_accessibility.py -q -s

## bench: speed figures on throw-away SQLite databases; with JIANDU_BENCH_DATABASE_URL set
## (PostgreSQL), the statistics at province scale too (bench-province).
bench: $(SPARK_STAMP)
	env -u DATABASE_URL $(BIN)/python -m jiandu.devtools.bench

## bench-province: the statistics tables on a synthetic province (100 counties, 3 years,
## 1,000,000 reports) in PostgreSQL: JIANDU_BENCH_DATABASE_URL, default the local
## jiandu_bench_province (created and filled on the first run, about 5 minutes; reused).
bench-province: $(STAMP)
	env -u DATABASE_URL $(BIN)/python -m jiandu.devtools.bench.stats

lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -e '^jiandu' -e '^pyspark' -e '^py4j' > requirements.lock.new
	@echo "review requirements.lock.new and move it over requirements.lock"

clean:
	rm -rf $(VENV) var/test*.sqlite3*
