"""A study's data for researchers: one questionnaire's counted responses, one row each (all its
versions pooled), as a wide CSV, an SPSS .sav or a Stata .dta (``exports.research.stats_files``).

The answers are read as the Findings page reads them, set-based (``tidy_frame``: one query for
the study's answers, through ADBC), and the responses' references in one more query; nothing is
read one response at a time. The responses counted are those the appendix counts: submitted or
verified, not held back by a data-quality finding. Contact details are stored apart and never
read here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from exports.research.data import research_data
from exports.research.stats_files import FORMATS, research_file
from questionnaires import Questionnaire
from surveyapp.models import QuestionnaireVersion, Response, Study
from surveyapp.services import NotFoundError
from surveyapp.services.columns import read_columns
from surveyapp.services.responses.frames import COUNTED, held_back, tidy_frame
from surveyapp.services.studies import study_definitions

#: The type of each file, as sent.
MIMETYPES = {
    "csv": "text/csv",
    "sav": "application/x-spss-sav",
    "dta": "application/x-stata-dta",
}


@dataclass(frozen=True)
class ResearchFile:
    """A file made for researchers: its bytes, name and type, and what it holds in words."""

    data: bytes
    filename: str
    mimetype: str
    summary: str


def research_definition(session: Session, study: Study, key: str, format: str) -> Questionnaire:
    """The newest definition of the study's questionnaire ``key``, for a file ``format``;
    NotFoundError naming what the study has when either is unknown."""
    if format not in FORMATS:
        raise NotFoundError(f"There is no data file '.{format}': ask for .csv, .sav or .dta")
    definitions = study_definitions(session, study)
    for definition in definitions:
        if definition.key == key:
            return definition
    have = ", ".join(d.key for d in definitions) or "none"
    raise NotFoundError(
        f"Study '{study.slug}' has no questionnaire '{key}' (its questionnaires: {have})"
    )


def research_title(session: Session, study: Study, key: str, format: str) -> str:
    """What the file is called in a job's title."""
    definition = research_definition(session, study, key, format)
    return f"Data for researchers, {FORMATS[format]}: {definition.title} ({key}), {study.name}"


def research_data_file(
    session: Session,
    study: Study,
    key: str,
    format: str,
    progress: Callable[[int], None] | None = None,
) -> ResearchFile:
    """The file ``format`` (csv, sav or dta) of the study's answers to ``key``; ``progress(1)``
    after the answers are read."""
    definition = research_definition(session, study, key, format)
    frame = tidy_frame(session, study)
    data = research_data(frame, definition, _references(session, study, key))
    del frame  # the study's answers as read: most of the memory, no longer needed
    if progress is not None:
        progress(1)
    made = research_file(data, format)
    count = data.responses
    return ResearchFile(
        data=made,
        filename=f"{study.slug}-{key}.{format}",
        mimetype=MIMETYPES[format],
        summary=(
            f"{FORMATS[format]} of {definition.title}: {count:,} response"
            f"{'' if count == 1 else 's'}, {len(data.variables)} variables"
        ),
    )


def _references(session: Session, study: Study, key: str) -> dict[int, str]:
    """Each counted response's reference, for the responses to ``key``."""
    table = read_columns(
        session,
        select(Response.id, Response.reference)
        .join(QuestionnaireVersion, Response.questionnaire_version_id == QuestionnaireVersion.id)
        .where(
            Response.study_id == study.id,
            Response.status.in_(COUNTED),
            QuestionnaireVersion.key == key,
            ~held_back(),
        ),
    )
    return dict(
        zip(table.column("id").to_pylist(), table.column("reference").to_pylist(), strict=True)
    )
