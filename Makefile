# PutRight: `make run` sets everything up and serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_CASES ?= 300
export DJANGO_SETTINGS_MODULE := putright.settings

.PHONY: run test lint typecheck pytest bench install install-production lock static migrate demo worker clean

# Development and tests: requirements-dev.lock holds the production versions plus the test and lint tools.
# Production installs requirements.lock alone (make install-production). Both are checked against their hashes;
# scripts/lock regenerates them from requirements.in and requirements-dev.in.
$(VENV)/.installed: requirements-dev.lock
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $@

install-production:
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

putright/static/vendor/.built: node_modules/.installed scripts/build-static
	scripts/build-static
	@touch $@

install: $(VENV)/.installed
static: putright/static/vendor/.built

lock:
	scripts/lock

migrate: install
	@scripts/local-env
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py createcachetable

# The first free port from $(PORT): `make run` serves it, and the emails the demo writes link to it
# (PUTRIGHT_SITE_URL). Worked out once, when a recipe first needs it, so the seeded emails and the server agree.
SERVE_PORT = $(eval SERVE_PORT := $(shell scripts/free-port $(PORT)))$(SERVE_PORT)
SITE_URL = http://127.0.0.1:$(SERVE_PORT)

demo: migrate
	@test -n "$(SERVE_PORT)"
	PUTRIGHT_SITE_URL=$(SITE_URL) DEBUG=1 $(PY) manage.py seed_demo --cases $(DEMO_CASES) --if-empty

run: install static demo
	@test -n "$(SERVE_PORT)"
	@export PUTRIGHT_SITE_URL=$(SITE_URL); \
	DEBUG=1 $(PY) manage.py demo_sign_ins; \
	echo "Starting the background worker, the scheduler and the web server on $(SITE_URL)/ (Ctrl-C stops all three)"; \
	trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py db_worker --no-reload --interval 1 & \
	DEBUG=1 $(PY) manage.py run_scheduler & \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(SERVE_PORT) --noreload

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	PUTRIGHT_TESTING=1 $(VENV)/bin/mypy

pytest: install static
	PUTRIGHT_TESTING=1 $(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

bench: install static
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules putright/static/vendor var
