# microconf: `make demo` runs the demo conference, `make test` runs the test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo serve test test-sqlite test-postgres system-deps lint deadcode format audit clean messages makemessages

# The interface's translations: django.po is written by hand (and by makemessages),
# the .mo that Django reads is built from it and not kept in git.
LOCALE := src/microconf/locale
MO := $(patsubst %.po,%.mo,$(wildcard $(LOCALE)/*/LC_MESSAGES/django.po))
# Django commands run inside the package, so they see its templates and code only.
# A local run: a plain-http site, so the console command keeps a key in data/.
IN_PACKAGE := cd src/microconf && MICROCONF_DATA_DIR=$(CURDIR)/data MICROCONF_HTTPS=false $(CURDIR)/$(BIN)/microconf

# The virtualenv is rebuilt only when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@# Compile the scheduler's annealing kernel once (numba caches it on disk).
	$(BIN)/python -c "from microconf.scheduling.solver.annealing import warm; warm()"
	touch $@

install: $(VENV)/.installed $(MO)

# Built with Babel whenever a django.po is newer than its .mo (no GNU gettext needed).
messages: $(MO)
$(LOCALE)/%/LC_MESSAGES/django.mo: $(LOCALE)/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(BIN)/python scripts/compile_messages.py

# Collects new strings into every django.po (docs/programme.md, "Languages").
makemessages: $(VENV)/.installed
	$(IN_PACKAGE) makemessages --all --no-obsolete --add-location file
	@# No creation date: it would change on every run and conflict in every merge.
	sed -i '/^"POT-Creation-Date:/d' $(LOCALE)/*/LC_MESSAGES/django.po
	$(MAKE) messages

demo: install
	$(BIN)/microconf demo

# Plain http on the loopback unless MICROCONF_HTTPS says otherwise (docs/security.md).
serve: install
	MICROCONF_HTTPS=$${MICROCONF_HTTPS:-false} $(BIN)/microconf serve

system-deps:
	bash scripts/system-deps.sh

# The whole suite, browser tests included, on SQLite.
test: system-deps install
	$(BIN)/python -m pytest

# The same suite on a throwaway PostgreSQL cluster (or on DATABASE_URL if set).
test-postgres: system-deps install
	bash scripts/with-postgres.sh $(BIN)/python -m pytest

# ruff, the layers written as import-linter contracts in pyproject.toml, dead code.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(MAKE) deadcode

# vulture over src/ at 60 % confidence ([tool.vulture]); vulture_whitelist.py says
# why each name it cannot see used stays.
deadcode: install
	$(BIN)/vulture

# pip-audit over requirements.lock; fails on a known vulnerability (docs/security.md).
audit: install
	$(BIN)/python scripts/audit.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) test-artifacts
