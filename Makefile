# kampanye — the two commands of the README, and a few more for developers.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime
PORT ?= 8000

.PHONY: demo test test-fast lint bench messages

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP) $(RUNTIME_STAMP)

# the demo needs the runtime only, not the test and lint tools of the dev extra
$(RUNTIME_STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $(RUNTIME_STAMP)

## Set everything up, build the Jakarta 2012 demo workspace and serve it on :$(PORT)
## (make demo PORT=8080), with the background worker beside the web server.
demo: $(RUNTIME_STAMP)
	$(BIN)/kampanye demo --port $(PORT)

## Set everything up and run the whole test suite (browser tests need Debian's chromium;
## scripts/test-deps installs it when run as root). Test databases are copied from a template
## migrated once per set of migration files (kept under $TMPDIR/kampanye-test-db-UID, or as a
## kampanye_test_template_* database on PostgreSQL); PYTEST_ARGS=--create-db migrates anew.
test: $(STAMP)
	sh scripts/test-deps
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

## The same without the browser tests and those marked slow (CI runs them all).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not browser and not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy src/kampanye

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

messages: $(STAMP)
	cd src/kampanye && KAMPANYE_DATA_DIR=$$(mktemp -d) ../../$(BIN)/kampanye makemessages -l en --no-obsolete --ignore "*/tests/*" && KAMPANYE_DATA_DIR=$$(mktemp -d) ../../$(BIN)/kampanye compilemessages
