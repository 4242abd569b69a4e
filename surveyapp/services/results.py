"""A study's results worked out once and kept, so that a second look at the Findings page, or a
report asked for again, does not read every answer again.

A result is kept with the fingerprint of the data it came from (``data_fingerprint``): the
study's responses (how many, the latest change), the data-quality findings that hold answers
back, every code people and the machine gave and every quote decided, how staff grouped written
answers, and the versions attached (as stored and as their files say). Any new, changed or voided
response changes it, and the result is worked out again. Staff's choice and wording of headlines
are not part of it: they are applied to a kept result at each look. The fingerprint is a handful of
aggregate queries, cheap beside reading a study's answers. Results live in the database, so
every app process sees the same ones.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from questionnaires.load import canonical_json
from surveyapp.models import (
    AddedTheme,
    CachedResult,
    CodingSetup,
    GroupedAnswer,
    HumanCoding,
    MachineCoding,
    QualityIssue,
    QuestionnaireVersion,
    Quote,
    ReportSection,
    Response,
    Study,
    StudyInstrument,
)
from surveyapp.services.studies import study_definitions

log = logging.getLogger(__name__)

#: Bumped when what is kept changes shape, so that no result kept by older code is read.
RESULTS_FORMAT = "3"
NAME_LENGTH = 255
T = TypeVar("T")


def data_fingerprint(session: Session, study: Study) -> str:
    """What the study's results depend on, as a short hash. Coding tables are read whole
    (a change in another study then costs a recomputation, never a wrong result)."""
    parts: list[object] = [RESULTS_FORMAT, study.names_to_hide]
    parts += session.execute(
        select(func.count(Response.id), func.max(Response.id), func.max(Response.updated_at)).where(
            Response.study_id == study.id
        )
    ).one()
    parts += session.execute(
        select(
            func.count(StudyInstrument.id),
            func.max(StudyInstrument.id),
            func.sum(StudyInstrument.questionnaire_version_id),
        ).where(StudyInstrument.study_id == study.id)
    ).one()
    # How the attached versions' answers are tabulated can change without a new version
    # (table_label, write_in): the definitions analysis reads count too, as stored and as
    # their files say now.
    parts += [
        hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
        for content in session.scalars(
            select(QuestionnaireVersion.content)
            .join(StudyInstrument)
            .where(StudyInstrument.study_id == study.id)
            .order_by(QuestionnaireVersion.id)
        )
    ]
    parts += [canonical_json(d.raw) for d in study_definitions(session, study)]
    for model, moment in (
        (QualityIssue, QualityIssue.resolved_at),
        (MachineCoding, MachineCoding.coded_at),
        (HumanCoding, HumanCoding.coded_at),
        (Quote, Quote.decided_at),
        (AddedTheme, AddedTheme.added_at),
        (CodingSetup, None),
    ):
        columns = [func.count(model.id), func.max(model.id)]
        if moment is not None:
            columns.append(func.max(moment))
        parts += session.execute(select(*columns)).one()
    parts += session.execute(
        select(func.count(QualityIssue.id)).where(QualityIssue.status == "open")
    ).one()
    for model in (ReportSection, GroupedAnswer):
        parts += session.execute(
            select(func.count(model.id), func.max(model.id), func.max(model.edited_at)).where(
                model.study_id == study.id
            )
        ).one()
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def remembered(session: Session, study: Study, name: str, compute: Callable[[], T]) -> T:
    """The result ``name`` of ``study``: kept, if the data are as they were when it was worked
    out; else ``compute()``, kept for next time."""
    if len(name) > NAME_LENGTH:  # long settings: kept under a digest of them
        name = name[: NAME_LENGTH - 41] + ":" + hashlib.sha1(name.encode()).hexdigest()  # noqa: S324
    fingerprint = data_fingerprint(session, study)
    kept = session.scalar(select(CachedResult).filter_by(study_id=study.id, name=name))
    if kept is not None and kept.fingerprint == fingerprint:
        try:
            # Only results this app pickled into its own database are ever read back.
            return pickle.loads(kept.payload)
        except Exception:  # a result kept by other code: work it out again
            log.warning("could not read the kept result %s of %s", name, study.slug)
    result = compute()
    try:
        session.execute(delete(CachedResult).filter_by(study_id=study.id, name=name))
        session.add(
            CachedResult(
                study_id=study.id,
                name=name,
                fingerprint=fingerprint,
                payload=pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL),
            )
        )
        session.commit()
    except IntegrityError:  # another process kept the same result a moment ago
        session.rollback()
    return result
