#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: install (including Debian's Chromium
# for the browser tests), lint, format and type checks, then pytest (warnings are errors) on
# SQLite and, when a server answers on 127.0.0.1:5432, on PostgreSQL too.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    # The browser tests drive Debian's Chromium; Playwright never downloads a browser here.
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
bash scripts/install.sh --test

# The job-queue tests talk to a real Redis: Debian's redis-server, started when none answers.
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    if ! command -v redis-server >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    fi
    redis-server --daemonize yes --port 6379 --bind 127.0.0.1 --save "" --appendonly no
    for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 0.1; done
fi

if [[ -z "${TEST_DATABASE_URL:-}" ]] && (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
fi
echo "Databases: SQLite${TEST_DATABASE_URL:+ and PostgreSQL (TEST_DATABASE_URL)}"

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/surveyapp questionnaires validate
exec .venv/bin/python -m pytest "$@"
