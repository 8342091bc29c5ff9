"""Exit 0 when the PostgreSQL server of the given URL accepts a connection."""

import sys

import psycopg

url = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/postgres"
# connect to the maintenance database: the test run creates its own
base = url.rsplit("/", 1)[0] + "/postgres"
try:
    with psycopg.connect(base, connect_timeout=3):
        pass
except psycopg.Error:
    sys.exit(1)
