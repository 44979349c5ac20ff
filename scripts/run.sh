#!/usr/bin/env bash
# Install SocialGuard into .venv and start it on its embedded default:
# SQLite in the data folder, the bundled policy pack, migrations applied, a demo organisation.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
# The demo organisation (a team per role, accounts, inbox, approvals) on the embedded
# database only, and only once; its users' password is printed the first time.
if [ -z "${DATABASE_URL:-}" ]; then .venv/bin/socialguard demo; fi
exec .venv/bin/socialguard serve "$@"
