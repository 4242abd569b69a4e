"""A patient completes the whole online patient form with the keyboard alone.

Focus is moved with Tab only; radios are ticked with Space and moved with the arrow keys; text is
typed into whatever has focus; buttons are pressed with Enter or Space. ``page.evaluate`` is used
only to read ``document.activeElement``: no mouse, no ``fill``/``click``/``check``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import Response

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$")

ACTIVE_ELEMENT_JS = """() => {
  const e = document.activeElement;
  if (!e) return null;
  return {
    tag: e.tagName.toLowerCase(),
    id: e.id || "",
    name: e.getAttribute("name") || "",
    type: e.getAttribute("type") || "",
    value: "value" in e ? String(e.value) : "",
    checked: !!e.checked,
    text: (e.innerText || "").trim().slice(0, 80),
    classes: e.className && e.className.baseVal === undefined ? e.className : "",
  };
}"""

Focused = dict
Predicate = Callable[[Focused], bool]


def focused(page) -> Focused:
    """What has focus now: tag, id, name, type, value, checked, text, classes."""
    return page.evaluate(ACTIVE_ELEMENT_JS) or {}


def describe(el: Focused) -> str:
    if not el:
        return "(nothing)"
    ident = f"#{el['id']}" if el.get("id") else ""
    name = f"[name={el['name']}]" if el.get("name") else ""
    text = f" {el['text']!r}" if el.get("text") and el["tag"] in ("a", "button") else ""
    return f"{el['tag']}{ident}{name}{text}"


def tab_to(page, predicate: Predicate, what: str, limit: int = 400) -> Focused:
    """Press Tab until the focused element matches ``predicate``; fail with the path taken.

    Also fails as a keyboard trap when focus stays on one element for many Tabs in a row.
    """
    path: list[str] = []
    stuck = 0
    for _ in range(limit):
        before = focused(page)
        page.keyboard.press("Tab")
        el = focused(page)
        if predicate(el):
            return el
        stuck = stuck + 1 if el and el == before and el.get("tag") != "body" else 0
        if stuck >= 5:
            raise AssertionError(f"Keyboard trap: Tab keeps focus on {describe(el)}")
        path.append(describe(el))
    raise AssertionError(
        f"Tab never reached {what} in {limit} presses; focus went: " + " -> ".join(path[-40:])
    )


def by_id(element_id: str) -> Predicate:
    return lambda el: el.get("id") == element_id


def by_name(name: str) -> Predicate:
    return lambda el: el.get("name") == name


def button(text: str) -> Predicate:
    return lambda el: el.get("tag") == "button" and el.get("text") == text


def press_until_checked(page, key: str, value: str, limit: int = 30) -> None:
    """Move within a radio group with an arrow key until the option ``value`` is ticked."""
    for _ in range(limit):
        el = focused(page)
        if el.get("value") == value and el.get("checked"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never ticked {value}; focus is on {describe(focused(page))}")


def tick_first_with_space(page, name: str, value: str) -> None:
    """Tab into the group ``name`` (focus lands on its first option) and tick it with Space."""
    el = tab_to(page, by_name(name), f"the {name} radios")
    assert el["value"] == value and not el["checked"], el
    page.keyboard.press("Space")
    assert focused(page)["checked"], f"Space did not tick {name}={value}"


def choose_with_arrows(page, name: str, key: str, value: str) -> None:
    tab_to(page, by_name(name), f"the {name} radios")
    press_until_checked(page, key, value)


def type_into(page, element_id: str, text: str) -> None:
    tab_to(page, by_id(element_id), f"#{element_id}")
    page.keyboard.type(text)


def test_patient_completes_whole_form_with_keyboard_only(page, browser, live_server):
    answers = {
        "other_text": "My pharmacist, at the chemist on the high street",
        "referral_reason": "Feeling isolated after moving to Bromley",
        "signposted_to": "Bromley Well and a walking group",
        "anything_else": "The social prescriber rang back when she said she would.",
    }
    page.goto(f"{live_server}/s/{live_server.study}/patient")
    assert focused(page)["tag"] == "body"

    # Page 1: your experience.
    tick_first_with_space(page, "filling_in_as", "current")

    # Q1: Other, then its "Please specify" box (always shown, as its line is always printed on
    # paper) is the very next tab stop.
    other_box = page.locator("#referred_by_other")
    assert other_box.is_visible(), "the 'Please specify' box is hidden"
    choose_with_arrows(page, "referred_by", "ArrowDown", "other")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "referred_by_other", (
        "after 'Other' the next Tab should reach its 'Please specify' box, not "
        + describe(focused(page))
    )
    page.keyboard.type(answers["other_text"])

    type_into(page, "referral_reason", answers["referral_reason"])  # Q2
    choose_with_arrows(page, "referral_ease", "ArrowRight", "fairly_easy")  # Q3
    tick_first_with_space(page, "signposted", "yes")  # Q4
    type_into(page, "signposted_to", answers["signposted_to"])  # Q5 (follow-up)
    tick_first_with_space(page, "used_service", "yes")  # the second Q5
    # Q9: over and back, to check that the arrows move the tick both ways.
    tab_to(page, by_name("overall_rating"), "the overall_rating radios")
    press_until_checked(page, "ArrowRight", "okay")
    press_until_checked(page, "ArrowLeft", "good")
    type_into(page, "anything_else", answers["anything_else"])  # Q10

    tab_to(page, button("Save and continue"), "the 'Save and continue' button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/r/[^/]+/about_you$"))

    # Page 2: about you.
    choose_with_arrows(page, "age_band", "ArrowDown", "age_45_54")
    choose_with_arrows(page, "ward", "ArrowDown", "orpington")
    tab_to(page, button("Save and continue"), "the 'Save and continue' button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/r/[^/]+/contact$"))

    # Page 3: contact details, left empty; Space on Submit.
    tab_to(page, button("Submit"), "the 'Submit' button")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"/done/[^/]+$"))

    panel = page.locator(".govuk-panel")
    assert "Your reference" in panel.inner_text()
    reference = panel.locator("strong").inner_text().strip()
    assert REFERENCE.match(reference), reference

    # The database holds what was typed and ticked.
    with live_server.app.app_context():
        response = db.session.scalar(select(Response).filter_by(reference=reference))
        assert response is not None
        assert (response.status, response.channel) == ("submitted", "online")
        assert response.contact is None
        given = {a.question_id: a for a in response.answers}
        db.session.close()

    def code(question_id: str) -> str:
        assert given[question_id].state == "answered", question_id
        return given[question_id].value_code

    assert code("filling_in_as") == "current"
    assert code("referred_by") == "other"
    assert given["referred_by"].other_text == answers["other_text"]
    assert given["referral_reason"].text == answers["referral_reason"]
    assert code("referral_ease") == "fairly_easy"
    assert code("signposted") == "yes"
    assert given["signposted_to"].text == answers["signposted_to"]
    assert code("used_service") == "yes"
    assert code("overall_rating") == "good"
    assert given["anything_else"].text == answers["anything_else"]
    assert code("age_band") == "age_45_54"
    assert code("ward") == "orpington"
    for skipped in ("referral_better", "service_easy_access", "gender", "disability"):
        assert given[skipped].state == "blank", skipped

    # Staff see the return counted as online.
    context = browser.new_context()
    try:
        staff = context.new_page()
        staff.goto(f"{live_server}/login")
        staff.fill("#email", live_server.staff_email)
        staff.fill("#password", live_server.staff_password)
        staff.get_by_role("button", name="Sign in").click()
        staff.wait_for_url(re.compile(r"/staff/?$"))
        staff.goto(f"{live_server}/staff/studies/{live_server.study}")
        row = staff.locator('#returns tr[data-instrument="patient v1"]')
        assert row.locator('td[data-channel="online"]').inner_text().strip() == "1"
        assert row.locator('td[data-channel="total"]').inner_text().strip() == "1"
    finally:
        context.close()


def test_skip_link_is_first_and_moves_focus_to_main_content(page, live_server):
    page.goto(f"{live_server}/s/{live_server.study}/patient")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "a" and first["text"] == "Skip to main content", describe(first)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content", describe(focused(page))
    # The next Tab goes into the form, not back to the header.
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "filling_in_as", describe(focused(page))


def test_error_summary_takes_focus_and_links_to_the_field(page, live_server):
    """An invalid number: the error summary is focused, and its link leads to the field."""
    page.goto(f"{live_server}/s/{live_server.study}/professional")
    type_into(page, "registered_people", "lots")
    tab_to(page, button("Save and continue"), "the 'Save and continue' button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), "no error summary after an invalid number"
    assert "govuk-error-summary" in focused(page)["classes"], (
        "the error summary should take focus on load, focus is on " + describe(focused(page))
    )
    tab_to(page, lambda el: el.get("tag") == "a", "the error summary's link", limit=5)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "registered_people", describe(focused(page))
    assert page.locator("#registered_people").input_value() == "lots"
