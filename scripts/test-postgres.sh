#!/usr/bin/env bash
# The database-backed tests (API, pages, browser, governance workflows) again on PostgreSQL, when a server answers on 127.0.0.1:5432
# (the tests create a fresh sg_test_* database and drop it afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  SOCIALGUARD_TEST_DATABASE_URL="${SOCIALGUARD_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}" \
    .venv/bin/pytest tests/api tests/web tests/governance "$@"
else
  echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL run skipped" >&2
fi
