"""A person records a report, sends it, records the response and sees the status change."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def fill_date(page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_staff_track_a_report_to_its_response(page, live_server):
    base = str(live_server)
    sign_in(page, live_server)

    page.goto(f"{base}/staff/tracker/organisations")
    page.get_by_label("Organisation").fill("NHS Example Integrated Care Board")
    page.get_by_role("button", name="Add organisation").click()

    page.get_by_role("link", name="Recommendations").click()
    page.get_by_role("link", name="Record a report").click()
    page.get_by_label("Report title").fill("Social prescribing")
    fill_date(page, "Publication date", 4, 7, 2023)
    page.get_by_role("button", name="Record report").click()
    page.wait_for_url(re.compile(r"/reports/\d+$"))

    page.get_by_label("Recommendation", exact=True).fill("Publish how to get a referral.")
    page.get_by_role("group", name="Addressed to").get_by_label(
        "NHS Example Integrated Care Board"
    ).check()
    page.get_by_role("button", name="Add recommendation").click()
    expect(page.get_by_text("Recommendation 1 added.")).to_be_visible()

    page.get_by_role("group", name="Send the report to").get_by_label(
        "NHS Example Integrated Care Board"
    ).check()
    fill_date(page, "Date sent", 4, 7, 2023)
    page.get_by_role("button", name="Record sending").click()
    expect(page.get_by_text("a response is due by 1 August 2023")).to_be_visible()

    # Looking back from a day after the deadline, with no reply: red, overdue.
    page.goto(f"{base}/staff/tracker/?as_of=2023-08-04")
    status = page.locator("#tracker td[data-status]").first
    assert status.get_attribute("data-status") == "red"
    assert "3 working days overdue" in status.inner_text()

    page.get_by_role("link", name="Social prescribing").first.click()
    page.get_by_role("link", name=re.compile("Record the response")).click()
    fill_date(page, "Date the response was received", 3, 8, 2023)
    page.get_by_label("Answer to recommendation 1").fill("We will publish it on every website.")
    page.get_by_role("group", name="Stance on recommendation 1").get_by_label(
        "Accepted", exact=True
    ).check()
    page.get_by_role("button", name="Save the response").click()
    expect(
        page.get_by_text("Response from NHS Example Integrated Care Board recorded.")
    ).to_be_visible()

    # Answered in full with nothing promised: closed, so only in the view of every report.
    page.goto(f"{base}/staff/tracker/?as_of=2023-08-04")
    expect(page.get_by_text("No open reports.")).to_be_visible()
    page.get_by_label("Include reports that are closed").check()
    page.get_by_role("button", name="Show").click()
    status = page.locator("#tracker td[data-status]").first
    assert status.get_attribute("data-status") == "green"
    assert "Response received 3 Aug 2023" in status.inner_text()
    assert "2 working days late" in status.inner_text()


def test_tracker_pages_pass_the_accessibility_check(page, live_server):
    from surveyapp.extensions import db
    from surveyapp.services.demo import load_demo_tracker
    from tests.browser.test_accessibility import assert_none, check

    with live_server.app.app_context():
        load_demo_tracker(db.session, None)  # the Bromley report, sent and answered
    base = str(live_server)
    sign_in(page, live_server)
    found: dict = {}
    for path in ("/staff/tracker/", "/staff/tracker/reports/new", "/staff/tracker/organisations"):
        page.goto(f"{base}{path}")
        check(page, path, found)
    page.goto(f"{base}/staff/tracker/")
    page.get_by_role("link", name="Social Prescribing", exact=True).first.click()
    check(page, "report page", found)
    page.get_by_role("link", name=re.compile("Record the response")).click()
    check(page, "response page", found)
    assert_none(found)
