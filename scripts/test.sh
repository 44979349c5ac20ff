#!/usr/bin/env bash
# Install SocialGuard with its test tools into .venv and run every check:
# ruff, mypy and the test suite (on SQLite, then on PostgreSQL when a server
# answers on 127.0.0.1:5432; with Redis when one answers on 6379). Safe to run on a
# fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'

if [ -f scripts/ci-system-deps.sh ]; then bash scripts/ci-system-deps.sh; fi

# The shared rate-limit tests use the real Redis when one answers (then it must keep
# answering: a Redis that stops is a failure, not a skip).
if (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    export SOCIALGUARD_TEST_REDIS_URL="${SOCIALGUARD_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
fi

.venv/bin/ruff check socialguard tests scripts training
.venv/bin/mypy
.venv/bin/pytest "$@"
if [ -f scripts/test-postgres.sh ]; then bash scripts/test-postgres.sh "$@"; fi
