"""Slow work done as jobs: the workbook, the report, batches of paper forms, imports and theming.

A job is a row in the database (``store``); the kinds are listed in ``work`` (the files people
download made in ``downloads``, the files they upload read in ``uploads``); ``run`` does one
job; ``queues`` hands jobs to RQ workers, to a thread of the app process, or does them at once.
"""

from surveyapp.services.jobs.ask import request_job
from surveyapp.services.jobs.queues import (
    InTheAppProcess,
    JobQueue,
    OnRedis,
    RightAway,
    WorkerSettings,
    perform,
)
from surveyapp.services.jobs.run import run_job
from surveyapp.services.jobs.store import (
    Outcome,
    ask_for_job,
    get_job,
    is_stale,
    recent_jobs,
    result_file,
    retry,
)
from surveyapp.services.jobs.work import (
    IMPORT_RESULT,
    KINDS,
    RECORDS_RESULT,
    REFERENCE_RESULT,
    JobSettings,
    fingerprint,
    import_result,
    shown_result,
)

__all__ = [
    "IMPORT_RESULT",
    "KINDS",
    "RECORDS_RESULT",
    "REFERENCE_RESULT",
    "InTheAppProcess",
    "JobQueue",
    "JobSettings",
    "OnRedis",
    "Outcome",
    "RightAway",
    "WorkerSettings",
    "ask_for_job",
    "fingerprint",
    "get_job",
    "import_result",
    "is_stale",
    "perform",
    "recent_jobs",
    "request_job",
    "result_file",
    "retry",
    "run_job",
    "shown_result",
]
