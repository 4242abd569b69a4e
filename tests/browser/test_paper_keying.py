"""A volunteer keys a whole returned patient form in Chromium using only the keyboard: a blank,
two ticks where one was asked, an other-specify text, an unreadable box, a follow-up answered
although its condition was not met. The stored answers are exactly those; the keystrokes it
took are printed."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from questionnaires import load_definition
from questionnaires.answers import GivenAnswer
from surveyapp.paper.keystrokes import key_sequence, keystrokes, typed_boxes
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_none, check
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
#: The box with the focus, and the part of its text selected.
SELECTED = (
    "[document.activeElement.id, document.activeElement.value.slice("
    "document.activeElement.selectionStart, document.activeElement.selectionEnd)]"
)


def test_a_volunteer_keys_a_full_patient_form_with_the_keyboard_only(page, live_server):
    from surveyapp.extensions import db
    from surveyapp.models import Response
    from surveyapp.services.accounts import create_user
    from surveyapp.services.paper import print_batch

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
    found: dict = {}
    check(page, "entry home", found)

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
            check(page, "keying screen", found)
            assert_one_column(page)
    page.wait_for_url(f"**/entry/forms/{serial}/saved")
    count = keystrokes(sequence)
    print(f"\nKeystrokes to key patient v1 serial {serial}: {count}")
    expect(page.get_by_role("heading", name=f"Saved serial {serial}")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "serial"  # ready for the next form
    check(page, "saved summary", found)
    assert_none(found)

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


def assert_script_reads_keys_as_python(page, definition) -> None:
    """The screen's script and tab_enters_specify agree on whether Tab goes into each "please
    specify" box, for keys typed every way the convention allows (and some it does not)."""
    from surveyapp.paper.keying import one_digit_keys, option_key, tab_enters_specify

    decide = "([keys, oneDigit, other]) => keyedNumbers(keys, oneDigit).indexOf(other) !== -1"
    checked = 0
    for question in definition.questions():
        if question.other_option is None:
            continue
        other = option_key(question.options.index(question.other_option))
        for keys in ["", "?", "1", "13", "1 3", "3,", "10", "1;10", "03", " 2 ", "1+2/3",
                     other, f"1 {other}", f"{other},", f"0{other}", f"1{other}"]:  # fmt: skip
            script = page.evaluate(decide, [keys, one_digit_keys(question), other])
            assert script == tab_enters_specify(question, keys), (question.id, keys)
            checked += 1
    assert checked >= 32  # a question of up to nine boxes and one of more


def assert_one_column(page) -> None:
    """Each question's box sits under the one before, as wide as the form, like the paper."""
    boxes = page.eval_on_selector_all(
        "form.app-keying > .govuk-form-group, form.app-keying > fieldset",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.width, e.parentElement.getBoundingClientRect().width]; })",
    )
    assert len(boxes) > 20
    assert len({round(left) for left, *_ in boxes}) == 1, boxes[:5]
    tops = [top for _, top, *_ in boxes]
    assert all(a < b for a, b in pairwise(tops)), tops
    assert all(width == column for *_, width, column in boxes)


def test_a_box_keyed_wrong_is_explained_and_staff_settle_a_disagreement(page, live_server):
    from surveyapp.extensions import db
    from surveyapp.models import Study
    from surveyapp.paper.keying import read_keyed
    from surveyapp.services.accounts import create_user
    from surveyapp.services.paper import key_entry, open_entry, print_batch

    app = live_server.app
    definition = load_definition("patient", 1)
    with app.app_context():
        study = db.session.scalar(select(Study).filter_by(slug=live_server.study))
        study.double_entry_percent = 100
        db.session.commit()
        one = create_user(db.session, "one@example.org", "First Keyer", "volunteer", PASSWORD)
        two = create_user(db.session, "two@example.org", "Second Keyer", "volunteer", PASSWORD)
        serial = print_batch(db.session, live_server.study, "patient", 1, 1).forms[0].serial
        for user, rating in ((one, "2"), (two, "3")):
            keyed = read_keyed(definition, {"overall_rating": rating})
            key_entry(db.session, open_entry(db.session, serial, user), user, keyed)

    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill("one@example.org")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # A mistyped serial: the box has the focus again, its keys selected, ready to retype.
    page.wait_for_url("**/entry/")
    page.keyboard.type("1234569")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.evaluate(SELECTED) == ["serial", "1234569"]
    with app.app_context():
        fresh = print_batch(db.session, live_server.study, "patient", 1, 1).forms[0].serial
    page.goto(f"{live_server}/entry/forms/{fresh}")
    page.get_by_label("3. How easy was it to get a referral?").fill("9")
    page.get_by_label("2. Why were you referred to a social prescriber?").fill("Kept as typed")
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    assert "type the number beside each box ticked (1 to 5)" in summary.inner_text()
    # The focus is in the box that is wrong, not on the summary: typing replaces the mistake.
    assert page.evaluate(SELECTED) == ["k-referral_ease", "9"]
    assert page.get_by_label("2. Why were you referred").input_value() == "Kept as typed"
    found: dict = {}
    check(page, "keying screen with an error", found)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "k-referral_ease"
    assert_script_reads_keys_as_python(page, definition)

    page.context.clear_cookies()
    sign_in(page, live_server)
    page.goto(f"{live_server}/staff/studies/{live_server.study}/paper/discrepancies")
    form = page.locator("form.app-discrepancy")
    assert form.count() == 1
    assert "2 4 (Good)" in form.inner_text() and "3 3 (Okay)" in form.inner_text()
    check(page, "disagreements page", found)
    form.get_by_label("Neither: type it").check()
    form.get_by_label("Value read from the paper").fill("3")
    form.get_by_label("Reason").fill("Box 3 is ticked; box 2 has a crossing-out")
    form.get_by_role("button", name="Settle").click()
    assert "Settled" in page.locator(".govuk-notification-banner").inner_text()
    page.goto(f"{live_server}/staff/studies/{live_server.study}/paper")
    check(page, "staff paper page", found)
    assert_none(found)
    with app.app_context():
        from surveyapp.models import Response

        response = db.session.scalar(select(Response).filter_by(paper_serial=serial))
        assert response.status == "verified"
