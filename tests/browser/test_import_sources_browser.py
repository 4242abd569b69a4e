"""A member of staff imports a Google Forms export in Chromium from the keyboard: the export's
columns proposed from their wording on the page that sets up a source (each control found by its
label), an answer that is no option matched to "Other" once, the dry run saying what lands
where, then the import. axe (WCAG 2.2 A/AA) checks the sources page, the confirming page and the
dry run."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_none, check

pytestmark = pytest.mark.browser

REFERRED = "Who referred you, or the person you care for, to a social prescriber?"
EXPORT = [
    ["Timestamp", REFERRED, "How easy was it to get a referral?", "Was the referral helpful?"],
    ["14/03/2023 10:22:33", "GP", "Very easy", "Yes"],
    ["15/03/2023 09:05:40", "My pharmacist", "Fairly easy", "Not sure"],
]


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _press(page, name: str) -> None:
    """Move to a button from the keyboard's focus and press Enter."""
    page.get_by_role("button", name=name).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _result(page) -> None:
    """A job's page, when the work was not done at once: its way back to the result."""
    if "/jobs/" in page.url:
        page.get_by_role("link", name="See what was done").click(timeout=60_000)


def test_staff_confirm_a_google_forms_export_s_columns_and_import_it(page, live_server):
    sign_in(page, live_server)
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{live_server}/staff/studies/{live_server.study}/import")
    page.get_by_role("link", name="Other tools' exports: set up a source").click()
    found: dict = {}
    check(page, "sources page", found)
    page.get_by_label("Questionnaire the export answers").select_option("patient/v1")
    page.get_by_label("Tool that exported it").select_option("google-forms")
    page.get_by_label("A CSV or Excel (.xlsx) file the tool exported").set_input_files(
        files=[{"name": "form.csv", "mimeType": "text/csv", "buffer": _csv(EXPORT)}]
    )
    _press(page, "Read its columns")
    expect(page.get_by_role("heading", name="Confirm the columns of an export")).to_be_visible()
    check(page, "confirming page", found)
    # Proposed from the wording; the answer that is no option is matched once, by label.
    expect(page.get_by_label(f"Column 2: {REFERRED}")).to_have_value("question:referred_by")
    expect(page.get_by_label("Column 1: Timestamp")).to_have_value("submitted_at")
    page.get_by_label(re.compile('"My pharmacist"')).select_option("other")
    _press(page, "Save the source and check the file")
    # No name given: said, and every choice made is still there.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the source a name")
    expect(page.get_by_label(re.compile('"My pharmacist"'))).to_have_value("other")
    check(page, "confirming page with a problem", found)
    page.get_by_label("Name of the source").fill("Google Forms patients")
    _press(page, "Save the source and check the file")
    _result(page)
    expect(page.locator("#landing")).to_contain_text("question 1 (referred_by)")
    expect(page.locator("#counts")).to_contain_text("2 rows can be imported")
    check(page, "dry run through the source", found)
    _press(page, "Import the 2 valid rows")
    _result(page)
    expect(page.locator("#counts")).to_contain_text("2 rows imported")
    assert_none(found)
