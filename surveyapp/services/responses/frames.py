"""Builds the tidy answer frame (``analysis.frames``) of a study from the database."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Exists, exists, select
from sqlalchemy.orm import Session

from analysis.frames import TIDY_COLUMNS, check_tidy
from surveyapp.models import (
    HOLDING_RULES,
    Answer,
    QualityIssue,
    QuestionnaireVersion,
    Response,
    Study,
)

#: The statuses of responses that count: submitted online, or keyed and (when keyed twice)
#: verified. In progress and void ones never do.
COUNTED = ("submitted", "verified")


def held_back() -> Exists:
    """Responses kept out of the counts: a data-quality finding staff have not looked at yet
    (a number out of range, a required answer left blank)."""
    return exists().where(
        QualityIssue.response_id == Response.id,
        QualityIssue.status == "open",
        QualityIssue.rule.in_(HOLDING_RULES),
    )


def tidy_frame(session: Session, study: Study, statuses: tuple[str, ...] = COUNTED) -> pd.DataFrame:
    """Every answer of the study's counted responses, one row per value, in ``TIDY_COLUMNS``.

    ``value_label`` is the printed label of the option in the version answered. Responses held
    back by a data-quality finding are left out until staff deal with it. Plain columns are
    selected (not whole rows), and each version's labels are read once.
    """
    versions = {
        v.id: (v.key, v.version, _option_labels(v.content))
        for v in session.scalars(
            select(QuestionnaireVersion).where(
                QuestionnaireVersion.id.in_(
                    select(Response.questionnaire_version_id).where(Response.study_id == study.id)
                )
            )
        )
    }
    rows = session.execute(
        select(
            Response.id,
            Response.questionnaire_version_id,
            Response.channel,
            Response.submitted_at,
            Response.participant_code,
            Response.timepoint,
            Answer.question_id,
            Answer.item,
            Answer.value_code,
            Answer.other_text,
            Answer.text,
            Answer.number,
            Answer.date_value,
            Answer.state,
            Answer.condition_met,
        )
        .join(Answer, Answer.response_id == Response.id)
        .where(Response.study_id == study.id, Response.status.in_(statuses), ~held_back())
        .order_by(Response.id, Answer.id)
    ).all()
    records = []
    for row in rows:
        key, version, labels = versions[row.questionnaire_version_id]
        records.append(
            (
                row.id,
                study.slug,
                key,
                version,
                row.question_id,
                row.item or None,
                row.value_code or None,
                labels.get((row.question_id, row.value_code)),
                row.other_text,
                row.text,
                row.number,
                row.date_value,
                row.state,
                row.condition_met,
                row.channel,
                row.submitted_at,
                row.participant_code,
                row.timepoint,
            )
        )
    return check_tidy(pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS)))


def _option_labels(content: dict) -> dict[tuple[str, str], str]:
    found = {}
    for section in content.get("sections", []):
        for question in section.get("questions", []):
            for option in question.get("options", []):
                found[(question["id"], str(option["code"]))] = option["label"]
    return found
