"""A member of staff designs a study in Chromium, from the keyboard: creates it, uploads a
questionnaire with a mistake (named with its line), uploads it corrected, previews it online and
on paper, publishes it, attaches it to the study and opens it online, then a patient's public
link answers. axe (WCAG 2.2 A/AA) checks every page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_none, check
from tests.surveyapp.web.staff.test_authoring import CARE_HOMES

pytestmark = pytest.mark.browser


def _press(page, name: str) -> None:
    """Move to a button from the keyboard's focus and press Enter."""
    page.get_by_role("button", name=name).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _follow(page, name: str) -> None:
    page.get_by_role("link", name=name).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _choose(page, text: str) -> None:
    page.get_by_label("Questionnaire file (.yaml or .xlsx)").set_input_files(
        files=[{"name": "visits.yaml", "mimeType": "application/yaml", "buffer": text.encode()}]
    )


def test_staff_design_a_study_and_open_it(page, live_server):
    found: dict = {}
    sign_in(page, live_server)
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{live_server}/staff/")
    _follow(page, "New study")
    check(page, "new study", found)
    _press(page, "Create the study")  # nothing typed: said, nothing lost
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the study's name")
    check(page, "new study, no name", found)
    page.get_by_label("Name", exact=True).fill("Visits to care homes")
    _press(page, "Create the study")
    expect(page.get_by_role("heading", name="Visits to care homes")).to_be_visible()
    check(page, "set-up page, no questionnaire", found)

    _follow(page, "upload and publish a questionnaire")
    check(page, "questionnaires", found)
    _choose(page, CARE_HOMES.replace("type: textarea", "type: essay"))
    _press(page, "Upload and check")
    expect(page.locator("#problems")).to_contain_text("line 29, sections")
    expect(page.locator("#problems")).to_contain_text("'essay' is not one of")
    check(page, "upload with a problem", found)

    page.get_by_label("Corrected file (.yaml or .xlsx)").set_input_files(
        files=[
            {"name": "visits.yaml", "mimeType": "application/yaml", "buffer": CARE_HOMES.encode()}
        ]
    )
    _press(page, "Upload and check")
    expect(page.locator("#plan")).to_have_text("It will be published as care_homes v1.")
    check(page, "upload without problems", found)

    _follow(page, "As the online form")
    expect(page.get_by_role("group", name="1. How often do you visit?")).to_be_visible()
    check(page, "online preview, part 1", found)
    _follow(page, "Next part: Anything else")
    expect(
        page.get_by_label("3. Is there anything else you would like to tell us?")
    ).to_be_visible()
    check(page, "online preview, part 2", found)
    _follow(page, "Back to the checks")
    _follow(page, "As the paper form (print view)")
    expect(page.get_by_text("How would you rate the home?")).to_be_visible()
    check(page, "paper preview", found)
    page.go_back()

    _press(page, "Publish as care_homes v1")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("care_homes v1")
    expect(page.locator("#versions")).to_contain_text("care_homes v1")
    check(page, "questionnaires, published", found)

    page.goto(f"{live_server}/staff/studies/visits-to-care-homes/setup")
    page.get_by_label("Published version").select_option(
        label="Your visits to the care home (care_homes v1)"
    )
    _press(page, "Attach")
    expect(page.locator("#instruments")).to_contain_text("care_homes v1")
    check(page, "set-up page, attached", found)
    _press(page, "Close online care_homes v1")
    expect(page.locator("#instruments")).to_contain_text("closed")
    _press(page, "Open online care_homes v1")
    _follow(page, "public link of care_homes v1")
    expect(page.get_by_role("heading", name="Your visits to the care home")).to_be_visible()
    assert_none(found)
