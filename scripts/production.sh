#!/usr/bin/env bash
# One machine in production: installs, brings the database up to date, starts Redis (Debian's
# redis-server, if it is not answering) and job workers, and serves the app with gunicorn.
#
#   SURVEYAPP_SECRET_KEY=... DATABASE_URL=postgresql+psycopg://... bash scripts/production.sh
#
# Without DATABASE_URL: SQLite in instance/ (write-ahead logging). Settings: README "Serving".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

export SURVEYAPP_REDIS_URL="${SURVEYAPP_REDIS_URL:-redis://127.0.0.1:6379/0}"
# gunicorn listens on 127.0.0.1 behind the HTTPS proxy: believe its X-Forwarded-* headers, so
# sign-in throttling counts each person's address, not the proxy's (set 0 to serve directly).
export SURVEYAPP_PROXIES="${SURVEYAPP_PROXIES:-1}"
if ! .venv/bin/python -c "import os, redis; redis.Redis.from_url(os.environ['SURVEYAPP_REDIS_URL']).ping()" 2>/dev/null; then
    if command -v redis-server >/dev/null 2>&1; then
        redis-server --daemonize yes --port 6379 --bind 127.0.0.1 --save "" --appendonly no
        sleep 0.5
    else
        echo "No Redis at $SURVEYAPP_REDIS_URL and no redis-server (apt-get install redis-server):" >&2
        echo "jobs run in the app processes instead." >&2
        unset SURVEYAPP_REDIS_URL
    fi
fi

.venv/bin/surveyapp db upgrade

workers=()
if [[ -n "${SURVEYAPP_REDIS_URL:-}" ]]; then
    for _ in $(seq "${SURVEYAPP_JOB_WORKERS:-1}"); do
        # At a lower priority than the app: a workbook being built takes a core, and the
        # patients' pages must not wait for it (benchmarks/serving.py --workbook measures it).
        nice -n 10 .venv/bin/surveyapp jobs worker &
        workers+=("$!")
    done
fi
trap 'kill "${workers[@]}" 2>/dev/null || true' EXIT
.venv/bin/gunicorn --config deploy/gunicorn.conf.py
