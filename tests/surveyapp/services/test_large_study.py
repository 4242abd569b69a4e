"""A study with more written answers than PostgreSQL takes values in one statement (65,535):
every page and export that reads the coding selects by sub-query, never by a list of ids."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from surveyapp.models import Answer
from surveyapp.services.coding import coding_overview, question_page, theme_tables
from surveyapp.services.coding.theming import coded_frame
from surveyapp.services.findings import appendix
from surveyapp.services.studies import get_study

WRITTEN = 66_000


@pytest.fixture
def big_study(backend, session, published):
    if backend != "postgresql":
        pytest.skip("PostgreSQL's limit on values in one statement is what this is about")
    slug = published("big", "patient/v1")
    study = get_study(session, slug)
    version = study.instruments[0].questionnaire_version
    values = {
        "study": study.id,
        "version": version.id,
        "sha": version.content_sha256,
        "written": WRITTEN,
    }
    # Loaded by SQL on the server (a few seconds through the ORM would be most of the test).
    session.execute(
        text(
            "INSERT INTO response (reference, study_id, questionnaire_version_id, "
            "content_sha256, channel, status, started_at, updated_at, submitted_at, is_demo) "
            "SELECT 'B' || g, :study, :version, :sha, 'import', 'submitted', now(), now(), "
            "now(), false FROM generate_series(1, :written) AS g"
        ),
        values,
    )
    session.execute(
        text(
            "INSERT INTO answer (response_id, question_id, item, value_code, text, state) "
            "SELECT id, 'anything_else', '', '', 'Waited weeks for a call.', 'answered' "
            "FROM response WHERE study_id = :study"
        ),
        values,
    )
    session.execute(
        text(
            "INSERT INTO machine_coding (answer_id, codebook, codes, scores, evidence, "
            "sentiment, not_applicable, method, coded_at) SELECT id, 'social_prescribing', "
            "'[\"experience.waiting\"]', '{}', '[]', 'negative', false, 'rules', now() "
            "FROM answer"
        )
    )
    session.commit()
    return study


def test_coding_pages_and_exports_of_a_study_past_the_parameter_limit(session, big_study):
    assert session.scalar(select(func.count(Answer.id))) > 65_535
    frame = coded_frame(session, big_study)
    assert len(frame) == WRITTEN and set(frame["coded_by"]) == {"rules"}
    _study, progress = coding_overview(session, big_study.slug)
    written = next(p for p in progress if p.item.question.id == "anything_else")
    assert written.answers == WRITTEN and written.machine == WRITTEN
    page = question_page(session, big_study.slug, "patient", "anything_else")
    assert page.progress.answers == WRITTEN
    tables = theme_tables(session, big_study, ["patient"])
    waiting = next(r for t in tables for r in t.rows if r.key == "experience.waiting")
    assert waiting.count == WRITTEN
    content = appendix(session, big_study)
    assert content.tables and content.tables[0].base == WRITTEN
