"""Builds the tidy answer frame (``analysis.frames``) of a study from the database."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.frames import TIDY_COLUMNS, check_tidy
from surveyapp.models import Answer, QuestionnaireVersion, Response, Study


def tidy_frame(
    session: Session, study: Study, statuses: tuple[str, ...] = ("submitted", "verified")
) -> pd.DataFrame:
    """Every answer of the study's counted responses, one row per value, in ``TIDY_COLUMNS``.

    ``value_label`` is the printed label of the option in the version answered.
    """
    rows = session.execute(
        select(Response, Answer, QuestionnaireVersion)
        .join(Answer, Answer.response_id == Response.id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Response.questionnaire_version_id)
        .where(Response.study_id == study.id, Response.status.in_(statuses))
        .order_by(Response.id, Answer.id)
    ).all()
    labels: dict[int, dict[tuple[str, str], str]] = {}
    records = []
    for response, answer, version in rows:
        if version.id not in labels:
            labels[version.id] = _option_labels(version.content)
        records.append(
            {
                "response_id": response.id,
                "study": study.slug,
                "questionnaire": version.key,
                "version": version.version,
                "question_id": answer.question_id,
                "item": answer.item or None,
                "value_code": answer.value_code or None,
                "value_label": labels[version.id].get((answer.question_id, answer.value_code)),
                "other_text": answer.other_text,
                "text": answer.text,
                "number": answer.number,
                "date": answer.date_value,
                "state": answer.state,
                "condition_met": answer.condition_met,
                "channel": response.channel,
                "submitted_at": response.submitted_at,
                "participant_code": response.participant_code,
                "timepoint": response.timepoint,
            }
        )
    return check_tidy(pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS)))


def _option_labels(content: dict) -> dict[tuple[str, str], str]:
    found = {}
    for section in content.get("sections", []):
        for question in section.get("questions", []):
            for option in question.get("options", []):
                found[(question["id"], str(option["code"]))] = option["label"]
    return found
