# Careers Portal: `make run` serves the demo, `make test` runs every test, `make bench` measures.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The one place that finds a Python 3.12+ (Django 6 needs it): PATH first, then pyenv's versions.
BASE_PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)

.PHONY: install run test test-fast bench lint format migrate check

$(VENV)/.installed: pyproject.toml
	@test -n "$(BASE_PYTHON)" || { echo "Careers Portal needs Python 3.12 or newer: install it (e.g. pyenv install 3.12) and try again."; exit 1; }
	test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input

run: export DEBUG ?= 1
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@echo "Careers Portal is on http://$(HOST):$(PORT) (Ctrl+C stops it)."
	$(PY) manage.py runserver $(HOST):$(PORT)

# `make test TODAY=2028-03-15` runs the suite as if it were that day (tests/conftest.py).
# The tests run in one process per core (pytest-xdist, each with its own test database);
# `make test TEST_WORKERS=0` runs them in this process, one after another.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(if $(TODAY),--today=$(TODAY)) $(PYTEST_ARGS)

bench: install
	$(PY) -m bench.run $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# What CI checks before the tests: the style, and no model change without its migration.
check: lint
	mkdir -p var
	$(PY) manage.py makemigrations --check --dry-run --no-input

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
