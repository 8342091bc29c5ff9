# cirkular: two commands on a fresh machine.
#   make run   install, migrate, check the content, serve on http://127.0.0.1:8000
#   make test  install what the tests need, lint, type-check, test on SQLite and PostgreSQL

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-dev system-deps frontend messages makemessages vendor lint bench clean

run: install messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/cirkular content check
	$(BIN)/cirkular demo load
	$(BIN)/cirkular serve --host $(HOST) --port $(PORT)

test: system-deps install-dev frontend messages
	bash scripts/test.sh

bench: install-dev
	$(BIN)/python -m benchmarks

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# setup.py builds the compiled eForms walk: a change to it or its source reinstalls.
COMPILED := setup.py src/cirkular/core/notices/eforms.pyx

$(VENV)/.runtime: pyproject.toml $(COMPILED) | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev: pyproject.toml $(COMPILED) | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@ $(VENV)/.runtime

system-deps:
	bash scripts/system-deps.sh

# axe-core for the accessibility tests (htmx is vendored into static/ by `make vendor`)
frontend: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

vendor: frontend
	cp node_modules/htmx.org/dist/htmx.min.js src/cirkular/static/vendor/htmx.min.js

# compile translations with Babel (pure Python, no gettext needed)
messages: install
	$(BIN)/pybabel compile --domain django --directory src/cirkular/locale --statistics 2>&1 | grep -v '^$$' || true

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache

makemessages: install
	cd src/cirkular && DJANGO_SETTINGS_MODULE=cirkular.web.settings ../../$(BIN)/django-admin makemessages -l sv --no-location --no-obsolete
