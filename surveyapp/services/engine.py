"""The database engine, made the same way by the app, the CLI and a job worker (which has no
Flask app): SQLite as a file shared by threads and processes, PostgreSQL through a pool that
notices a restarted server."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from surveyapp.services import CODEBOOKS_DIR, QUESTIONNAIRES_DIR

#: How long a write waits for another to finish on SQLite, in seconds.
SQLITE_BUSY_SECONDS = 15
#: Connections each app process keeps open to PostgreSQL, and how many more it may open at a
#: peak: enough for gunicorn's threads and a job thread, far below the server's 100.
POOL_SIZE = 8
POOL_OVERFLOW = 8


def make_engine(url: str, busy_seconds: float = SQLITE_BUSY_SECONDS) -> Engine:
    """An engine for ``url`` (on SQLite, a write waits ``busy_seconds`` for another to end, then
    fails: the app then answers 503, and the page posted can be sent again).

    SQLite: foreign keys on; write-ahead logging, so that readers (a workbook being built) never
    block a patient's answers being saved, nor the other way round; ``synchronous=FULL``, so that
    an answer acknowledged survives a power cut (WAL's usual NORMAL could lose the last
    commits). PostgreSQL: a pool whose connections are checked before use, so that the app
    carries on after the server restarts instead of failing the next request on each connection.
    """
    kwargs: dict[str, Any] = {}
    sqlite = url.startswith("sqlite")
    if sqlite:
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": busy_seconds}
    else:
        kwargs.update(
            pool_pre_ping=True,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            # Connections older than this are replaced: a proxy or firewall in between may drop
            # idle ones without a word.
            pool_recycle=1800,
        )
    engine = create_engine(url, **kwargs)
    if sqlite:
        in_memory = url in ("sqlite://", "sqlite:///:memory:")

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

    return engine


def session_factory(
    engine: Engine, questionnaires_dir: str | None, codebooks_dir: str | None
) -> sessionmaker[Session]:
    """Sessions on ``engine`` that carry the folders of definitions and codebooks to the
    services (``surveyapp.services.definitions``)."""
    folders = {QUESTIONNAIRES_DIR: questionnaires_dir, CODEBOOKS_DIR: codebooks_dir}
    return sessionmaker(engine, expire_on_commit=False, info=folders)
