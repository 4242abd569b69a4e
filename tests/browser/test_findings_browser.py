"""Staff open a study's Findings page and download the appendix workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_staff_open_findings_and_download_the_workbook(page, live_server):
    from surveyapp.extensions import db
    from surveyapp.services.demo import load_demo

    with live_server.app.app_context():
        load_demo(db.session, patient_responses=30, seed=3)
    base = str(live_server)
    sign_in(page, live_server)
    page.goto(f"{base}/staff/studies/bromley-social-prescribing")
    page.get_by_role("link", name="Findings and appendix tables").click()
    expect(page.get_by_role("heading", name="Headline findings")).to_be_visible()
    page.get_by_label("Share your feedback about social prescribing – PATIENTS SURVEY").check()
    page.get_by_role("button", name="Show").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Appendix workbook (.xlsx)").click()
    download = info.value
    assert download.suggested_filename == "bromley-social-prescribing-appendix.xlsx"
    book = load_workbook(io.BytesIO(download.path().read_bytes()))
    cells = [str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r if c.value]
    assert "Appendix 1" in cells
    assert any(c.endswith("I am filling this in as:") for c in cells)

    from tests.browser.test_accessibility import assert_none, check

    found: dict = {}
    check(page, "findings page", found)
    assert_none(found)
