#!/usr/bin/env bash
# One command from a fresh clone to a running app: install, create the SQLite database, load the
# demo study, serve on http://127.0.0.1:5000 (set PORT to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/surveyapp demo
exec .venv/bin/surveyapp serve --host 127.0.0.1 --port "${PORT:-5000}"
