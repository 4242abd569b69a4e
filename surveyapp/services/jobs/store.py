"""A job's life in the database: asked for (or found already done for the same data), claimed
by one worker, its progress, its end (a file, a summary, or why it failed), and a retry.

Every change is one UPDATE guarded by the state it expects, so two workers never both do a job,
and a worker that was given up for dead cannot overwrite the retry that replaced it (``attempt``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from surveyapp.models import Job, StoredFile, Study, User
from surveyapp.models.base import utcnow
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.files import keep_file

#: How often a worker says it is still at a job, in seconds (one small UPDATE: jobs are few).
HEARTBEAT_SECONDS = 2.0
#: A running job not heard of for this long had its worker stop (killed, restarted, the
#: machine went down): it can be tried again (``JOB_STALE_SECONDS``).
STALE_AFTER = dt.timedelta(seconds=60)
#: Jobs kept in the list of each study's recent work.
RECENT = 20


@dataclass(frozen=True)
class Outcome:
    """What a job made: a file to download, and a sentence of what was done."""

    summary: str
    data: bytes | None = None
    filename: str = ""
    mimetype: str = ""


def request_key(kind: str, params: dict, fingerprint: str) -> str:
    """The digest under which a job's result is found again: the same request for the same data."""
    text = json.dumps([kind, params, fingerprint], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def ask_for_job(
    session: Session,
    kind: str,
    study: Study | None,
    params: dict,
    *,
    title: str,
    fingerprint: str,
    user: User | None,
) -> tuple[Job, bool]:
    """The job for this request: one already done, queued or running for the same data, or a
    new one (committed). Returns the job and whether it is new (and so wants a worker)."""
    key = request_key(kind, params, fingerprint)
    found = session.scalar(
        select(Job)
        .where(Job.kind == kind, Job.request_key == key, Job.state != "failed")
        .order_by(Job.created_at.desc())
        .limit(1)
    )
    if found is not None and not is_stale(found):
        return found, False
    job = Job(
        id=secrets.token_hex(16),
        kind=kind,
        study_id=study.id if study else None,
        params=params,
        request_key=key,
        title=title,
        state="queued",
        done=0,
        total=0,
        message="Waiting to start",
        summary="",
        attempts=0,
        requested_by_id=user.id if user is not None and user.is_authenticated else None,
    )
    session.add(job)
    session.commit()
    return job, True


def get_job(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id) if job_id else None
    if job is None:
        raise NotFoundError("There is no such download or task; it may have been cleared")
    return job


def recent_jobs(session: Session, study: Study) -> list[Job]:
    return list(
        session.scalars(
            select(Job)
            .where(Job.study_id == study.id)
            .order_by(Job.created_at.desc(), Job.id)
            .limit(RECENT)
        )
    )


def is_stale(job: Job, now: dt.datetime | None = None, after: dt.timedelta = STALE_AFTER) -> bool:
    """Whether ``job`` says it is running (or waiting) but nobody has been at it for ``after``."""
    if job.state not in ("running", "queued"):
        return False
    last = job.heartbeat_at or job.started_at or job.created_at
    if last.tzinfo is None:  # SQLite hands back naive UTC times
        last = last.replace(tzinfo=dt.UTC)
    return (now or utcnow()) - last > after


def claim(engine: Engine, job_id: str) -> int | None:
    """Take the job if it is waiting; returns the attempt now being made, or None when another
    worker has it (or it was done meanwhile)."""
    now = utcnow()
    with engine.begin() as connection:
        attempt = connection.scalar(
            select(Job.attempts).where(Job.id == job_id, Job.state == "queued")
        )
        if attempt is None:
            return None
        taken = connection.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == "queued", Job.attempts == attempt)
            .values(
                state="running",
                attempts=attempt + 1,
                started_at=now,
                heartbeat_at=now,
                message="Starting",
            )
        )
    return attempt + 1 if taken.rowcount == 1 else None


def report_progress(
    engine: Engine, job_id: str, attempt: int, done: int, total: int, message: str
) -> None:
    """Say how far the job is, in its own short transaction, so that a poll sees it at once."""
    with engine.begin() as connection:
        connection.execute(
            update(Job)
            .where(Job.id == job_id, Job.attempts == attempt, Job.state == "running")
            .values(done=done, total=total, message=message, heartbeat_at=utcnow())
        )


def heartbeat(engine: Engine, job_id: str, attempt: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(Job)
            .where(Job.id == job_id, Job.attempts == attempt, Job.state == "running")
            .values(heartbeat_at=utcnow())
        )


def finish(session: Session, job_id: str, attempt: int, outcome: Outcome) -> bool:
    """Keep what the job made and mark it done, in one transaction with whatever the job wrote
    (an import's rows): either all of it is there, or none. False if this attempt was replaced."""
    key = None
    if outcome.data is not None:
        key = keep_file(session, outcome.data, outcome.filename, outcome.mimetype, upload=False)
    job = session.get(Job, job_id)
    if job is None or job.attempts != attempt or job.state != "running":
        session.rollback()
        return False
    forget_old_results(session, job)
    job.state = "done"
    job.result_key = key
    job.summary = outcome.summary
    job.message = ""
    job.done = job.total = max(job.total, 1)
    job.finished_at = utcnow()
    session.commit()
    return True


def fail(engine: Engine, job_id: str, attempt: int, reason: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(Job)
            .where(Job.id == job_id, Job.attempts == attempt)
            .values(state="failed", message=reason, finished_at=utcnow())
        )


def retry(session: Session, job: Job, stale_after: dt.timedelta = STALE_AFTER) -> Job:
    """Put a failed job, or one whose worker stopped, back in the queue (committed)."""
    if job.state == "done":
        raise ServiceError("This one is done already: download it below")
    if job.state in ("queued", "running") and not is_stale(job, after=stale_after):
        raise ServiceError("This one is still being worked on; wait for it to finish")
    job.state = "queued"
    job.message = "Waiting to start again"
    job.done = 0
    # Counted from now: a job waiting again is not taken for a stopped one at once.
    job.heartbeat_at = utcnow()
    job.started_at = None
    job.finished_at = None
    session.commit()
    return job


def result_file(session: Session, job: Job) -> StoredFile:
    if job.state != "done" or job.result_key is None:
        raise NotFoundError("This download is not ready; its page says how far it has got")
    found = session.get(StoredFile, job.result_key)
    if found is None:
        raise NotFoundError("This download was cleared; ask for it again")
    return found


def forget_old_results(session: Session, job: Job) -> None:
    """Files of earlier jobs with the same request on the same study, made from data that have
    changed since: nobody will be handed them again. (A handful per study and kind; the
    parameters are compared here because PostgreSQL's JSON has no equality.)"""
    older = session.execute(
        select(Job.id, Job.params, Job.result_key).where(
            Job.study_id == job.study_id,
            Job.kind == job.kind,
            Job.id != job.id,
            Job.result_key.is_not(None),
        )
    ).all()
    for other_id, params, key in older:
        if params == job.params:
            session.execute(update(Job).where(Job.id == other_id).values(result_key=None))
            session.execute(delete(StoredFile).where(StoredFile.key == key))
