# mocua — run `make help` for the list of targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PYTEST_ARGS ?=
# pytest-xdist processes for `make test` (auto: one per core; 0: no xdist, in one process).
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help install sysdeps migrate demo run worker test test-fast bench lint format clean guide

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mocua needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

install: $(VENV)/.installed ## Create .venv and install requirements.txt

sysdeps: ## Check or install the Debian packages (Pango, fonts)
	@scripts/sysdeps.sh run

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --no-input

demo: migrate ## Load the demo data (idempotent) and print the logins
	$(PY) manage.py load_demo

run: install sysdeps demo ## Run the demo: web server + Celery worker with embedded beat
	@scripts/run.sh

worker: install ## Run only a Celery worker with embedded beat
	$(VENV)/bin/celery -A mocua worker -B --loglevel=INFO

test: install ## Run the whole test suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
	@scripts/sysdeps.sh test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: install ## Run the benchmarks in tests/benchmarks (not part of `make test`)
	@scripts/sysdeps.sh test
	$(VENV)/bin/pytest tests/benchmarks -o python_files='bench_*.py' -s -p no:randomly $(PYTEST_ARGS)

guide: install ## Retake the user guide's screenshots (docs/guide/img) with the browser journeys
	@scripts/sysdeps.sh test
	MOCUA_GUIDE_IMG=docs/guide/img $(VENV)/bin/pytest tests/test_guide_screens.py -n 0 -p no:randomly -q $(PYTEST_ARGS)

lint: install ## ruff check, and the import contracts of pyproject.toml
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

format: install ## ruff format and fix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## Remove the virtualenv and local data in var/
	rm -rf $(VENV) var
