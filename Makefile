# Moksori: `make demo` to try it, `make test` to run the whole suite. Both set up everything first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
DEMO_HOME ?= $(CURDIR)/.moksori/demo
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
SYSTEM_PACKAGES := chromium fonts-nanum postgresql-client libpango-1.0-0 libpangoft2-1.0-0 poppler-utils openjdk-17-jre-headless

.PHONY: help install system-packages services demo test test-sqlcipher test-postgres lint docs requirements benchmarks clean

help:
	@echo "make demo    install, create an encrypted demo store of synthetic data, serve it on 127.0.0.1:8000"
	@echo "make test    install and run the whole suite (lint, types, architecture, tests on SQLCipher and PostgreSQL)"

$(UV):
	python3 -m pip install --quiet --user --require-hashes -r requirements/bootstrap.txt

$(VENV)/.installed: requirements/dev.txt pyproject.toml | $(UV)
	test -x $(PY) || $(UV) venv --quiet --python 3.11 $(VENV)
	$(UV) pip sync --quiet --python $(PY) --require-hashes requirements/dev.txt
	$(UV) pip install --quiet --python $(PY) --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed system-packages

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

services:
	@bash scripts/ensure-postgres.sh

requirements:
	cd requirements && for f in bootstrap base dev; do $(UV) pip compile --quiet --python-version 3.11 --generate-hashes --no-header $$f.in -o $$f.txt; done

demo: install
	@mkdir -p $(dir $(DEMO_HOME))
	@bash scripts/demo.sh "$(DEMO_HOME)"

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy src

test-sqlcipher: $(VENV)/.installed
	$(BIN)/pytest -q -m "not postgres" --durations=10

test-postgres: $(VENV)/.installed services
	MOKSORI_DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not sqlcipher and not browser" tests/store tests/audit tests/cli tests/web tests/api

docs: $(VENV)/.installed
	$(BIN)/mkdocs build --strict --quiet --site-dir build/site

test: install services lint docs test-sqlcipher test-postgres

benchmarks: $(VENV)/.installed
	$(PY) benchmarks/store.py
	$(PY) benchmarks/estimation.py

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache .hypothesis
