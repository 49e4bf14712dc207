# microconf: `make demo` runs the demo conference, `make test` runs the test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo serve test test-sqlite test-postgres system-deps lint format audit clean

# The virtualenv is rebuilt only when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@# Compile the scheduler's annealing kernel once (numba caches it on disk).
	$(BIN)/python -c "from microconf.scheduling.solver.annealing import warm; warm()"
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/microconf demo

# Plain http on the loopback unless MICROCONF_HTTPS says otherwise (docs/security.md).
serve: install
	MICROCONF_HTTPS=$${MICROCONF_HTTPS:-false} $(BIN)/microconf serve

system-deps:
	bash scripts/system-deps.sh

# The whole suite, browser tests included, on SQLite.
test: install system-deps
	$(BIN)/python -m pytest

# The same suite on a throwaway PostgreSQL cluster (or on DATABASE_URL if set).
test-postgres: install system-deps
	bash scripts/with-postgres.sh $(BIN)/python -m pytest

# ruff, then the layers written as import-linter contracts in pyproject.toml.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# pip-audit over requirements.lock; fails on a known vulnerability (docs/security.md).
audit: install
	$(BIN)/python scripts/audit.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) test-artifacts
