"""A member of staff imports a service's records in Chromium from the keyboard: another
system's export is refused as not ours, its columns set up once as a source on the mapping page
(each control found by its label), the dry run shows the mapping applied, and the same file is
imported. axe (WCAG 2.2 A/AA) checks the import page, the refusal, the mapping page and the
dry run."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_none, check

pytestmark = pytest.mark.browser

EXPORT = [
    ["Case Ref", "Client ID", "Date Referred", "Surgery", "Needs", "Contact date"],
    ["K1", "C1", "01/03/2022", "Church Street", "housing", "01/07/2022"],
    ["K1", "C1", "01/03/2022", "Church Street", "debt", "01/05/2022"],
    ["K2", "C2", "01/04/2022", "Lisson Grove", "loneliness", ""],
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


def test_staff_import_another_system_s_records_through_a_source(page, live_server):
    sign_in(page, live_server)
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{live_server}/staff/studies/{live_server.study}/evaluation")
    page.get_by_role("link", name="import the service's records").click()
    found: dict = {}
    check(page, "import page", found)
    page.get_by_label("CSV or Excel (.xlsx) file of referral records").set_input_files(
        files=[{"name": "export.csv", "mimeType": "text/csv", "buffer": _csv(EXPORT)}]
    )
    _press(page, "Check the file (dry run)")
    _result(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("No referral_id column")
    check(page, "import page, a file not in our columns", found)

    _press(page, "Set up this file's columns as a source")
    expect(page.get_by_role("heading", name="Set up the columns of another system")).to_be_visible()
    check(page, "mapping page", found)
    # Proposed from the names, checked and completed by label.
    expect(page.get_by_label("referral_date (needed)")).to_have_value("Date Referred")
    page.get_by_label("referral_id (needed)").select_option("Case Ref")
    page.get_by_label("practice", exact=True).select_option("Surgery")
    page.get_by_label("Month first, like 03/27/2023").check()
    expect(page.get_by_label("A row per contact?")).to_have_value("Contact date")
    page.get_by_label("Name of the source").fill("Joy")
    _press(page, "Save the source and check the file")
    _result(page)
    expect(page.locator("#mapping")).to_contain_text("Case Ref")
    expect(page.locator("#counts")).to_contain_text("2 new referrals would be added")
    check(page, "dry run through the source", found)

    _press(page, "Import the 2 new and 0 changed referrals")
    _result(page)
    expect(page.locator("#counts")).to_contain_text("2 new referrals were added")
    page.get_by_role("link", name="Read the service evaluation").click()
    expect(page.get_by_text("2 referrals imported")).to_be_visible()
    assert_none(found)
