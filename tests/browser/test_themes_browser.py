"""Staff review free-text codes in Chromium from the keyboard: reject a suggested code, add one,
accept the next answer as suggested, approve a quote, and find it in the findings report."""

from __future__ import annotations

import csv
import io
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_none, check

pytestmark = pytest.mark.browser

ANSWERS = [
    "I waited three months to hear back from anyone.",
    "The link worker was so kind and really listened to me, thank you Dr Patel.",
    "I need help with housing, my flat is damp.",
]


def test_staff_review_codes_and_approve_a_quote(page, live_server):
    from surveyapp.extensions import db
    from surveyapp.models import HumanCoding, MachineCoding
    from surveyapp.services.imports import import_returns

    app = live_server.app
    out = io.StringIO()
    csv.writer(out).writerows(
        [["reference", "anything_else"]] + [[f"T{i}", t] for i, t in enumerate(ANSWERS)]
    )
    with app.app_context():
        import_returns(
            db.session,
            live_server.study,
            "patient/v1",
            out.getvalue().encode(),
            "t.csv",
            dry_run=False,
        )

    base = f"{live_server}/staff/studies/{live_server.study}/themes"
    sign_in(page, live_server)
    page.goto(base)
    page.get_by_role("button", name="Code the answers automatically").click()
    # Done as a job: its page says what was done, and leads back to the themes.
    expect(page.get_by_text("Coded 3 written answers automatically")).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="See what was done").click()
    page.get_by_role("link", name="10. Is there anything else").click()
    found: dict = {}
    check(page, "free-text question page", found)
    page.get_by_role("link", name="Review the codes").click()
    check(page, "review page", found)

    # Answer 1: "waiting" is suggested, its words highlighted; reject it, add Communication.
    expect(page.locator("#answer mark.app-evidence").first).to_have_text("waited")
    first = page.locator(".app-theme-list input").first
    expect(first).to_have_value("experience.waiting")
    expect(first).to_be_checked()
    page.keyboard.press("1")  # the first listed theme is the suggestion: untick it
    expect(first).not_to_be_checked()
    page.get_by_label("Communication", exact=False).first.check()
    page.keyboard.press("n")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Answer 2 of 3")).to_be_visible()
    # Answer 2: accept what is suggested, as it stands.
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Answer 3 of 3")).to_be_visible()

    with app.app_context():
        people = {h.answer.text: h for h in db.session.scalars(select(HumanCoding))}
        machine = {m.answer.text: m for m in db.session.scalars(select(MachineCoding))}
    assert "experience.waiting" in machine[ANSWERS[0]].codes
    assert "experience.waiting" not in people[ANSWERS[0]].codes
    assert "experience.communication" in people[ANSWERS[0]].codes
    assert people[ANSWERS[0]].sentiment == "negative"
    assert people[ANSWERS[1]].codes == machine[ANSWERS[1]].codes  # accepted as suggested

    page.goto(f"{base}/patient/anything_else/quotes")
    quote = page.locator("form.app-quote").filter(has_text="kind").first
    check(page, "quotes page", found)
    assert_none(found)
    expect(quote.locator("textarea")).to_have_value(
        "The link worker was so kind and really listened to me, thank you Dr [name]."
    )
    quote.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Quote approved")).to_be_visible()

    # The report is made as a job: asked again until it is ready (then the page itself).
    for _ in range(300):
        reply = page.context.request.get(
            f"{live_server}/staff/studies/{live_server.study}/report.html"
        )
        if "/staff/jobs/" not in reply.url:
            break
        time.sleep(0.2)
    report = reply.text()
    assert "Positive comments" in report
    assert "thank you Dr [name]" in report and "Patel" not in report
