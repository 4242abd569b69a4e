"""Extensions, created unbound and attached to an app in ``create_app``.

The database is plain SQLAlchemy 2.0: one engine per app, one session per request (opened on first
use, closed at teardown). Only ``surveyapp.services`` uses the session.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from surveyapp.services.engine import make_engine, session_factory
from surveyapp.services.jobs import InTheAppProcess, JobQueue, OnRedis, RightAway

csrf = CSRFProtect()
login_manager = LoginManager()


class Database:
    """Holds the engine and hands out the request's session."""

    def init_app(self, app: Flask) -> None:
        engine = make_engine(
            str(app.config["DATABASE_URL"]), float(app.config["SQLITE_BUSY_SECONDS"])
        )
        app.extensions["surveyapp.engine"] = engine
        # Where definitions and codebooks are read travels with every session, so services find
        # the same files as the app without asking Flask (surveyapp.services.definitions).
        app.extensions["surveyapp.sessionmaker"] = session_factory(
            engine, app.config.get("QUESTIONNAIRES_DIR"), app.config.get("CODEBOOKS_DIR")
        )
        app.teardown_appcontext(self._close)
        app.extensions["surveyapp.jobs"] = job_queue(app)

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

    def discard_session(self) -> None:
        """Close the request's session after a fault, whatever state its connection is in: a
        connection to a server that has gone cannot even roll back, and the pool drops it."""
        session = g.pop("db_session", None)
        if session is None:
            return
        try:
            session.close()
        except SQLAlchemyError:
            session.invalidate()


db = Database()


def job_queue(app: Flask) -> JobQueue:
    """Redis when configured (any worker on any machine); else a thread of this process, or
    the request itself (``JOBS = "now"``)."""
    config = app.config
    if config.get("REDIS_URL"):
        return OnRedis(
            str(config["REDIS_URL"]),
            str(config["DATABASE_URL"]),
            config.get("QUESTIONNAIRES_DIR"),
            config.get("CODEBOOKS_DIR"),
        )
    sessions = app.extensions["surveyapp.sessionmaker"]
    return RightAway(sessions) if config["JOBS"] == "now" else InTheAppProcess(sessions)
