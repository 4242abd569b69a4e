"""What every kind of job shares: the settings a job is made with, what a kind is (its title,
what its result depends on, its work), how it reports progress, and the media types of results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from surveyapp.models import (
    Study,
)
from surveyapp.services import ServiceError
from surveyapp.services.jobs.store import Outcome
from surveyapp.services.results import data_fingerprint
from surveyapp.services.studies import chosen_definitions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


HTML = "text/html"


PDF = "application/pdf"


#: What an import's check keeps for its page (not a download): the result, pickled by this app.
IMPORT_RESULT = "application/x-surveyapp-import-result"


#: The same for a service evaluation's records, and its reference data.
RECORDS_RESULT = "application/x-surveyapp-records-result"


REFERENCE_RESULT = "application/x-surveyapp-reference-result"


#: What each format of an evaluation is called in a job's title.
EVALUATION_FILES = {"xlsx": "workbook", "html": "report", "docx": "report (Word)"}


#: ``progress(done, total, what is being done)``.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class JobSettings:
    """The configuration a job needs, handed from the app (or CLI) to whichever process does
    the job: plain values, so that they travel through the queue."""

    organisation: str
    small_base: int
    bank_holidays: str = "ENG"
    return_address: str | None = None
    #: The most rows a file imported through the web may hold (the CLI has no limit).
    import_rows: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Kind:
    """One kind of job: its title for people, what its result depends on, and the work."""

    title: Callable[[Session, Study | None, dict], str]
    depends_on: Callable[[Session, Study | None, dict], str]
    run: Callable[[Session, Study | None, dict, JobSettings, Progress], Outcome]


def steps(progress: Progress, total: int, message: str) -> Callable[[int], None]:
    """The services' ``progress(n)`` (n more steps done) as the job's done/total."""
    done = 0

    def advance(n: int = 1) -> None:
        nonlocal done
        done += n
        progress(done, total, message)

    return advance


def job_study(study: Study | None) -> Study:
    if study is None:
        raise ServiceError("The study of this job no longer exists")
    return study


def instruments(params: dict) -> list[str]:
    return [str(k) for k in params.get("instruments", [])]


def per_instrument(
    session: Session, study: Study | None, params: dict, progress: Progress, message: str
) -> tuple[Study, list[str], int, Callable[[int], None]]:
    """The study and instruments asked for, and a step per instrument plus one to write the
    file: what the workbook and the report count their progress in."""
    found = job_study(study)
    keys = instruments(params)
    total = len(chosen_definitions(session, found, keys)) + 1
    progress(0, total, message)
    return found, keys, total, steps(progress, total, message)


def study_data(session: Session, study: Study | None, _params: dict) -> str:
    return data_fingerprint(session, job_study(study))
