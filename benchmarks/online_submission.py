"""How fast the app renders and stores online forms: patient v1, three pages, through the WSGI
app (Flask's test client, no network), on SQLite or on DATABASE_URL.

    .venv/bin/python -m benchmarks.online_submission [--responses 200]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
        .venv/bin/python -m benchmarks.online_submission

Prints figures; asserts nothing. The PostgreSQL run drops and recreates the public schema.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from surveyapp.app import create_app
from surveyapp.extensions import db
from surveyapp.migrate import upgrade
from surveyapp.services.definitions import publish_all
from surveyapp.services.studies import create_study
from tests.helpers import hidden_fields

PAGE1 = {
    "filling_in_as": "current",
    "referred_by": "gp",
    "referral_reason": "Feeling low and isolated.",
    "referral_ease": "fairly_easy",
    "signposted": "yes",
    "signposted_to": "Bromley Well",
    "used_service": "yes",
    "service_easy_access": "yes",
    "referral_helpful": "yes",
    "overall_rating": "good",
    "anything_else": "Thank you.",
}
PAGE2 = {"age_band": "age_45_54", "ward": "orpington"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=200)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    if url:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(db.engine)
        publish_all(db.session)
        create_study(db.session, "bench", "Benchmark", ["patient/v1"])
    page_times: list[float] = []
    started = time.perf_counter()
    for _ in range(args.responses):
        client = app.test_client()
        url_now = "/s/bench/patient"
        for data in (PAGE1, PAGE2, {}):
            t0 = time.perf_counter()
            form = hidden_fields(client.get(url_now).get_data(as_text=True))
            posted = client.post(url_now, data={**form, **data})
            page_times.append(time.perf_counter() - t0)
            assert posted.status_code == 302, posted.get_data(as_text=True)[:300]
            url_now = posted.headers["Location"]
    elapsed = time.perf_counter() - started
    backend = url.split(":", 1)[0]
    print(f"backend: {backend}")
    print(f"responses submitted: {args.responses} (3 pages each)")
    print(f"responses per second: {args.responses / elapsed:.1f}")
    print(
        "page GET+POST ms: median "
        f"{statistics.median(page_times) * 1000:.1f}, p95 "
        f"{statistics.quantiles(page_times, n=20)[18] * 1000:.1f}"
    )


if __name__ == "__main__":
    main()
