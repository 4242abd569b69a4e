"""A member of staff reads a service evaluation for a period they choose, in Chromium, with the
page checked by axe (WCAG 2.2 A/AA) as it opens and after a period is refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_none, check

pytestmark = pytest.mark.browser


def test_staff_choose_the_period_of_a_service_evaluation(page, demo_server):
    sign_in(page, demo_server)
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{demo_server}/staff/studies/wellbeing-evaluation")
    page.get_by_role("link", name="Service evaluation").click()
    found: dict = {}
    check(page, "service evaluation", found)
    page.get_by_label("From").fill("2021-06-01")
    page.get_by_label("To").fill("2021-05-01")
    page.get_by_role("button", name="Show this period").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("before it starts")
    check(page, "service evaluation, a period refused", found)
    page.get_by_label("To").fill("2021-08-31")
    page.get_by_role("button", name="Show this period").click()
    expect(page.locator("#glance")).to_contain_text("1 June 2021 to 31 August 2021")
    assert_none(found)


def test_staff_write_a_case_study_and_read_the_evaluation_report(page, demo_server):
    sign_in(page, demo_server)
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{demo_server}/staff/studies/wellbeing-evaluation/evaluation")
    found: dict = {}
    page.get_by_role("link", name="case studies").click()
    check(page, "case studies", found)
    page.get_by_role("link", name="Write a case study").click()
    page.get_by_label("Referral id").fill("OW-00020")
    page.get_by_label("Title").fill("Keeping warm")
    page.get_by_label("Their needs").fill("Fuel poverty; restricted mobility.")
    # Forgotten: what was done. The form comes back with the box named and the rest kept.
    page.get_by_role("button", name="Save the case study").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe what was done")
    expect(page.get_by_label("Their needs")).to_have_value("Fuel poverty; restricted mobility.")
    check(page, "a case study refused", found)
    page.locator("#support").fill("Referred to the food bank; Sam Jones arranged a fuel voucher.")
    page.locator("#consent_on-day").fill("28")
    page.locator("#consent_on-month").fill("3")
    page.locator("#consent_on-year").fill("2022")
    page.get_by_role("button", name="Save the case study").click()
    expect(page.locator("#published-as")).not_to_contain_text("Sam Jones")
    check(page, "a case study as it will be published", found)
    page.get_by_role("button", name="Approve it for the report").click()
    expect(page.get_by_text("Approved", exact=True).first).to_be_visible()

    page.goto(f"{demo_server}/staff/studies/wellbeing-evaluation/evaluation")
    page.get_by_role("link", name="Download the report (web page)").click()
    expect(page.get_by_text("Ready", exact=True)).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download it").click()
    report = info.value.path().read_text(encoding="utf-8")
    assert "Keeping warm" in report and "Sam Jones" not in report
    page.goto("about:blank")  # opened as a file is: away from the app and its policy
    page.set_content(report)
    expect(page.get_by_role("heading", name="Case studies")).to_be_visible()
    check(page, "the evaluation report", found)
    assert_none(found)
