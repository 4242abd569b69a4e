"""Online forms end to end through the test client: every question type is rendered, filled,
submitted and read back from the database exactly as given."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from surveyapp.models import Answer, ContactDetails, Response
from tests.conftest import VALID_DEFINITIONS
from tests.helpers import hidden_fields

START = "/s/demo/every_type"


@pytest.fixture
def app_config():
    return {"QUESTIONNAIRES_DIR": str(VALID_DEFINITIONS)}


@pytest.fixture
def study(published):
    return published("demo", "every_type/v1")


def _post_page(client, url, data, expect=302):
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, data={**hidden_fields(page.get_data(as_text=True)), **data})
    assert response.status_code == expect, response.get_data(as_text=True)[:2000]
    return response


def _complete(client, page1, page2=None, page3=None):
    first = _post_page(client, START, page1)
    second_url = first.headers["Location"]
    second = _post_page(client, second_url, page2 or {})
    third = _post_page(client, second.headers["Location"], page3 or {})
    assert "/done/" in third.headers["Location"]
    return third.headers["Location"].rsplit("/", 1)[1]


EVERY_TYPE_PAGE1 = {
    "visit_place": "other",
    "visit_place_other": "Walk-in centre",
    "visit_reasons": ["check_up", "prescription"],
    "visit_date": ["27", "3", "2023"],
    "waiting_ease": "not_very_easy",
    "waiting_better": "Evening appointments.",
}
EVERY_TYPE_PAGE2 = {
    "life_satisfaction": "7",
    "visits_per_year": "12",
    "postcode_area": "BR1",
    "support_hours__weekday__in_person": "7.5",
    "support_hours__weekend__phone": "2",
}


def _answers(session, reference):
    response = session.scalar(select(Response).filter_by(reference=reference))
    return response, {(a.question_id, a.item, a.value_code): a for a in response.answers}


def test_every_question_type_round_trips(client, study, session):
    reference = _complete(
        client,
        EVERY_TYPE_PAGE1,
        EVERY_TYPE_PAGE2,
        {"contact_name": "Ann Example", "contact_email": "ann@example.org"},
    )
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    response, answers = _answers(session, reference)
    assert response.status == "submitted" and response.channel == "online"
    assert response.submitted_at is not None
    assert answers[("visit_place", "", "other")].other_text == "Walk-in centre"
    assert {k[2] for k in answers if k[0] == "visit_reasons"} == {"check_up", "prescription"}
    assert answers[("visit_date", "", "")].date_value == dt.date(2023, 3, 27)
    assert answers[("waiting_ease", "", "not_very_easy")].state == "answered"
    assert answers[("waiting_better", "", "")].text == "Evening appointments."
    assert answers[("waiting_better", "", "")].condition_met is True
    assert answers[("life_satisfaction", "", "7")].number == 7
    assert answers[("visits_per_year", "", "")].number == 12
    assert answers[("postcode_area", "", "")].text == "BR1"
    assert answers[("support_hours", "weekday.in_person", "")].number == 7.5
    assert answers[("support_hours", "weekend.phone", "")].number == 2
    # Contact details are kept apart from the answers.
    assert not any(k[0].startswith("contact_") for k in answers)
    contact = session.scalar(select(ContactDetails).filter_by(response_id=response.id))
    assert contact.details == {"contact_name": "Ann Example", "contact_email": "ann@example.org"}
    assert contact.retain_until == dt.date.today() + dt.timedelta(days=365)


def test_questions_left_blank_are_stored_as_blank(client, study, session):
    reference = _complete(client, {"visit_place": "gp"})
    _response, answers = _answers(session, reference)
    blanks = {k[0] for k, a in answers.items() if a.state == "blank"}
    assert blanks == {
        "visit_reasons",
        "visit_date",
        "waiting_ease",
        "waiting_better",
        "life_satisfaction",
        "visits_per_year",
        "postcode_area",
        "support_hours",
    }
    assert session.scalar(select(func.count(ContactDetails.id))) == 0


def test_follow_up_answered_without_its_condition_is_kept_and_flagged(client, study, session):
    reference = _complete(
        client, {"waiting_ease": "very_easy", "waiting_better": "Nothing, it was fine."}
    )
    _response, answers = _answers(session, reference)
    kept = answers[("waiting_better", "", "")]
    assert kept.text == "Nothing, it was fine."
    assert kept.condition_met is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("visits_per_year", "twelve", "Enter a whole number for question 7"),
        ("visits_per_year", "400", "must be between 0 and 365"),
        ("visits_per_year", "2.5", "Enter a whole number for question 7"),
        ("support_hours__weekday__in_person", "lots", "Enter a number for question 9"),
        ("postcode_area", "BR1 1AAAAAA", "longer than 8 characters"),
        ("life_satisfaction", "11", "Choose one of the options given for question 6"),
    ],
)
def test_a_mistake_is_explained_and_keeps_every_other_answer(client, study, field, value, message):
    first = _post_page(client, START, {"visit_place": "gp"})
    url = first.headers["Location"]
    good = {"postcode_area": "BR2", "visits_per_year": "3", "life_satisfaction": "4"}
    page = client.get(url)
    data = {**hidden_fields(page.get_data(as_text=True)), **good, field: value}
    response = client.post(url, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html and message in html
    assert 'class="govuk-error-summary' in html and f'href="#{field}' in html
    for name, kept in data.items():
        if name in ("csrf_token", "start_key") or name == "life_satisfaction":
            continue
        assert f'value="{kept}"' in html, f"{name} lost its value {kept!r}"
    if field != "life_satisfaction":
        assert re.search(r'value="4"\s+checked', html), "the chosen 0-10 point was lost"


def test_other_text_without_ticking_other_is_not_lost(client, study):
    page = client.get(START)
    data = {
        **hidden_fields(page.get_data(as_text=True)),
        "visit_place": "gp",
        "visit_place_other": "Dentist",
    }
    response = client.post(START, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "you wrote &#39;Dentist&#39; under &#39;please specify&#39;" in html
    assert 'value="Dentist"' in html


def test_exclusive_option_cannot_be_ticked_with_others(client, study):
    page = client.get(START)
    data = {
        **hidden_fields(page.get_data(as_text=True)),
        "visit_reasons": ["dont_know", "check_up"],
    }
    html = client.post(START, data=data).get_data(as_text=True)
    assert "cannot be ticked with other options" in html


def test_a_partial_date_is_refused_with_a_message(client, study):
    page = client.get(START)
    data = {**hidden_fields(page.get_data(as_text=True)), "visit_date": ["", "3", "2023"]}
    response = client.post(START, data=data)
    assert response.status_code == 400
    assert "Enter a real date for question 3" in response.get_data(as_text=True)


def test_going_back_shows_saved_answers_and_replaces_them(client, study, session):
    first = _post_page(client, START, EVERY_TYPE_PAGE1)
    second_url = first.headers["Location"]
    token = second_url.split("/r/")[1].split("/")[0]
    back = client.get(f"/s/demo/every_type/r/{token}/visit").get_data(as_text=True)
    assert 'value="Walk-in centre"' in back and 'value="27"' in back
    _post_page(client, f"/s/demo/every_type/r/{token}/visit", {"visit_place": "pharmacy"})
    response = session.scalar(select(Response).filter_by(resume_token=token))
    codes = [a.value_code for a in response.answers if a.question_id == "visit_place"]
    assert codes == ["pharmacy"]
    assert response.status == "in_progress"


def test_a_browser_that_left_half_way_is_asked_to_continue_or_start_again(client, study, session):
    first = _post_page(client, START, {"visit_place": "gp"})
    token = first.headers["Location"].split("/r/")[1].split("/")[0]
    choice = client.get(START)
    html = choice.get_data(as_text=True)
    assert choice.status_code == 200
    assert "Continue where it was left" in html and f"/r/{token}" in html
    assert "Start a new one" in html
    restarted = client.post(f"{START}/start-again", data=hidden_fields(html))
    assert restarted.headers["Location"].endswith(START)
    fresh = client.get(START).get_data(as_text=True)
    assert "Where did you go?" in fresh and f"/r/{token}" not in fresh
    # The other person's answers are still saved, under their own link.
    kept = session.scalar(select(Response).filter_by(resume_token=token))
    assert kept.status == "in_progress" and kept.answers[0].value_code == "gp"


def test_save_and_go_back_keeps_the_page_typed(client, study, session):
    first = _post_page(client, START, {"visit_place": "gp"})
    second_url = first.headers["Location"]
    page = client.get(second_url).get_data(as_text=True)
    assert "Save and go back" in page
    back = client.post(
        second_url, data={**hidden_fields(page), "postcode_area": "BR3", "go": "back"}
    )
    assert back.headers["Location"].endswith("/visit")
    assert 'value="BR3"' in client.get(second_url).get_data(as_text=True)


def test_the_contact_page_never_shows_what_was_left_but_keeps_it(client, study, session):
    """The link to a form in progress may be seen by others (a shared phone, a forwarded
    email): the contact details left are never shown again; empty boxes keep them."""
    first = _post_page(client, START, {})
    second = _post_page(client, first.headers["Location"], {})
    contact_url = second.headers["Location"]

    def post(data):
        page = client.get(contact_url).get_data(as_text=True)
        client.post(contact_url, data={**hidden_fields(page), **data, "go": "back"})
        session.expire_all()
        return session.scalar(select(ContactDetails.details))

    assert post({"contact_name": "Ann Example"}) == {"contact_name": "Ann Example"}
    again = client.get(contact_url).get_data(as_text=True)
    assert "Ann Example" not in again and "You left contact details before" in again
    assert post({}) == {"contact_name": "Ann Example"}  # empty boxes keep them
    assert post({"contact_name": "Ann Other"}) == {"contact_name": "Ann Other"}
    assert post({"forget_contact": "yes"}) is None
    assert "You left contact details before" not in client.get(contact_url).get_data(as_text=True)


def test_nothing_is_required_unless_the_definition_says_so(client, study, session):
    reference = _complete(client, {})
    response, answers = _answers(session, reference)
    assert response.status == "submitted"
    assert all(a.state == "blank" for a in answers.values())


def test_staff_see_the_tidy_answer_frame_without_contact_details(client, study, make_user, session):
    from tests.helpers import login

    page2 = {**EVERY_TYPE_PAGE2, "postcode_area": "=1+1"}
    _complete(client, EVERY_TYPE_PAGE1, page2, {"contact_name": "Ann Example"})
    make_user("staff")
    login(client, "staff@example.org")
    csv = client.get("/staff/studies/demo/answers.csv").get_data(as_text=True)
    assert "'=1+1" in csv and ",=1+1" not in csv  # shown in a spreadsheet, never run
    contacts = client.get("/staff/studies/demo/contacts").get_data(as_text=True)
    assert "Ann Example" in contacts
    header = csv.splitlines()[0].split(",")
    assert header[:5] == ["response_id", "study", "questionnaire", "version", "question_id"]
    assert "Walk-in centre" in csv and "Other (please specify)" in csv
    assert "Ann Example" not in csv


def test_answers_are_one_row_per_value(client, study, session):
    reference = _complete(client, {"visit_reasons": ["check_up", "new_problem", "prescription"]})
    response = session.scalar(select(Response).filter_by(reference=reference))
    rows = session.scalars(
        select(Answer).filter_by(response_id=response.id, question_id="visit_reasons")
    ).all()
    assert sorted(a.value_code for a in rows) == ["check_up", "new_problem", "prescription"]


def test_numbers_are_shown_back_as_typed_not_rounded():
    from surveyapp.forms.fields import format_number

    assert [format_number(v) for v in (1234567.0, 7.25, 12.0, 0.1)] == [
        "1234567",
        "7.25",
        "12",
        "0.1",
    ]


def test_a_saved_decimal_is_stored_and_shown_back_exactly(client, study, session):
    first = _post_page(client, START, {})
    url = first.headers["Location"]
    _post_page(client, url, {"support_hours__weekday__in_person": "7.25"})
    token = url.split("/r/")[1].split("/")[0]
    response = session.scalar(select(Response).filter_by(resume_token=token))
    cell = next(a for a in response.answers if a.item == "weekday.in_person")
    assert cell.number == 7.25
    assert 'value="7.25"' in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("nan", "Enter a number for question 9"),
        ("inf", "Enter a number for question 9"),
        ("1,5", "use a point for decimals, like 7.5"),
    ],
)
def test_numbers_that_are_not_plain_numbers_are_refused(client, study, typed, message):
    first = _post_page(client, START, {})
    url = first.headers["Location"]
    page = client.get(url)
    data = {
        **hidden_fields(page.get_data(as_text=True)),
        "support_hours__weekday__in_person": typed,
    }
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
