"""Extensions, created unbound and attached to an app in ``create_app``.

The database is plain SQLAlchemy 2.0: one engine per app, one session per request (opened on first
use, closed at teardown). Only ``surveyapp.services`` uses the session.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from surveyapp.services import CODEBOOKS_DIR, QUESTIONNAIRES_DIR

csrf = CSRFProtect()
login_manager = LoginManager()


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets foreign keys on and a busy timeout, as a file shared by threads."""
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 15}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


class Database:
    """Holds the engine and hands out the request's session."""

    def __init__(self) -> None:
        self._sessionmakers: dict[int, sessionmaker[Session]] = {}

    def init_app(self, app: Flask) -> None:
        engine = make_engine(str(app.config["DATABASE_URL"]))
        app.extensions["surveyapp.engine"] = engine
        # Where definitions and codebooks are read travels with every session, so services find
        # the same files as the app without asking Flask (surveyapp.services.definitions).
        folders = {
            QUESTIONNAIRES_DIR: app.config.get("QUESTIONNAIRES_DIR"),
            CODEBOOKS_DIR: app.config.get("CODEBOOKS_DIR"),
        }
        app.extensions["surveyapp.sessionmaker"] = sessionmaker(
            engine, expire_on_commit=False, info=folders
        )
        app.teardown_appcontext(self._close)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["surveyapp.engine"]

    @property
    def session(self) -> Session:
        """The session of the current request (or CLI command), opened on first use."""
        if "db_session" not in g:
            g.db_session = current_app.extensions["surveyapp.sessionmaker"]()
        return g.db_session

    @staticmethod
    def _close(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


db = Database()
