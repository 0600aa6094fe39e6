# palermo's standard targets. `make demo` and `make test` are all a newcomer needs.
# Every target installs what it needs first: a .venv with palermo and its dev tools, compiled
# translations. `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Re-install only when pyproject.toml is newer than this stamp.
STAMP := $(VENV)/.installed-stamp
PO_FILES := $(wildcard src/palermo/locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
PYTEST_ARGS ?=

.PHONY: help install messages demo test lint bench screenshots migrations-check verify

help:
	@echo "make demo              set up and run the demo on http://127.0.0.1:8000 (Ctrl-C stops it)"
	@echo "make test              install, then run the whole test suite (browser tests included)"
	@echo "make lint              ruff and mypy"
	@echo "make migrations-check  fail if a model change has no migration"
	@echo "make bench             run every benchmark in bench/"
	@echo "make verify            the security and reliability suite with its figures (docs/security.md)"
	@echo "make screenshots       run the browser tests and save key pages to docs/screenshots/"
	@echo "make install           create .venv and install palermo with its dev tools"

install: $(STAMP) messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -e ".[dev]"
	touch $(STAMP)

messages: $(MO_FILES)

# Compiled translations are committed, so a machine without gettext's msgfmt keeps them as they
# are; with msgfmt, a catalogue edited since is compiled again.
%.mo: %.po
	@if command -v msgfmt >/dev/null; then \
		echo "msgfmt $<"; msgfmt --check-format -o $@ $<; \
	elif [ -e $@ ]; then \
		echo "msgfmt not found (apt-get install gettext): keeping $@ as committed"; \
	else \
		echo "msgfmt not found (apt-get install gettext): $@ missing, English only" >&2; \
	fi

demo: install
	PALERMO_DEMO=1 $(BIN)/palermo demo

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/mypy src tests

# Both settings modules: production (demo mode supplies the keys) and the tests' extra app.
migrations-check: install
	@data=$$(mktemp -d); trap 'rm -rf "$$data"' EXIT; \
	echo "makemigrations --check (palermo.settings)"; \
	env -u DATABASE_URL PALERMO_DEMO=1 PALERMO_DATA_DIR="$$data/demo" \
		$(BIN)/palermo makemigrations --check --dry-run; \
	echo "makemigrations --check (tests.settings)"; \
	env -u DATABASE_URL PALERMO_DATA_DIR="$$data/tests" DJANGO_SETTINGS_MODULE=tests.settings \
		PYTHONPATH=. $(BIN)/palermo makemigrations --check --dry-run

# The verification suite of docs/security.md in one command: the supply-chain check, then the
# access sweep, fuzzing, backup and restore, crash consistency and configuration tests; the
# figures are printed at the end of pytest's output. The load bench is `make bench`.
verify: install
	$(BIN)/python .ci/supply-chain
	$(BIN)/pytest tests/security tests/core/test_backup.py tests/core/test_crash_consistency.py \
		tests/test_deploy_check.py tests/test_no_secrets.py tests/test_lint_suppressions.py \
		tests/test_supply_chain.py $(PYTEST_ARGS)

# Benchmarks are scripts, not tests: each prints its figures and the baseline's. Files starting
# with an underscore are helpers.
bench: install
	@shopt -s nullglob; found=0; \
	for script in bench/[!_]*.py; do \
		found=1; echo "== $$script"; PYTHONPATH=. $(BIN)/python "$$script"; \
	done; \
	if [ $$found = 0 ]; then echo "no benchmarks in bench/"; fi

# PNGs of the key pages for the README; shrunk with pngquant or optipng when installed
# (pngquant exits 98/99 when it keeps a file as it was because quantising would not help).
screenshots: install
	PALERMO_SCREENSHOTS=1 $(BIN)/pytest tests/e2e $(PYTEST_ARGS)
	@shopt -s nullglob; pngs=(docs/screenshots/*.png); status=0; \
	if [ $${#pngs[@]} = 0 ]; then \
		echo "no screenshots were saved" >&2; exit 1; \
	elif command -v pngquant >/dev/null; then \
		pngquant --force --skip-if-larger --strip --quality 80-95 --ext .png "$${pngs[@]}" \
			|| status=$$?; \
		case $$status in 0|98|99) ;; *) exit $$status ;; esac; \
	elif command -v optipng >/dev/null; then \
		optipng -quiet -o2 -strip all "$${pngs[@]}"; \
	else \
		echo "install pngquant or optipng to shrink the screenshots"; \
	fi; \
	ls -l docs/screenshots
