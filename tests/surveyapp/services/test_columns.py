"""Reading rows as columns through ADBC: the same values as the session reads, whatever the
first rows hold, on SQLite (a file, or in memory through the session) and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import Answer, Response
from surveyapp.services.columns import read_columns
from surveyapp.services.responses import tidy_frame
from surveyapp.services.studies import get_study


def _rows(session, statement):
    return [tuple(row) for row in session.execute(statement).all()]


def test_columns_hold_what_the_session_reads_even_after_many_empty_rows(app, session, published):
    slug = published("wb", "ons4/v1")
    with app.app_context():
        study = get_study(db.session, slug)
        version = study.instruments[0].questionnaire_version
        # 1,500 answers with no number, then numbers and dates: the columns' types must not
        # be guessed from the first rows.
        response = Response(
            reference="TEST-0001",
            study_id=study.id,
            questionnaire_version_id=version.id,
            content_sha256=version.content_sha256,
            channel="import",
            status="submitted",
            submitted_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        )
        response.answers = [
            Answer(question_id=f"q{i:04d}", state="answered", text="words") for i in range(1500)
        ] + [
            Answer(question_id="happiness", value_code="7", number=7.0, condition_met=True),
            Answer(question_id="when", date_value=dt.date(2023, 3, 27), condition_met=False),
        ]
        db.session.add(response)
        db.session.commit()
    statement = select(
        Answer.id,
        Answer.question_id,
        Answer.number,
        Answer.date_value,
        Answer.condition_met,
        Answer.text,
    ).order_by(Answer.id)
    columns = read_columns(session, statement)
    read = list(zip(*(columns.column(c).to_pylist() for c in columns.column_names), strict=True))
    expected = _rows(session, statement)
    if app.config["DATABASE_URL"].startswith("sqlite"):
        # SQLite gives dates and booleans back as it stores them: ISO text and 0/1.
        expected = [
            (i, q, n, d.isoformat() if d else None, None if c is None else int(c), t)
            for i, q, n, d, c, t in expected
        ]
    assert read == expected
    assert read[-2][2] == 7.0 and read[-1][3] in ("2023-03-27", dt.date(2023, 3, 27))


def test_the_tidy_frame_reads_through_adbc_as_through_the_session(app, session, published):
    slug = published("wb", "ons4/v1")
    study = get_study(session, slug)
    version = study.instruments[0].questionnaire_version
    response = Response(
        reference="TEST-0002",
        study_id=study.id,
        questionnaire_version_id=version.id,
        content_sha256=version.content_sha256,
        channel="paper",
        status="submitted",
        submitted_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        participant_code="P001",
        timepoint="before",
    )
    response.answers = [
        Answer(question_id="life_satisfaction", value_code="7", number=7.0),
        Answer(question_id="worthwhile", state="blank"),
    ]
    session.add(response)
    session.commit()
    frame = tidy_frame(session, study)
    assert frame["response_id"].tolist() == [response.id, response.id]
    assert frame["question_id"].tolist() == ["life_satisfaction", "worthwhile"]
    assert frame["value_label"].isna().all()  # 0-10 scales have no option labels
    assert frame["number"].tolist()[0] == 7.0
    assert frame["state"].tolist() == ["answered", "blank"]
    assert frame["participant_code"].tolist() == ["P001", "P001"]
    assert frame["submitted_at"].iloc[0] == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert frame["questionnaire"].tolist() == ["ons4", "ons4"]
    assert frame["version"].tolist() == [1, 1]
