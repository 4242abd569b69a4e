"""Where jobs go to be done: Redis, for RQ workers on any machine (``SURVEYAPP_REDIS_URL``); a
thread of the app process, the embedded default, which needs no other server; or at once, in
the caller (tests and the CLI).

A queue carries only the job's id and the settings: the job itself, its progress and its result
are in the database, where every app process reads them."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from redis import Redis
from rq import Queue
from sqlalchemy.orm import Session, sessionmaker

from surveyapp.services.engine import make_engine, session_factory
from surveyapp.services.jobs.run import run_job
from surveyapp.services.jobs.work import JobSettings

log = logging.getLogger(__name__)
#: The RQ queue's name (one queue: the jobs are few and each is a person waiting).
QUEUE = "surveyapp"
#: Longest a job may take before RQ stops it, in seconds (a 1,000,000-response report: ~90 s).
JOB_TIMEOUT = 3600


@dataclass(frozen=True)
class WorkerSettings:
    """What a worker in another process needs to open the database and do a job."""

    database_url: str
    questionnaires_dir: str | None
    codebooks_dir: str | None
    job: JobSettings

    def as_dict(self) -> dict:
        return {
            "database_url": self.database_url,
            "questionnaires_dir": self.questionnaires_dir,
            "codebooks_dir": self.codebooks_dir,
            "job": self.job.as_dict(),
        }

    @classmethod
    def from_dict(cls, values: dict) -> WorkerSettings:
        return cls(
            database_url=values["database_url"],
            questionnaires_dir=values.get("questionnaires_dir"),
            codebooks_dir=values.get("codebooks_dir"),
            job=JobSettings(**values["job"]),
        )


class JobQueue(Protocol):
    def submit(self, job_id: str, settings: JobSettings) -> None:
        """Have job ``job_id`` done (now, or by a worker soon)."""


class RightAway:
    """Does the job in the caller before returning: tests, and the CLI's foreground runs."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def submit(self, job_id: str, settings: JobSettings) -> None:
        run_job(self.sessions, job_id, settings)


class InTheAppProcess:
    """One thread of the app process does the jobs, one at a time: the quick start needs no
    other server, and a workbook being built leaves the other threads to the patients."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="surveyapp-job")

    def submit(self, job_id: str, settings: JobSettings) -> None:
        self.pool.submit(self._run, job_id, settings)

    def _run(self, job_id: str, settings: JobSettings) -> None:
        try:
            run_job(self.sessions, job_id, settings)
        except Exception:  # run_job records failures; this is the database itself failing
            log.exception("job %s could not be run", job_id)


class OnRedis:
    """RQ on Redis: any worker (``surveyapp jobs worker``) on any machine does the job."""

    def __init__(
        self,
        redis_url: str,
        database_url: str,
        questionnaires_dir: str | None,
        codebooks_dir: str | None,
    ) -> None:
        self.queue = Queue(QUEUE, connection=Redis.from_url(redis_url))
        self.database = (database_url, questionnaires_dir, codebooks_dir)

    def submit(self, job_id: str, settings: JobSettings) -> None:
        values = WorkerSettings(*self.database, job=settings).as_dict()
        self.queue.enqueue_call(
            perform,
            args=(job_id, values),
            timeout=JOB_TIMEOUT,
            # The job's result and failure are in the database; RQ's copies go soon.
            result_ttl=60,
            failure_ttl=24 * 3600,
            description=f"surveyapp job {job_id}",
        )


_engines: dict[str, sessionmaker[Session]] = {}
_engines_lock = threading.Lock()


def perform(job_id: str, values: dict) -> bool:
    """The entry point RQ calls in a worker: open (once per process) the database named in the
    settings, and do the job."""
    worker = WorkerSettings.from_dict(values)
    key = f"{worker.database_url}|{worker.questionnaires_dir}|{worker.codebooks_dir}"
    with _engines_lock:
        if key not in _engines:
            _engines[key] = session_factory(
                make_engine(worker.database_url), worker.questionnaires_dir, worker.codebooks_dir
            )
        sessions = _engines[key]
    return run_job(sessions, job_id, worker.job)
