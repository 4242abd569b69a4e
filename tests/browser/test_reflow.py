"""Every page of the app at 320 CSS px (WCAG 1.4.10, reflow: what a person sees at 400% zoom on
a laptop, or on a small phone), with the demo loaded: no scrolling sideways (a table too wide
scrolls inside its own box), and at 1280 px with text at 200% (WCAG 1.4.4). The pages are found
from the route table (tests/fixtures/route_access.txt): each route that shows a page is visited,
and a route the walk cannot reach fails the test until it is reached or named below.

Screenshots of each page at 320 and 1280 px are saved under ``test-results/screenshots`` (or
``$SCREENSHOTS_DIR``) for anyone reviewing a change to look at; they are not committed."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from questionnaires import DEFINITIONS_ROOT
from tests.browser.conftest import sign_in
from tests.surveyapp.web.auth.test_route_access import access_table
from tests.walk import route, walk

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", "test-results/screenshots"))
#: Routes that show no page of their own: files, scripts' JSON, the assets.
NOT_PAGES = {
    # The read-only API answers JSON (its page for people, api.docs, is walked).
    "api.appendix",
    "api.instruments",
    "api.openapi",
    "api.responses",
    "api.studies",
    "api.study",
    "api.tracker",
    "assets.frontend",
    "assets.frontend_asset",
    "static",
    "staff.answers_csv",
    "staff.appendix_download",
    "staff.batch_download",
    "staff.evaluation_report",  # a file of its own, checked by axe in its own test
    "staff.evaluation_workbook",
    "staff.job_file",
    "staff.job_status",
    "staff.preview_paper_pdf",
    "staff.questionnaire_xlsform",
    "staff.questionnaire_yaml",
    "staff.report_docx",
    "staff.report_html",  # the report's own document, sandboxed; read in the Word file too
    "staff.research_data",  # a questionnaire's data as CSV, SPSS or Stata
    "tracker.response_form_docx",
    "tracker.workbook",
}
#: What sticks out, for the failure message: the widest elements wider than the window.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll("body *"))
    .map(e => [e.getBoundingClientRect().right, e.tagName.toLowerCase() + "." + e.className])
    .filter(([right]) => right > width + 1)
    .sort((a, b) => b[0] - a[0]).slice(0, 4);
}"""
#: Boxes scrolling sideways that a keyboard cannot reach (nothing in them takes the focus).
UNREACHABLE = """() => { return Array.from(document.querySelectorAll(".app-table-scroll"))
  .filter(b => b.scrollWidth > b.clientWidth && b.tabIndex < 0
    && !b.querySelector("a[href], button, input, select, textarea"))
  .map(b => b.outerHTML.slice(0, 100));
}"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _pages(server) -> dict[str, str]:
    """One URL for each route that shows a page: found by walking the demo as its admin, and
    for the pages only a form leads to (a patient's next page, a keyed form), by posting it."""
    from surveyapp.extensions import db
    from surveyapp.models import PaperForm, Response
    from tests.helpers import hidden_fields, login

    client = server.app.test_client()
    login(client, server.staff_email, server.staff_password)
    starts = ["/", "/staff/", "/entry/", "/admin/users", "/admin/activity", "/staff/tracker/"]
    found: dict[str, str] = {}
    for url in walk(client, starts, per_route=3):
        found.setdefault(route(client, url) or "", url)
    study = f"/staff/studies/{server.study}"
    with server.app.app_context():
        serials = db.session.scalars(
            select(PaperForm.serial).where(PaperForm.response_id.is_(None))
        ).all()
        reference = db.session.scalars(select(Response.reference)).first()
    # A form keyed (the "saved" page, then its correction) and one still to key.
    keyed = f"/entry/forms/{serials[0]}"
    token = hidden_fields(client.get(keyed).get_data(as_text=True))
    saved = client.post(keyed, data={**token, "overall_rating": "4"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    found.setdefault("entry.saved", saved.headers["Location"])
    found.setdefault("entry.correct", f"{keyed}/correct")
    found.setdefault("entry.key", f"/entry/forms/{serials[1]}")
    found.setdefault("staff.find_response", f"{study}/responses")
    found.setdefault("staff.response", f"{study}/responses/{reference}")
    job = client.get(f"{study}/findings/appendix.xlsx")
    found.setdefault("staff.job", job.headers.get("Location", ""))
    # A questionnaire uploaded (only a file leads there): its checks and its previews.
    definition = (DEFINITIONS_ROOT / "ons4" / "v1.yaml").read_bytes().replace(b"ons4", b"mine")
    csrf = hidden_fields(client.get("/staff/questionnaires").get_data(as_text=True))
    uploaded = client.post(
        "/staff/questionnaires",
        data={**csrf, "file": (io.BytesIO(definition), "mine.yaml")},
        content_type="multipart/form-data",
    )
    checks = uploaded.headers["Location"]
    found.setdefault("staff.questionnaire_upload", checks)
    found.setdefault("staff.preview_form", f"{checks}/form")
    found.setdefault("staff.preview_paper", f"{checks}/paper")
    return found


def test_every_page_reflows_at_320_px_and_takes_200_percent_text(page, demo_server):
    pages = _pages(demo_server)
    sign_in(page, demo_server)
    page.wait_for_url(lambda url: "/login" not in url)
    # The patient's next page and the thank-you page: only answering leads there.
    page.goto(f"{demo_server}/s/{demo_server.study}/patient")
    page.get_by_label("Someone who is currently being supported by a social prescriber").check()
    while "/done/" not in page.url:
        with page.expect_navigation():
            page.locator("main form button.govuk-button").first.click()
        if "/r/" in page.url:
            pages.setdefault("public.page", page.url.removeprefix(str(demo_server)))
    pages["public.done"] = page.url.removeprefix(str(demo_server))
    wanted = {
        endpoint
        for (endpoint, method) in access_table()
        if method == "GET" and endpoint not in NOT_PAGES
    }
    missing = wanted - set(pages)
    assert not missing, f"no page reached for {sorted(missing)}: reach them or say why not"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    too_wide, too_wide_text, unreachable = {}, {}, {}
    for endpoint in sorted(wanted):
        url = f"{demo_server}{pages[endpoint]}"
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(url)
        if page.evaluate(SIDEWAYS) > 0:
            too_wide[endpoint] = (pages[endpoint], page.evaluate(WIDEST))
        if page.evaluate(UNREACHABLE):
            unreachable[endpoint] = page.evaluate(UNREACHABLE)
        page.screenshot(path=SCREENSHOTS / f"{endpoint}-320.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.screenshot(path=SCREENSHOTS / f"{endpoint}-1280.png", full_page=True)
        page.evaluate("document.documentElement.style.fontSize = '200%'")  # not inline CSS
        if page.evaluate(SIDEWAYS) > 0:
            too_wide_text[endpoint] = (pages[endpoint], page.evaluate(WIDEST))
    assert not too_wide, f"pages wider than 320 px: {too_wide}"
    assert not unreachable, f"tables scrolling where a keyboard cannot: {unreachable}"
    assert not too_wide_text, f"pages wider than 1280 px with text at 200%: {too_wide_text}"
