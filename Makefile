# ATMP Advisor. The two commands a newcomer needs: `make run` and `make test` (README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test lint bench setup assets migrate demo worker clean

$(STAMPS):
	@mkdir -p $(STAMPS)

# Python environment: re-installed only when pyproject.toml changes.
$(STAMPS)/venv: pyproject.toml | $(STAMPS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

# Front-end packages from the npm registry at pinned versions, copied into static/vendor.
$(STAMPS)/assets: package.json package-lock.json scripts/build_assets.sh | $(STAMPS)
	./scripts/build_assets.sh
	@touch $@

# Debian packages for the PDF memo (installed when run as root, else named).
$(STAMPS)/system: scripts/system_packages.sh | $(STAMPS)
	./scripts/system_packages.sh
	@touch $@

setup: $(STAMPS)/venv $(STAMPS)/assets $(STAMPS)/system

migrate: setup
	DJANGO_DEBUG=True $(BIN)/python manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=True $(BIN)/python manage.py demo_setup

## make run: set up, migrate SQLite, load the demo login (printed), serve on HOST:PORT.
run: demo
	DJANGO_DEBUG=True $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check classification/rules pathways/rules
	$(BIN)/mypy classification/rules pathways/rules
	DJANGO_SETTINGS_MODULE=atmp_advisor.test_settings $(BIN)/python manage.py makemigrations --check --dry-run

## make test: set up and run the whole suite (lint, unit, scenarios, browser, worker tests).
test: setup lint
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

## make bench: measure the engine, the wizard and the PDF memo; writes bench/results.json.
bench: setup
	$(BIN)/python bench/run.py

## make worker: a Celery worker for the full stack (needs CELERY_BROKER_URL).
worker: setup
	$(BIN)/celery -A atmp_advisor worker --loglevel=info

clean:
	rm -rf $(VENV) $(STAMPS) node_modules static/vendor staticfiles
