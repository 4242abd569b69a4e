"""Asking for a job: the one already made for the same request and data, or a new one handed to
the queue. With a queue that works at once, the job comes back done."""

from __future__ import annotations

from sqlalchemy.orm import Session

from surveyapp.models import Job, Study, User
from surveyapp.services.jobs.queues import JobQueue
from surveyapp.services.jobs.store import ask_for_job
from surveyapp.services.jobs.work import KINDS, JobSettings, fingerprint


def request_job(
    session: Session,
    queue: JobQueue,
    kind: str,
    study: Study | None,
    params: dict,
    settings: JobSettings,
    user: User | None = None,
) -> Job:
    """The job doing ``kind`` with ``params`` on ``study``'s data as they are now."""
    job, new = ask_for_job(
        session,
        kind,
        study,
        params,
        title=KINDS[kind].title(session, study, params),
        fingerprint=fingerprint(session, kind, study, params, settings),
        user=user,
    )
    if new:
        queue.submit(job.id, settings)
        session.refresh(job)  # done already, if the queue works at once
    return job
