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

demo: migrate
	DEBUG=1 $(PY) manage.py seed_demo --cases $(DEMO_CASES) --if-empty

# The first free port from $(PORT) is served and put in emailed links (PUTRIGHT_SITE_URL) for this run.
run: install static demo
	@port=$$(scripts/free-port $(PORT)) || exit 1; \
	export PUTRIGHT_SITE_URL="http://127.0.0.1:$$port"; \
	DEBUG=1 $(PY) manage.py demo_sign_ins; \
	echo "Starting the background worker, the scheduler and the web server on http://127.0.0.1:$$port/ (Ctrl-C stops all three)"; \
	trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py db_worker --no-reload --interval 1 & \
	DEBUG=1 $(PY) manage.py run_scheduler & \
	DEBUG=1 $(PY) manage.py runserver "127.0.0.1:$$port" --noreload

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
