"""Keying returned paper forms through the entry screens, on SQLite and PostgreSQL: what is
stored is what was on the paper; refusals say by whom and when; blind double entry; data quality;
the audit trail; and volunteers reach nothing but the entry screens."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.routing.converters import AnyConverter

from surveyapp.extensions import db
from surveyapp.models import AuditEntry, Discrepancy, PaperForm, QualityIssue, Response, Study
from surveyapp.services.paper import print_batch
from tests.helpers import hidden_fields, login

VOLUNTEER = "volunteer@example.org"
SECOND = "second@example.org"
STAFF = "staff@example.org"


@pytest.fixture
def paper_study(app, published, make_user):
    published("bromley", "patient/v1", "professional/v1")
    make_user("volunteer", VOLUNTEER)
    make_user("volunteer", SECOND)
    make_user("staff", STAFF)
    with app.app_context():
        batch = print_batch(db.session, "bromley", "patient", 1, 4)
        return [f.serial for f in batch.forms]


def set_double_entry(app, percent: int) -> None:
    with app.app_context():
        study = db.session.scalar(select(Study).filter_by(slug="bromley"))
        study.double_entry_percent = percent
        db.session.commit()


def key_form(client, serial: str, boxes: dict[str, str], path: str | None = None):
    """Type the serial on the entry page, then post the keyed boxes, as a volunteer would."""
    page = client.get(path or f"/entry/forms/{serial}")
    assert page.status_code == 200, page.get_data(as_text=True)[:600]
    return client.post(
        path or f"/entry/forms/{serial}",
        data={**hidden_fields(page.get_data(as_text=True)), **boxes},
    )


def answers_of(session, serial: str) -> dict[str, list[tuple]]:
    response = session.scalar(select(Response).filter_by(paper_serial=serial))
    found: dict[str, list[tuple]] = {}
    for a in response.answers:
        found.setdefault(a.question_id, []).append(
            (a.state, a.value_code, a.other_text, a.text, a.number, a.condition_met)
        )
    return found


FULL = {
    "filling_in_as": "3",
    "filling_in_as_other": "Her daughter",
    "referred_by": "12",  # two ticks on a one-tick question
    "referral_reason": "Lonely since my husband died",
    "referral_ease": "?",
    "signposted": "2",
    "signposted_to": "Bromley Well",  # answered although its condition (Yes) is not met
    "used_service": "1",
    "service_easy_access": "1",
    "overall_rating": "1",
    "age_band": "10",
    "contact_name": "Ann Example",
}


def test_a_keyed_form_stores_exactly_what_was_on_the_paper(app, client, session, paper_study):
    login(client, VOLUNTEER)
    serial = paper_study[0]
    opened = client.post(
        "/entry/",
        data={**hidden_fields(client.get("/entry/").get_data(as_text=True)), "serial": "0000013"},
    )
    assert opened.headers["Location"].endswith(f"/entry/forms/{serial}")
    saved = key_form(client, serial, FULL)
    assert saved.status_code == 302
    answers = answers_of(session, serial)
    assert answers["filling_in_as"] == [("answered", "on_behalf", "Her daughter", None, None, None)]
    assert answers["referred_by"] == [("multiple_ticked", "", None, None, None, None)]
    assert answers["referral_reason"][0][3] == "Lonely since my husband died"
    assert answers["referral_ease"] == [("unreadable", "", None, None, None, None)]
    assert answers["signposted_to"] == [("answered", "", None, "Bromley Well", None, False)]
    assert answers["service_easy_access"] == [("answered", "yes", None, None, None, True)]
    assert answers["age_band"][0][1] == "prefer_not_to_say"
    assert answers["anything_else"] == [("blank", "", None, None, None, None)]
    response = session.scalar(select(Response).filter_by(paper_serial=serial))
    assert (response.channel, response.status) == ("paper", "submitted")
    assert response.contact.details == {"contact_name": "Ann Example"}
    form = session.scalar(select(PaperForm).filter_by(serial=serial))
    assert "contact_name" not in form.entries[0].keys  # contact details live in one place only
    issues = session.scalars(select(QualityIssue).filter_by(response_id=response.id)).all()
    assert [(i.question_id, i.rule) for i in issues] == [("signposted_to", "skip_answered")]
    summary = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "more than one ticked" in summary and "unreadable" in summary
    assert "Ann Example" not in summary  # contact details are never shown back


def test_a_box_that_cannot_be_read_keeps_the_screen_as_typed(app, client, session, paper_study):
    login(client, VOLUNTEER)
    serial = paper_study[0]
    refused = key_form(
        client,
        serial,
        {"referral_reason": "Typed with care", "referral_ease": "7", "age_band": "x"},
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Question 3: type the number beside each box ticked (1 to 5)" in html
    assert "&#39;7&#39; is not one of them" in html or "'7' is not one of them" in html
    assert "Typed with care" in html  # nothing typed is lost
    assert session.scalar(select(Response).filter_by(paper_serial=serial)) is None


def test_a_control_character_keyed_is_refused_beside_its_box(app, client, session, paper_study):
    login(client, VOLUNTEER)
    serial = paper_study[0]
    refused = key_form(client, serial, {"referral_reason": "Typed\x00 with care"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "This box holds an invisible character (U+0000 NULL)" in html
    assert session.scalar(select(Response).filter_by(paper_serial=serial)) is None


def test_a_serial_already_keyed_is_refused_saying_by_whom_and_when(app, client, paper_study):
    login(client, VOLUNTEER)
    key_form(client, paper_study[0], {"signposted": "1"})
    other = app.test_client()
    login(other, SECOND)
    refused = other.get(f"/entry/forms/{paper_study[0]}")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert re.search(
        rf"Serial {paper_study[0]} was already keyed by Volunteer on \d+ \w+ \d{{4}}", text
    )
    mistyped = other.get("/entry/forms/0000014")
    assert "does not match the rest" in mistyped.get_data(as_text=True)


def test_a_mistake_can_be_corrected_before_the_next_form(app, client, session, paper_study):
    login(client, VOLUNTEER)
    serial = paper_study[0]
    key_form(client, serial, {"signposted": "1", "overall_rating": "2"})
    correction = f"/entry/forms/{serial}/correct"
    page = client.get(correction).get_data(as_text=True)
    assert 'value="2"' in page  # shown again as typed
    key_form(client, serial, {"signposted": "1", "overall_rating": "3"}, path=correction)
    assert answers_of(session, serial)["overall_rating"][0][1] == "okay"
    response = session.scalar(select(Response).filter_by(paper_serial=serial))
    history = session.scalars(select(AuditEntry).filter_by(subject_id=response.id)).all()
    assert len(history) == 1
    [(field, change)] = history[0].changes.items()
    assert field.startswith("9. Overall") and change == ["2 4 (Good)", "3 3 (Okay)"]
    assert history[0].reason and history[0].user.email == VOLUNTEER
    key_form(client, paper_study[1], {"signposted": "2"})
    assert client.get(correction).status_code == 400  # the next form has been keyed


def test_double_entry_finds_exactly_the_differences_and_reconciling_verifies(
    app, client, session, paper_study
):
    set_double_entry(app, 100)
    serial = paper_study[0]
    login(client, VOLUNTEER)
    first = {"referred_by": "1", "referral_reason": "Isolation", "signposted": "1", "age_band": "3"}
    key_form(client, serial, first)
    response = session.scalar(select(Response).filter_by(paper_serial=serial))
    assert response.status == "in_progress"  # not counted before the check
    refused = client.get(f"/entry/forms/{serial}")
    assert "to be keyed a second time by someone else" in refused.get_data(as_text=True)
    second_client = app.test_client()
    login(second_client, SECOND)
    blind = second_client.get(f"/entry/forms/{serial}").get_data(as_text=True)
    assert "Isolation" not in blind and "Second keying (blind)" in blind
    second = {**first, "referred_by": "2", "referral_reason": "Isolation  ", "age_band": "4"}
    key_form(second_client, serial, second)
    found = session.scalars(select(Discrepancy).filter_by(response_id=response.id)).all()
    assert sorted(d.question_id for d in found) == ["age_band", "referred_by"]
    session.expire_all()
    assert session.get(Response, response.id).status == "in_progress"

    staff = app.test_client()
    login(staff, STAFF)
    listing = staff.get("/staff/studies/bromley/paper/discrepancies").get_data(as_text=True)
    assert "1 GP" in listing and "2 Self-referral" in listing
    by_question = {d.question_id: d.id for d in found}
    url = "/staff/studies/bromley/paper/discrepancies/{}"
    tokens = hidden_fields(listing)
    settle = staff.post(url.format(by_question["referred_by"]), data={**tokens, "choice": "first"})
    assert settle.status_code == 302
    no_reason = staff.post(
        url.format(by_question["age_band"]), data={**tokens, "choice": "typed", "value": "5"}
    )
    assert "Say why" in no_reason.get_data(as_text=True)
    staff.post(
        url.format(by_question["age_band"]),
        data={**tokens, "choice": "typed", "value": "5", "reason": "Box 5 on the paper"},
    )
    session.expire_all()
    response = session.get(Response, response.id)
    assert response.status == "verified"
    answers = answers_of(session, serial)
    assert answers["referred_by"][0][1] == "gp"
    assert answers["age_band"][0][1] == "age_45_54"
    history = session.scalars(select(AuditEntry).filter_by(subject_id=response.id)).all()
    assert len(history) == 2
    assert {h.reason for h in history} == {"Checked against the paper form", "Box 5 on the paper"}
    agreement = staff.get("/staff/studies/bromley/paper/discrepancies").get_data(as_text=True)
    assert "Volunteer" in agreement and "Volunteer" in agreement


def test_a_number_out_of_range_holds_the_response_until_staff_confirm(
    app, client, session, paper_study
):
    with app.app_context():
        batch = print_batch(db.session, "bromley", "professional", 1, 1)
        serial = batch.forms[0].serial
    login(client, VOLUNTEER)
    key_form(client, serial, {"splw_hours__monday__in_person": "30", "referrals_past_year": "12"})
    response = session.scalar(select(Response).filter_by(paper_serial=serial))
    [issue] = session.scalars(select(QualityIssue).filter_by(response_id=response.id)).all()
    assert issue.rule == "out_of_range" and "above the highest allowed (24)" in issue.message
    staff = app.test_client()
    login(staff, STAFF)
    answers = staff.get("/staff/studies/bromley/answers.csv").get_data(as_text=True)
    assert response.reference not in answers and str(response.id) not in answers.split(",")[0]
    page = staff.get("/staff/studies/bromley/quality").get_data(as_text=True)
    assert "held back" in page
    staff.post(
        f"/staff/studies/bromley/quality/{issue.id}",
        data={**hidden_fields(page), "reason": "30 is written on the form"},
    )
    with app.app_context():
        from surveyapp.services.responses import tidy_frame

        frame = tidy_frame(db.session, db.session.scalar(select(Study).filter_by(slug="bromley")))
    assert response.id in set(frame["response_id"])


def test_staff_correct_and_void_a_response_with_its_history(app, client, session, paper_study):
    login(client, VOLUNTEER)
    key_form(client, paper_study[0], {"signposted": "1"})
    response = session.scalar(select(Response).filter_by(paper_serial=paper_study[0]))
    staff = app.test_client()
    login(staff, STAFF)
    url = f"/staff/studies/bromley/responses/{response.reference}"
    page = staff.get(url).get_data(as_text=True)
    tokens = hidden_fields(page)
    staff.post(
        url + "/correct",
        data={**tokens, "answer": "signposted:", "value": "2", "reason": "Re-read the paper"},
    )
    staff.post(url + "/void", data={**tokens, "reason": "Duplicate of another return"})
    history = staff.get(url).get_data(as_text=True)
    assert "1 Yes" in history and "2 No" in history and "Re-read the paper" in history
    assert "Duplicate of another return" in history
    session.expire_all()
    assert session.get(Response, response.id).status == "void"


def test_a_volunteer_is_refused_every_page_but_the_entry_screens(app, client, make_user):
    make_user("volunteer", VOLUNTEER)
    login(client, VOLUNTEER)
    # Everyone signed in manages their own API tokens (account); the API answers by token, and a
    # volunteer's token reads no study data (tests/surveyapp/web/api).
    allowed = {"entry", "public", "auth", "assets", "static", "account", "api"}
    # A real CSRF token, so that every POST reaches the role check rather than CSRF's 400.
    token = hidden_fields(client.get("/entry/").get_data(as_text=True))
    checked = 0
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0] if "." in rule.endpoint else rule.endpoint
        if blueprint in allowed:
            continue
        args = {name: ("1" if "id" in name else "x") for name in rule.arguments}
        if "version" in args:
            args["version"] = 1
        args.update(rule.defaults or {})  # a rule per file format says its own
        for name, converter in rule._converters.items():
            if isinstance(converter, AnyConverter):  # one of a few, like a file's format
                args[name] = sorted(converter.items)[0]
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **{k: int(v) if v == "1" else v for k, v in args.items()})
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            answer = client.open(url, method=method, data=token if method == "POST" else None)
            assert answer.status_code == 403, f"{method} {url} answered {answer.status_code}"
            checked += 1
    assert checked > 40  # every staff, tracker and admin page, not a handful
    assert client.get("/entry/").status_code == 200
