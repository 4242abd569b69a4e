"""gunicorn's settings for the app (``scripts/production.sh`` uses them).

Workers x threads were chosen by measuring (``benchmarks/serving.py``, README "Serving"): per
request the app spends most of its time in Python, which one process runs on one core at a
time, so there is a worker process per core; the threads of each let a request waiting on the
database (a PostgreSQL round trip, SQLite's fsync) give the core to another.
"""

import multiprocessing
import os

bind = os.environ.get("SURVEYAPP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SURVEYAPP_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("SURVEYAPP_THREADS", "4"))
worker_class = "gthread"
# Slow work is done as jobs, away from requests: a request that takes this long is stuck.
timeout = 60
graceful_timeout = 30
# A worker is replaced now and then, so that memory a long life gathers goes back.
max_requests = 20000
max_requests_jitter = 2000
# Each worker makes its own app (its own database pool and job thread): nothing is shared
# between processes but the database and Redis.
preload_app = False
accesslog = os.environ.get("SURVEYAPP_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "wsgi:app"
