#!/usr/bin/env bash
# The whole test run: lint, types, Django checks, pytest on SQLite, then pytest on
# PostgreSQL when a server answers on 127.0.0.1:5432. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
B=.venv/bin
export DJANGO_SETTINGS_MODULE=cirkular.web.settings
unset DATABASE_URL

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "ruff"
$B/ruff check .
$B/ruff format --check .
step "cython (the compiled eForms walk: every warning is an error)"
cython_out="$(mktemp -d)"
$B/cython -3 -Wextra --warning-errors -I "$($B/python -c 'import lxml; print(lxml.get_include()[0])')" \
  -o "$cython_out/eforms.c" src/cirkular/core/notices/eforms.pyx
rm -rf "$cython_out"
step "mypy (strict on cirkular.core)"
$B/mypy
step "django: migrations and system checks"
$B/python manage.py makemigrations --check --dry-run
$B/python manage.py check --fail-level WARNING
step "content"
$B/cirkular content check

step "pytest on SQLite"
$B/pytest -p no:cacheprovider "$@"

PG_URL="${CIRKULAR_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/cirkular}"
if $B/python scripts/pg_answers.py "$PG_URL"; then
  step "pytest on PostgreSQL ($PG_URL, the run creates test_cirkular)"
  DATABASE_URL="$PG_URL" $B/pytest -p no:cacheprovider "$@"
else
  step "PostgreSQL does not answer on 127.0.0.1:5432: the PostgreSQL run is skipped"
  if [ "${CIRKULAR_REQUIRE_PG:-}" = "1" ]; then exit 1; fi
fi
