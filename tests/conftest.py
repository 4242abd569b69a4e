"""Shared fixtures: an app on a real database (SQLite always; PostgreSQL too when
``TEST_DATABASE_URL`` is set), its test client, and helpers to post forms as a browser would."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Table, select, text

from surveyapp.app import create_app
from surveyapp.extensions import db
from surveyapp.migrate import upgrade
from surveyapp.models import Base
from tests.helpers import PASSWORD

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID_DEFINITIONS = FIXTURES / "questionnaires" / "valid"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One database per backend for the whole run, built by the real migrations."""
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"}
    if os.environ.get("TEST_DATABASE_URL"):
        urls["postgresql"] = os.environ["TEST_DATABASE_URL"]
        _reset_postgres(urls["postgresql"])
    for url in urls.values():
        from surveyapp.services.engine import make_engine

        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
    return urls


def _empty_tables(app: Flask) -> None:
    with app.app_context(), db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


Snapshot = list[tuple[Table, list[dict[str, Any]]]]


def snapshot(app: Flask) -> Snapshot:
    """Every row of every table, to put back with ``restore``: set-up that takes seconds (the
    demo study) is done once per module and restored for each test in a fraction of that."""
    with app.app_context(), db.engine.connect() as conn:
        return [
            (table, [dict(row) for row in conn.execute(select(table)).mappings()])
            for table in Base.metadata.sorted_tables
        ]


def restore(app: Flask, rows: Snapshot) -> None:
    """Put back what ``snapshot`` read, into the emptied tables, ids and all. New rows get ids
    past them: the sequences (and SQLite's largest rowid) already went beyond."""
    with app.app_context(), db.engine.begin() as conn:
        for table, records in rows:
            if records:
                conn.execute(table.insert(), records)


@pytest.fixture(scope="module")
def demo_rows() -> dict[str, Snapshot]:
    """The demo's rows per database, for ``demo_once``: loaded once in each test module."""
    return {}


def demo_once(app: Flask, backend: str, kept: dict[str, Snapshot], **options: Any) -> None:
    """The demo loaded with ``options`` (``load_demo``'s): the first time for ``backend``, then
    restored from the snapshot ``kept`` (a module-scoped dict) holds, in a fraction of the time."""
    from surveyapp.services.demo import load_demo

    if backend in kept:
        restore(app, kept[backend])
        return
    with app.app_context():
        load_demo(db.session, **options)
    kept[backend] = snapshot(app)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


def make_app(database_url: str, **config: object) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "SERVER_NAME": "localhost",
            # Jobs done inside the request that asks for them: a test sees the file at once
            # (tests/surveyapp/test_jobs.py runs them in a thread, on Redis and in workers).
            "JOBS": "now",
            **config,
        }
    )


@pytest.fixture
def app_config() -> dict[str, object]:
    """Override in a module to configure the app (for example QUESTIONNAIRES_DIR)."""
    return {}


@pytest.fixture
def app(backend: str, database_urls: dict[str, str], app_config: dict) -> Iterator[Flask]:
    app = make_app(database_urls[backend], **app_config)
    _empty_tables(app)
    yield app
    _empty_tables(app)
    app.extensions["surveyapp.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def session(app: Flask):
    """A session of the test's own, apart from the requests' (which open and close their own),
    for arranging and checking data. No app context is held open, so every request made by the
    test client pushes, and tears down, its own, as in production."""
    with app.extensions["surveyapp.sessionmaker"]() as own:
        yield own


@pytest.fixture
def make_user(app: Flask):
    from surveyapp.services.accounts import create_user

    def make(role: str, email: str | None = None):
        with app.app_context():
            return create_user(
                db.session, email or f"{role}@example.org", role.title(), role, PASSWORD
            )

    return make


@pytest.fixture
def published(app: Flask):
    """Publish the definitions the app is configured with; return a study factory."""
    from surveyapp.services.definitions import publish_all
    from surveyapp.services.studies import create_study

    with app.app_context():
        publish_all(db.session)

    def study(slug: str, *instruments: str):
        with app.app_context():
            return create_study(db.session, slug, f"Study {slug}", list(instruments)).slug

    return study
