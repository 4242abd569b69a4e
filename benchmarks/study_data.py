"""A study of N patient responses in a real database, for the benchmarks that time what staff
wait for (the appendix workbook, the report, the Findings page).

A template of generated responses (``surveyapp.services.demo.generate_answers``: every question,
conditions followed, some left blank, written answers) is stored through the services, then
copied by SQL, with fresh ids, doubling until the study holds N: 100,000 patient responses are
about 2.1 million answer rows, loaded in seconds rather than hours.

    .venv/bin/python -m benchmarks.study_data --responses 10000 --database /tmp/study.db
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, select, text

from surveyapp.app import create_app
from surveyapp.extensions import db
from surveyapp.migrate import upgrade
from surveyapp.models import Answer, Response, Study
from surveyapp.services.accounts import create_user
from surveyapp.services.bulk import refresh_statistics
from surveyapp.services.definitions import publish_all, served_definition
from surveyapp.services.demo import add_generated_response
from surveyapp.services.studies import create_study

SLUG = "bench"
TEMPLATE = 1000
STAFF = ("bench@example.org", "bench-password-2023")


def database_url(database: str | None) -> str:
    """``database`` (a SQLite file) or DATABASE_URL; PostgreSQL's public schema is emptied."""
    url = os.environ.get("DATABASE_URL")
    if url:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return url
    path = Path(database) if database else Path(tempfile.mkdtemp()) / "study.db"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def load_study(url: str, responses: int, seed: int = 2023) -> dict[str, float]:
    """Create study ``bench`` (patient v1) holding ``responses`` submitted responses, and a
    staff user; return how long the steps took."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    started = time.perf_counter()
    with app.app_context():
        upgrade(db.engine)
        publish_all(db.session)
        study = create_study(db.session, SLUG, "Benchmark study", ["patient/v1"])
        create_user(db.session, STAFF[0], "Bench Staff", "staff", STAFF[1])
        version = study.instruments[0].questionnaire_version
        definition = served_definition(db.session, version)
        rng = random.Random(seed)
        when = dt.datetime(2023, 2, 1, 9, tzinfo=dt.UTC)
        for i in range(min(TEMPLATE, responses)):
            add_generated_response(
                db.session,
                study,
                definition,
                version.id,
                rng,
                rng.choice(["online", "paper"]),
                when + dt.timedelta(minutes=i),
            )
        db.session.commit()
        stored = time.perf_counter()
        _copy(db.engine, study.id, responses)
        # As after an import (services.imports refreshes them) or once autovacuum has run:
        # PostgreSQL plans with statistics of the tables as they now are.
        refresh_statistics(db.session, [Response.__table__, Answer.__table__])
    copied = time.perf_counter()
    app.extensions["surveyapp.engine"].dispose()
    return {"template": stored - started, "copied": copied - stored}


def _copy(engine: Engine, study_id: int, target: int) -> None:
    """Copy the study's responses and answers by SQL, doubling them each time, until it has
    ``target`` (1,000,000 responses in ten copies); each copy shifts the ids past the largest."""
    responses = [c.name for c in Response.__table__.columns]
    answers = [c.name for c in Answer.__table__.columns]
    copy = 0
    while True:
        with engine.begin() as conn:
            have = conn.scalar(select(func.count()).where(Response.study_id == study_id))
            top_response = conn.scalar(select(func.max(Response.id)))
            top_answer = conn.scalar(select(func.max(Answer.id)))
        wanted = min(have, target - have)
        if wanted <= 0:
            break
        copy += 1
        shifted = {
            "id": f"id + {top_response}",
            "reference": f"reference || '-{copy}'",
            "resume_token": f"resume_token || '-{copy}'",
        }
        moved = {
            "id": f"answer.id + {top_answer}",
            "response_id": f"answer.response_id + {top_response}",
        }
        with engine.begin() as conn:
            # The first ``wanted`` responses (by id), and their answers, under new ids.
            last = conn.scalar(
                text(
                    "SELECT max(id) FROM (SELECT id FROM response WHERE study_id = :study "
                    "ORDER BY id LIMIT :wanted) AS first"
                ),
                {"study": study_id, "wanted": wanted},
            )
            conn.execute(
                text(
                    f"INSERT INTO response ({', '.join(responses)}) "  # noqa: S608 - our columns
                    f"SELECT {', '.join(shifted.get(c, c) for c in responses)} FROM response "
                    "WHERE study_id = :study AND id <= :last"
                ),
                {"study": study_id, "last": last},
            )
            conn.execute(
                text(
                    f"INSERT INTO answer ({', '.join(answers)}) "  # noqa: S608 - our columns
                    f"SELECT {', '.join(moved.get(c, 'answer.' + c) for c in answers)} "
                    "FROM answer WHERE answer.response_id <= :last"
                ),
                {"last": last},
            )
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("response", "answer"):
                conn.execute(
                    text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")  # noqa: S608
                )
    with engine.begin() as conn:
        assert conn.scalar(select(func.count()).where(Response.study_id == study_id)) == target
        assert conn.scalar(select(func.count(Study.id))) == 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--database", help="SQLite file to (re)create (default: a temporary one)")
    args = parser.parse_args()
    url = database_url(args.database)
    took = load_study(url, args.responses)
    print(
        f"{args.responses:,} responses in {url.split('@')[-1]}: template "
        f"{took['template']:.1f} s, copied in {took['copied']:.1f} s"
    )


if __name__ == "__main__":
    main()
