"""``surveyapp jobs``: a worker that does the jobs the web app queues on Redis; and the helper
by which other commands do the same jobs in the foreground, with a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from redis import Redis
from rq import Worker

from surveyapp import settings
from surveyapp.cli.common import fail
from surveyapp.extensions import db
from surveyapp.models import Job, StoredFile
from surveyapp.services import ServiceError
from surveyapp.services import jobs as jobs_service
from surveyapp.services.jobs.queues import QUEUE
from surveyapp.services.studies import get_study


@click.group(help="Slow work (workbooks, reports, paper forms, imports, theming) as jobs.")
def jobs() -> None:
    pass


@jobs.command(
    "worker",
    help="Do the jobs the web app queues on Redis (SURVEYAPP_REDIS_URL), until stopped. Run as "
    "many as the machines have cores to spare, on any machine that reaches the database.",
)
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker(burst: bool) -> None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        fail(
            "Set SURVEYAPP_REDIS_URL (e.g. redis://127.0.0.1:6379/0): without Redis, the app "
            "does its jobs itself and needs no worker"
        )
    connection = Redis.from_url(str(url))
    Worker([QUEUE], connection=connection).work(burst=burst, logging_level="INFO")


class _Bar:
    """A progress bar started when the job first says how many steps it has."""

    def __init__(self) -> None:
        self.bar: object | None = None
        self.shown = 0

    def __call__(self, done: int, total: int, message: str) -> None:
        if self.bar is None and total:
            self.bar = click.progressbar(length=total, label=message, file=sys.stderr)
            self.bar.__enter__()  # type: ignore[attr-defined]
        if self.bar is not None:
            self.bar.label = message  # type: ignore[attr-defined]
            self.bar.update(done - self.shown)  # type: ignore[attr-defined]
            self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)  # type: ignore[attr-defined]


def in_foreground(kind: str, slug: str, params: dict) -> tuple[Job, StoredFile | None]:
    """Do job ``kind`` now, in this process, with a progress bar; a result made already for
    the same data (by the web app or an earlier command) is used as it is. Fails with the
    job's own message."""
    try:
        study = get_study(db.session, slug)
        sessions = current_app.extensions["surveyapp.sessionmaker"]
        bar = _Bar()
        job = jobs_service.request_job(
            db.session,
            _Foreground(sessions, bar),
            kind,
            study,
            params,
            settings.job_settings(),
        )
        bar.close()
        if job.state == "failed":
            fail(job.message)
        if job.state != "done":
            fail(f"Another process is doing this already (job {job.id}); try again shortly")
        kept = jobs_service.result_file(db.session, job) if job.result_key else None
    except ServiceError as exc:
        fail(str(exc))
    return job, kept


def assert_file(kept: StoredFile | None, output: Path) -> None:
    """Write the job's file to ``output`` (a job that made none is a bug of ours)."""
    if kept is None:
        fail("The job made no file")
    output.write_bytes(kept.data)


class _Foreground:
    def __init__(self, sessions: object, progress: Callable[[int, int, str], None]) -> None:
        self.sessions, self.progress = sessions, progress

    def submit(self, job_id: str, job_settings: jobs_service.JobSettings) -> None:
        jobs_service.run_job(
            self.sessions,  # type: ignore[arg-type]
            job_id,
            job_settings,
            on_progress=self.progress,
        )
