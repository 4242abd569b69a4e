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
