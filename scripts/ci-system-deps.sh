#!/usr/bin/env bash
# System packages the browser tests need: Debian's Chromium (driven by Playwright
# through executable_path; never `playwright install`) and axe-core from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium missing: browser tests will be skipped (sudo apt-get install chromium)" >&2
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then
  npm ci --no-audit --no-fund --silent
fi
