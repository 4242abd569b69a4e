"""Results kept against the data they came from: a second look reads the kept result, and any
new, changed or voided response has them worked out again."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from questionnaires import DEFINITIONS_ROOT
from surveyapp.models import CachedResult, Response, User
from surveyapp.services.demo import add_generated_response
from surveyapp.services.findings import findings_content
from surveyapp.services.responses import correct_answer, void_response
from surveyapp.services.results import data_fingerprint
from surveyapp.services.studies import get_study, study_definitions


def _study(session, published, responses: int = 12):
    slug = published("bromley", "patient/v1")
    study = get_study(session, slug)
    version = study.instruments[0].questionnaire_version
    definition = study_definitions(session, study)[0]
    rng = random.Random(5)
    when = dt.datetime(2023, 3, 1, tzinfo=dt.UTC)
    for _ in range(responses):
        add_generated_response(session, study, definition, version.id, rng, "online", when)
    session.commit()
    return study


def _base(content, question_id: str) -> int:
    return next(t.base for t in content.tables if t.question_id == question_id)


def test_a_result_is_kept_and_worked_out_again_when_a_response_changes(
    session, published, make_user
):
    study = _study(session, published)
    first = findings_content(session, study, small_base=10, organisation="HW")
    kept = session.scalar(select(CachedResult).filter_by(study_id=study.id))
    assert kept is not None and kept.fingerprint == data_fingerprint(session, study)
    again = findings_content(session, study, small_base=10, organisation="HW")
    assert again == first
    assert session.scalar(select(func.count(CachedResult.id))) == 1

    staff = make_user("staff")
    staff = session.get(User, staff.id)
    voided = session.scalars(select(Response).order_by(Response.id)).first()
    void_response(session, voided, staff, "Entered twice")
    after_void = findings_content(session, study, small_base=10, organisation="HW")
    assert _base(after_void, "referred_by") == _base(first, "referred_by") - 1

    # A correction changes no column of the response: the result is still worked out again.
    response = session.scalars(
        select(Response).where(Response.status == "submitted").order_by(Response.id)
    ).first()
    before = next(t for t in after_void.tables if t.question_id == "overall_rating")
    correct_answer(
        session,
        response,
        staff,
        question_id="overall_rating",
        item="",
        value="?",
        other="",
        reason="The paper cannot be read",
    )
    corrected = findings_content(session, study, small_base=10, organisation="HW")
    after = next(t for t in corrected.tables if t.question_id == "overall_rating")
    unreadable = {r.label: r.count for r in after.rows}.get("Unreadable")
    assert unreadable == 1 and after != before


def test_other_settings_are_kept_apart(session, published):
    study = _study(session, published, responses=3)
    small = findings_content(session, study, small_base=10, organisation="HW")
    large = findings_content(session, study, small_base=2, organisation="Other HW")
    assert small.organisation == "HW" and large.organisation == "Other HW"
    assert session.scalar(select(func.count(CachedResult.id))) == 2


@pytest.fixture
def app_config(tmp_path):
    """A private copy of the definition files, so a test can edit one."""
    root = tmp_path / "questionnaires"
    for key in ("patient", "equality", "contact"):
        shutil.copytree(DEFINITIONS_ROOT / key, root / key)
    return {"QUESTIONNAIRES_DIR": str(root)}


def test_a_new_table_label_has_the_results_worked_out_again(session, published, app_config):
    """A table label is not part of the printed form, so the version stays as it is; the
    tables print the new label at the next look, without waiting for new responses."""
    study = _study(session, published)
    first = findings_content(session, study, small_base=10, organisation="HW")
    labels = [r.label for r in next(t for t in first.tables if t.question_id == "referred_by").rows]
    assert labels[0] == "GP practice"
    path = Path(app_config["QUESTIONNAIRES_DIR"]) / "patient" / "v1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("table_label: GP practice}", "table_label: Your GP}", 1), "utf-8")
    again = findings_content(session, study, small_base=10, organisation="HW")
    labels = [r.label for r in next(t for t in again.tables if t.question_id == "referred_by").rows]
    assert labels[0] == "Your GP"


def test_staff_s_choice_of_headlines_is_applied_to_the_kept_result(session, published, make_user):
    """Choosing and rewording headlines does not work the findings out again: the kept
    result stays, and the choice is applied to it at each look."""
    from surveyapp.services.findings import HeadlineChoice, save_headlines

    study = _study(session, published)
    first = findings_content(session, study, small_base=10, organisation="HW")
    fingerprint = data_fingerprint(session, study)
    last = first.headline_choices[-1]
    save_headlines(
        session,
        study,
        [HeadlineChoice(last.key, publish=True, order="1", text="Our words.")],
        session.get(User, make_user("staff").id),
        small_base=10,
        organisation="HW",
    )
    assert data_fingerprint(session, study) == fingerprint
    again = findings_content(session, study, small_base=10, organisation="HW")
    assert again.findings[0].key == last.key and again.findings[0].text == "Our words."
    assert session.scalar(select(func.count(CachedResult.id))) == 1
