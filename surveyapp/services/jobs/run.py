"""Doing one job: claimed, worked with a heartbeat beside it, finished or failed.

The same function runs in a queue worker, in a thread of the app process (no Redis configured)
and in the foreground of a CLI command."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from surveyapp.models import Job
from surveyapp.services import ServiceError
from surveyapp.services.jobs.store import (
    HEARTBEAT_SECONDS,
    claim,
    fail,
    finish,
    heartbeat,
    report_progress,
)
from surveyapp.services.jobs.work import KINDS, JobSettings, Progress

log = logging.getLogger(__name__)
#: Progress is written at most this often (seconds): a poll every second or two sees it move.
PROGRESS_EVERY = 0.5


def run_job(
    sessions: sessionmaker[Session],
    job_id: str,
    settings: JobSettings,
    *,
    heartbeat_seconds: float = HEARTBEAT_SECONDS,
    on_progress: Progress | None = None,
) -> bool:
    """Do job ``job_id`` if it is still waiting. Returns whether this call did it (successfully
    or not); False when another worker has it or it was done already."""
    engine = sessions.kw["bind"]
    attempt = claim(engine, job_id)
    if attempt is None:
        return False
    stop = threading.Event()
    beating = threading.Thread(
        target=_beat, args=(engine, job_id, attempt, stop, heartbeat_seconds), daemon=True
    )
    beating.start()
    session = sessions()
    try:
        job = session.get(Job, job_id)
        if job is None:
            return False
        kind = KINDS[job.kind]
        outcome = kind.run(
            session,
            job.study,
            dict(job.params),
            settings,
            _progress(engine, job_id, attempt, on_progress),
        )
        finish(session, job_id, attempt, outcome)
    except ServiceError as exc:
        session.rollback()
        fail(engine, job_id, attempt, str(exc))
    except Exception as exc:
        # Logged in full for whoever runs the app; the person waiting is told what to do.
        log.exception("job %s (%s) failed", job_id, type(exc).__name__)
        session.rollback()
        fail(
            engine,
            job_id,
            attempt,
            f"It stopped with an error ({type(exc).__name__}). Nothing of it was saved. Try "
            f"again; if it fails again, give the person who runs this app the job number "
            f"{job_id}.",
        )
    finally:
        stop.set()
        session.close()
    return True


def _progress(
    engine: Engine, job_id: str, attempt: int, also: Progress | None
) -> Callable[[int, int, str], None]:
    last = 0.0

    def progress(done: int, total: int, message: str) -> None:
        nonlocal last
        if also is not None:
            also(done, total, message)
        now = time.monotonic()
        if now - last < PROGRESS_EVERY and done < total:
            return
        last = now
        try:
            report_progress(engine, job_id, attempt, done, total, message)
        except SQLAlchemyError:  # a busy database: the next step says it again
            log.warning("could not record the progress of job %s", job_id)

    return progress


def _beat(engine: Engine, job_id: str, attempt: int, stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            heartbeat(engine, job_id, attempt)
        except SQLAlchemyError:  # SQLite busy with the job's own writes: try at the next beat
            log.debug("no heartbeat for job %s this time", job_id)
