"""The appendix workbook counts a study's answers in the database (``services.findings.counts``)
rather than reading them: its tables must be exactly those worked out from the tidy frame, which
the Findings page and the report use, in every case a study has: follow-ups on their own base,
paper states, written answers in several spellings and grouped by staff, responses held back by
a data-quality finding or voided, and an instrument nobody answered."""

from __future__ import annotations

from sqlalchemy import select, update

from analysis import findings as compose
from surveyapp.models import Answer, QualityIssue, Response
from surveyapp.services.demo import load_demo
from surveyapp.services.demo.studies import BROMLEY
from surveyapp.services.findings import appendix, save_grouping
from surveyapp.services.findings.grouping import other_groups
from surveyapp.services.responses.frames import tidy_frame
from surveyapp.services.studies import get_study, study_definitions


def _answers(session, study, question_id: str, limit: int) -> list[Answer]:
    return list(
        session.scalars(
            select(Answer)
            .join(Response)
            .where(
                Response.study_id == study.id,
                Response.status == "submitted",
                Answer.question_id == question_id,
            )
            .order_by(Answer.id.desc())  # the first responses are held back and voided below
            .limit(limit)
        )
    )


def test_the_workbook_counted_in_the_database_is_the_tables_from_the_answers(session):
    load_demo(session, patient_responses=80, seed=11)
    study = get_study(session, BROMLEY)
    # Paper states, as keyed: unreadable, more than one ticked, not applicable.
    for answer, state in zip(
        _answers(session, study, "signposted", 3),
        ("unreadable", "multiple_ticked", "not_applicable"),
        strict=True,
    ):
        session.execute(
            update(Answer)
            .where(Answer.id == answer.id)
            .values(state=state, value_code="", other_text=None, text=None, number=None)
        )
    # The same referrer written three ways, one of them grouped into a printed option.
    written = [a for a in _answers(session, study, "referred_by", 200) if a.other_text]
    assert len(written) >= 3
    for answer, text in zip(written, ("Oxleas", "  oxleas ", "My doctor"), strict=False):
        answer.other_text = text
    # One response held back by an open finding, one voided: neither counts.
    held, voided = session.scalars(
        select(Response).where(Response.study_id == study.id).order_by(Response.id).limit(2)
    )
    session.add(
        QualityIssue(
            response_id=held.id,
            question_id="referred_by",
            rule="required_blank",
            message="Left blank",
        )
    )
    voided.status = "void"
    session.commit()
    save_grouping(session, study, "patient", "referred_by", {"my doctor": "GP"}, None)

    definitions = study_definitions(session, study)
    from_answers = compose.study_tables(
        tidy_frame(session, study, with_text=False),
        definitions,
        other_groups=other_groups(session, study),
    )
    counted = appendix(session, study).tables[: len(from_answers)]
    assert counted == from_answers

    by_question = {(t.questionnaire, t.question_id): t for t in counted}
    easy = by_question[("patient", "service_easy_access")]
    assert easy.routed_base and 0 < easy.routed_base < easy.base
    rows = {row.label: row for row in by_question[("patient", "signposted")].rows}
    assert {"Unreadable", "More than one ticked"} <= set(rows)
    referred = {row.label for row in by_question[("patient", "referred_by")].rows}
    # One row for the two spellings, as first written (in response order), its spaces tidied.
    assert [label for label in referred if label.casefold() == "oxleas"] == ["oxleas"]
