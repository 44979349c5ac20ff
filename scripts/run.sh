#!/usr/bin/env bash
# Install SocialGuard into .venv and start it on its embedded default:
# SQLite in the data folder, the bundled policy pack, migrations applied.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/socialguard serve "$@"
