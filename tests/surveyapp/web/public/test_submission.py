"""Submission is one transaction, acknowledged after commit, idempotent, and CSRF-protected."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from surveyapp.models import Response
from tests.helpers import hidden_fields

START = "/s/wb/ons4"


@pytest.fixture
def study(published):
    return published("wb", "ons4/v1", "wellbeing_agree/v1")


def _count(session, **filters):
    session.expire_all()
    return session.scalar(select(func.count(Response.id)).filter_by(**filters))


def test_the_same_post_twice_stores_one_response(client, study, session):
    page = client.get(START).get_data(as_text=True)
    data = {**hidden_fields(page), "life_satisfaction": "8", "anxiety": "2"}
    first = client.post(START, data=data)
    second = client.post(START, data=data)  # a double click, or a retry after a timeout
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(session) == 1
    done = client.get(first.headers["Location"]).get_data(as_text=True)
    reference = session.scalar(select(Response.reference))
    assert "Your reference" in done and reference in done


def test_resubmitting_a_finished_multi_page_form_changes_nothing(client, published, session):
    published("bromley", "professional/v1")
    url = "/s/bromley/professional"
    first = client.post(url, data={**hidden_fields(client.get(url).get_data(as_text=True))})
    second_url = first.headers["Location"]
    second_page = hidden_fields(client.get(second_url).get_data(as_text=True))
    last_url = client.post(second_url, data=second_page).headers["Location"]
    assert "Submit" in client.get(last_url).get_data(as_text=True)
    last_page = hidden_fields(client.get(last_url).get_data(as_text=True))
    done1 = client.post(last_url, data={**last_page, "contact_name": "A"})
    done2 = client.post(last_url, data={**last_page, "contact_name": "B"})
    assert done1.headers["Location"] == done2.headers["Location"]
    assert _count(session, status="submitted") == 1
    response = session.scalar(select(Response))
    assert response.contact.details == {"contact_name": "A"}


def test_a_post_without_csrf_token_is_refused(client, study, session):
    page = client.get(START).get_data(as_text=True)
    data = {k: v for k, v in hidden_fields(page).items() if k != "csrf_token"}
    response = client.post(START, data={**data, "life_satisfaction": "8"})
    assert response.status_code == 400
    assert "could not be sent" in response.get_data(as_text=True)
    assert _count(session) == 0


def test_participant_code_and_timepoint_are_kept_for_pairing(client, study, session):
    for timepoint, score in (("before", "3"), ("after", "7")):
        page = client.get(START).get_data(as_text=True)
        client.post(
            START,
            data={
                **hidden_fields(page),
                "participant_code": " P001 ",
                "timepoint": timepoint,
                "life_satisfaction": score,
            },
        )
    rows = session.execute(
        select(Response.participant_code, Response.timepoint).order_by(Response.id)
    ).all()
    assert rows == [("P001", "before"), ("P001", "after")]


def test_ons4_is_served_with_official_wording_and_0_to_10(client, study):
    html = client.get(START).get_data(as_text=True)
    assert "Overall, how satisfied are you with your life nowadays?" in html
    assert "Overall, how happy did you feel yesterday?" in html
    for point in range(11):
        assert f'value="{point}"' in html
    assert "Your participant code" in html


def test_agree_disagree_variant_is_served(client, study):
    html = client.get("/s/wb/wellbeing_agree").get_data(as_text=True)
    assert "Strongly agree" in html and "I am satisfied with my life" in html


def test_patient_v1_prints_number_5_twice_as_the_paper_does(client, published):
    published("bromley", "patient/v1")
    html = client.get("/s/bromley/patient").get_data(as_text=True)
    assert html.count('<span class="app-number">5.</span>') == 2
    assert "If Yes, to what service(s) did the social prescriber refer you?" in html
    assert html.index("Very Easy") < html.index("Fairly Easy") < html.index("Not Very Easy")


def test_the_print_view_carries_the_same_numbers_and_wording(client, published):
    published("bromley", "patient/v1")
    online = client.get("/s/bromley/patient").get_data(as_text=True)
    printed = client.get("/s/bromley/patient/print").get_data(as_text=True)
    assert printed.count('font-weight-bold">5. ') == 2
    assert "Did you use the service(s) that you were referred to?" in online
    assert "Did you use the service(s) that you were referred to?" in printed
    assert "Which area of the borough do you live in?" in printed


def test_the_hours_grid_has_monday_to_saturday_in_person_and_remote(client, published):
    published("bromley", "professional/v1")
    url = "/s/bromley/professional"
    first = client.post(url, data=hidden_fields(client.get(url).get_data(as_text=True)))
    html = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "3.</span> How many hours do you have an SPLW available" in html
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday"):
        for mode in ("in_person", "remote"):
            assert f'name="splw_hours__{day}__{mode}"' in html


def _without_hidden_values(html: str) -> str:
    """The page with the values of its hidden inputs (the CSRF token, the start key) and its
    scripts' nonce left out: they differ for every request."""
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    return re.sub(r'(<input[^>]*type="hidden"[^>]*value=")[^"]*"', r'\1"', html)


def test_a_blank_page_is_drawn_once_and_a_page_with_answers_shows_them(client, published, app):
    published("sp", "patient/v1")
    start = "/s/sp/patient"
    first = client.get(start).get_data(as_text=True)
    again = client.get(start).get_data(as_text=True)  # from the kept markup
    assert len(app.extensions["surveyapp.blank_questions"]) == 1
    assert _without_hidden_values(again) == _without_hidden_values(first)
    assert 'name="filling_in_as"' in again and "checked" not in again

    # Answered, then back on the same page: the answer is drawn, not the kept blank page.
    data = {**hidden_fields(first), "filling_in_as": "current", "referred_by": "gp"}
    second_url = client.post(start, data=data).headers["Location"]
    second = client.get(second_url).get_data(as_text=True)  # blank: kept too
    back = client.post(second_url, data={**hidden_fields(second), "go": "back"})
    answered = client.get(back.headers["Location"]).get_data(as_text=True)
    assert re.search(r'value="current"\s+checked', answered)
    assert re.search(r'value="gp"\s+checked', answered)
    assert len(app.extensions["surveyapp.blank_questions"]) == 2
