"""A volunteer keys a whole returned patient form in Chromium using only the keyboard: a blank,
two ticks where one was asked, an other-specify text, an unreadable box, a follow-up answered
although its condition was not met. The stored answers are exactly those; the keystrokes it
took are printed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from questionnaires import load_definition
from surveyapp.paper.keying import key_sequence, keystrokes, typed_boxes
from surveyapp.services.answers import GivenAnswer
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

VOLUNTEER = "keyer@example.org"
ON_PAPER = [
    GivenAnswer("filling_in_as", value_code="on_behalf", other_text="Her daughter, who cares"),
    GivenAnswer("referred_by", state="multiple_ticked"),
    GivenAnswer("referral_reason", text="Lonely since my husband died.\nNeeded help with bills"),
    GivenAnswer("referral_ease", value_code="not_very_easy"),
    GivenAnswer("referral_better", text="A phone call back"),
    GivenAnswer("signposted", value_code="no"),
    GivenAnswer("signposted_to", text="Bromley Well"),  # condition (Yes) not met
    GivenAnswer("used_service", value_code="yes"),
    GivenAnswer("service_easy_access", state="unreadable"),
    # not_used_reason and referral_helpful left blank
    GivenAnswer("overall_rating", value_code="good"),
    GivenAnswer("anything_else", text="Kind staff"),
    GivenAnswer("age_band", value_code="age_75_84"),
    GivenAnswer("ethnicity", value_code="white_irish"),
    GivenAnswer("ward", value_code="other", other_text="Crystal Palace"),
]
CONTACT = {"contact_phone": "020 7946 0000"}


def test_a_volunteer_keys_a_full_patient_form_with_the_keyboard_only(page, live_server):
    from surveyapp.extensions import db
    from surveyapp.models import Response
    from surveyapp.services.accounts import create_user
    from surveyapp.services.paper_print import print_batch

    app = live_server.app
    with app.app_context():
        create_user(db.session, VOLUNTEER, "Kitchen Table", "volunteer", PASSWORD)
        serial = print_batch(db.session, live_server.study, "patient", 1, 1).forms[0].serial
    definition = load_definition("patient", 1)

    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").focus()
    page.keyboard.type(VOLUNTEER)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/entry/")
    focused = "document.activeElement && document.activeElement.id === '{}'"
    page.wait_for_function(focused.format("serial"))

    # From here on every key is counted: the serial box has the focus when the page opens.
    sequence = [("type", serial.replace("-", "")), ("press", "Enter")]
    sequence += key_sequence(definition, typed_boxes(definition, ON_PAPER, CONTACT))
    for number, (kind, value) in enumerate(sequence):
        if kind == "type":
            page.keyboard.type(value)
        else:
            page.keyboard.press(value)
        if number == 1:
            # A person looks up when the page changes; so does the test, before typing on.
            page.wait_for_url(f"**/entry/forms/{serial}")
            page.wait_for_function(focused.format("k-filling_in_as"))
    page.wait_for_url(f"**/entry/forms/{serial}/saved")
    count = keystrokes(sequence)
    print(f"\nKeystrokes to key patient v1 serial {serial}: {count}")
    assert page.get_by_role("heading", name=f"Saved serial {serial}").is_visible()
    assert page.evaluate("document.activeElement.id") == "serial"  # ready for the next form

    with app.app_context():
        response = db.session.scalar(select(Response).filter_by(paper_serial=serial))
        stored = {
            (a.question_id, a.state, a.value_code, a.other_text, a.text)
            for a in response.answers
            if a.state != "blank"
        }
        blanks = {a.question_id for a in response.answers if a.state == "blank"}
        contact = response.contact.details
        condition = {a.question_id: a.condition_met for a in response.answers}
    expected = {(a.question_id, a.state, a.value_code, a.other_text, a.text) for a in ON_PAPER}
    assert stored == expected
    assert {"not_used_reason", "referral_helpful", "gender", "disability"} <= blanks
    assert contact == CONTACT
    assert condition["signposted_to"] is False
    assert response.channel == "paper" and response.keyed_by_id is not None
    assert dt.datetime.now(dt.UTC).date() == response.submitted_at.date()
