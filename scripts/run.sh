#!/usr/bin/env bash
# Set everything up and start the app on the bundled corpus (builds the index if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python app.py "$@"
