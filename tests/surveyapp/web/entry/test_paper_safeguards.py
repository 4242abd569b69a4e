"""What keeps paper data honest: the second keying stays blind, void stays void, one study's
records are not reachable through another's pages, typing is never lost, odd keys are explained
rather than crashing, and what was on paper (which boxes, the participant code) is compared."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import Discrepancy, PaperForm, QualityIssue, Response, Study
from surveyapp.services.paper import print_batch
from tests.helpers import hidden_fields, login
from tests.surveyapp.web.entry.test_paper_entry import (
    SECOND,
    STAFF,
    VOLUNTEER,
    key_form,
    set_double_entry,
)


@pytest.fixture
def serials(app, published, make_user):
    published("bromley", "patient/v1", "professional/v1", "ons4/v1")
    published("other", "patient/v1")
    for role, email in (("volunteer", VOLUNTEER), ("volunteer", SECOND), ("staff", STAFF)):
        make_user(role, email)
    with app.app_context():
        return [f.serial for f in print_batch(db.session, "bromley", "patient", 1, 3).forms]


def signed_in(app, email):
    client = app.test_client()
    login(client, email)
    return client


def response_of(session, serial) -> Response:
    session.expire_all()
    return session.scalar(select(Response).filter_by(paper_serial=serial))


def test_the_second_keying_is_blind_and_cannot_be_steered(app, session, serials):
    set_double_entry(app, 100)
    with app.app_context():
        serial = print_batch(db.session, "bromley", "professional", 1, 1).forms[0].serial
    key_form(signed_in(app, VOLUNTEER), serial, {"splw_hours__monday__in_person": "30"})
    second = signed_in(app, SECOND)
    saved = key_form(second, serial, {"splw_hours__monday__in_person": "29"})
    page = second.get(saved.headers["Location"]).get_data(as_text=True)
    assert "above the highest allowed" not in page  # nothing of the first keying shows
    assert "differ on" not in page and "keyings agree" not in page
    assert "Correct serial" not in page
    refused = second.get(f"/entry/forms/{serial}/correct")
    assert refused.status_code == 400 and "cannot be changed once it is saved" in refused.get_data(
        as_text=True
    )


def test_a_void_response_stays_void(app, session, serials):
    set_double_entry(app, 100)
    serial = serials[0]
    key_form(signed_in(app, VOLUNTEER), serial, {"signposted": "1"})
    key_form(signed_in(app, SECOND), serial, {"signposted": "2"})
    staff = signed_in(app, STAFF)
    reference = response_of(session, serial).reference
    page = staff.get(f"/staff/studies/bromley/responses/{reference}").get_data(as_text=True)
    staff.post(
        f"/staff/studies/bromley/responses/{reference}/void",
        data={**hidden_fields(page), "reason": "Duplicate"},
    )
    listing = staff.get("/staff/studies/bromley/paper/discrepancies").get_data(as_text=True)
    assert "Disagreements to settle (0)" in listing
    [found] = session.scalars(select(Discrepancy)).all()
    refused = staff.post(
        f"/staff/studies/bromley/paper/discrepancies/{found.id}",
        data={**hidden_fields(listing), "choice": "first"},
    )
    assert refused.status_code == 400 and "is void" in refused.get_data(as_text=True)
    assert response_of(session, serial).status == "void"


def test_one_studys_records_are_not_reached_through_anothers_pages(app, session, serials):
    set_double_entry(app, 100)
    with app.app_context():
        other = print_batch(db.session, "other", "patient", 1, 1).forms[0].serial
        study = db.session.scalar(select(Study).filter_by(slug="other"))
        study.double_entry_percent = 100
        db.session.commit()
    key_form(signed_in(app, VOLUNTEER), other, {"signposted_to": "Somewhere"})
    key_form(signed_in(app, SECOND), other, {"signposted_to": "Elsewhere"})
    [found] = session.scalars(select(Discrepancy)).all()
    [issue] = session.scalars(select(QualityIssue)).all()
    staff = signed_in(app, STAFF)
    tokens = hidden_fields(staff.get("/staff/studies/bromley/quality").get_data(as_text=True))
    settle = staff.post(
        f"/staff/studies/bromley/paper/discrepancies/{found.id}",
        data={**tokens, "choice": "first"},
    )
    confirm = staff.post(
        f"/staff/studies/bromley/quality/{issue.id}", data={**tokens, "reason": "x"}
    )
    assert settle.status_code in (400, 404) and confirm.status_code == 400
    session.expire_all()
    assert session.get(Discrepancy, found.id).resolution is None
    assert session.get(QualityIssue, issue.id).status == "open"
    back = staff.post(
        f"/staff/studies/other/quality/{issue.id}",
        data={**tokens, "reason": "x", "back": "https://evil.example/"},
    )
    assert back.headers["Location"].endswith("/staff/studies/other/quality")


def test_typing_is_kept_when_someone_else_saves_the_form_first(app, session, serials):
    first, late = signed_in(app, VOLUNTEER), signed_in(app, SECOND)
    page = late.get(f"/entry/forms/{serials[0]}").get_data(as_text=True)
    key_form(first, serials[0], {"signposted": "1"})
    refused = late.post(
        f"/entry/forms/{serials[0]}",
        data={**hidden_fields(page), "referral_reason": "A long answer typed with care"},
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "This form was not saved" in html and "already keyed by Volunteer" in html
    assert "A long answer typed with care" in html


@pytest.mark.parametrize("typed", ["²", "1²", "٣"])
def test_odd_digits_are_explained_not_crashed_on(app, serials, typed):
    answer = key_form(signed_in(app, VOLUNTEER), serials[0], {"signposted": typed})
    assert answer.status_code == 400
    assert "type the number beside each box ticked (1 to 3)" in answer.get_data(as_text=True)


def test_two_ticks_keep_which_boxes_and_the_written_words(app, session, serials):
    set_double_entry(app, 100)
    serial = serials[0]
    key_form(
        signed_in(app, VOLUNTEER),
        serial,
        {"filling_in_as": "13", "filling_in_as_other": "Her daughter"},
    )
    [answer] = [a for a in response_of(session, serial).answers if a.question_id == "filling_in_as"]
    assert (answer.state, answer.ticked, answer.other_text) == (
        "multiple_ticked",
        "current;on_behalf",
        "Her daughter",
    )
    key_form(signed_in(app, SECOND), serial, {"filling_in_as": "12"})
    [found] = session.scalars(select(Discrepancy)).all()
    assert found.question_id == "filling_in_as"  # 1+3 and 1+2 are not the same paper


def test_the_participant_code_is_compared_and_settled(app, session, serials):
    set_double_entry(app, 100)
    with app.app_context():
        serial = print_batch(db.session, "bromley", "ons4", 1, 1).forms[0].serial
    keyed = {"participant_code": "p001", "timepoint": "1", "life_satisfaction": "7"}
    key_form(signed_in(app, VOLUNTEER), serial, keyed)
    key_form(signed_in(app, SECOND), serial, {**keyed, "participant_code": "P007"})
    [found] = session.scalars(select(Discrepancy)).all()
    assert found.question_id == "participant_code"
    staff = signed_in(app, STAFF)
    listing = staff.get("/staff/studies/bromley/paper/discrepancies").get_data(as_text=True)
    assert "Participant code" in listing and "P001" in listing and "P007" in listing
    staff.post(
        f"/staff/studies/bromley/paper/discrepancies/{found.id}",
        data={**hidden_fields(listing), "choice": "second"},
    )
    response = response_of(session, serial)
    assert (response.participant_code, response.status) == ("P007", "verified")


def test_import_never_takes_another_studys_form_and_an_imported_serial_is_not_keyed(
    app, session, serials, tmp_path
):
    with app.app_context():
        other = print_batch(db.session, "other", "patient", 1, 1).forms[0].serial
    mine = serials[1]
    path = tmp_path / "returns.csv"
    path.write_text(f"serial,signposted\n{other},yes\n{mine},no\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["import", "responses", "bromley", "patient/v1", str(path)]
    )
    assert "Imported 2 row(s)" in result.output, result.output + result.stderr
    other_form = session.scalar(select(PaperForm).filter_by(serial=other))
    assert other_form.response_id is None  # still the other study's, unkeyed
    refused = signed_in(app, VOLUNTEER).get(f"/entry/forms/{mine}")
    assert "was imported from a spreadsheet" in refused.get_data(as_text=True)


def test_a_confirmed_finding_is_looked_at_again_when_the_value_changes(app, session, serials):
    with app.app_context():
        serial = print_batch(db.session, "bromley", "professional", 1, 1).forms[0].serial
    key_form(signed_in(app, VOLUNTEER), serial, {"splw_hours__tuesday__remote": "30"})
    [issue] = session.scalars(select(QualityIssue)).all()
    staff = signed_in(app, STAFF)
    page = staff.get("/staff/studies/bromley/quality").get_data(as_text=True)
    staff.post(
        f"/staff/studies/bromley/quality/{issue.id}",
        data={**hidden_fields(page), "reason": "As written"},
    )
    reference = response_of(session, serial).reference
    record = staff.get(f"/staff/studies/bromley/responses/{reference}").get_data(as_text=True)
    assert "splw_hours:monday.in_person" in record  # blank cells can be corrected too
    staff.post(
        f"/staff/studies/bromley/responses/{reference}/correct",
        data={
            **hidden_fields(record),
            "answer": "splw_hours:tuesday.remote",
            "value": "40",
            "reason": "Misread",
        },
    )
    session.expire_all()
    assert session.get(QualityIssue, issue.id).status == "open"
