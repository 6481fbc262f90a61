#!/usr/bin/env bash
# Set everything up and run the checks: ruff, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install-browser.sh || echo "note: headless Chromium not installed; browser tests will be skipped"
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
