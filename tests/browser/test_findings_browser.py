"""Staff open a study's Findings page, choose the key findings, write the report's sections,
group written answers, open the report in the browser and download the workbook; every page
passes axe at WCAG 2.2 A/AA."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_none, check

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(live_server):
    from surveyapp.extensions import db
    from surveyapp.services.demo import load_demo

    with live_server.app.app_context():
        load_demo(db.session, patient_responses=30, seed=3)
    return f"{live_server}/staff/studies/bromley-social-prescribing"


def test_staff_choose_key_findings_and_download_the_workbook(page, live_server, demo):
    sign_in(page, live_server)
    page.goto(demo)
    page.get_by_role("link", name="Findings and appendix tables").click()
    expect(page.get_by_role("heading", name="Key findings", exact=True)).to_be_visible()
    found: dict = {}
    check(page, "findings page", found)

    # One form: untick the first headline, put the second first, reword it, save once.
    page.get_by_label("Publish headline 1", exact=True).uncheck()
    page.locator("#order-2").fill("1")
    page.locator("#text-2").fill("Our own wording of the second headline.")
    page.get_by_role("button", name="Save key findings").click()
    expect(page.get_by_text("Saved: the report opens with")).to_be_visible()
    expect(page.get_by_label("Publish headline 1", exact=True)).not_to_be_checked()

    # A place that is not a number is refused, and what was typed stays.
    page.locator("#order-3").fill("soon")
    page.get_by_role("button", name="Save key findings").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.locator("#order-3")).to_have_value("soon")
    check(page, "findings page with an error", found)

    page.goto(f"{demo}/findings")
    page.get_by_text("Which questionnaires").click()
    page.get_by_label("Share your feedback about social prescribing – PATIENTS SURVEY").check()
    page.get_by_role("button", name="Show").click()
    # Made as a job (a thread of the app here): its page says how far it is, and is reloaded
    # by its script when the workbook is ready.
    page.get_by_role("link", name="Appendix workbook (.xlsx)").click()
    expect(page.get_by_text("Ready", exact=True)).to_be_visible(timeout=60_000)
    check(page, "a job done", found)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download it").click()
    download = info.value
    assert download.suggested_filename == "bromley-social-prescribing-appendix.xlsx"
    book = load_workbook(io.BytesIO(download.path().read_bytes()))
    cells = [str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r if c.value]
    assert "Appendix 1" in cells
    assert any(c.endswith("I am filling this in as:") for c in cells)
    assert_none(found)


def test_staff_write_the_report_and_open_it_in_the_browser(page, live_server, demo):
    sign_in(page, live_server)
    page.goto(f"{demo}/findings")
    page.get_by_role("link", name="Write the report's sections").click()
    found: dict = {}
    check(page, "report sections page", found)
    expect(page.get_by_label("What we did")).to_contain_text("We asked patients to answer")
    page.get_by_label("Executive summary").fill("People valued their link workers.")
    page.get_by_role("button", name="Save the sections").click()
    expect(page.get_by_text("Saved the report's sections.")).to_be_visible()

    page.get_by_role("link", name="Open the report").click()
    # Put together as a job: its page, then the report itself.
    expect(page.get_by_text("Ready", exact=True)).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Open the report").click()
    expect(page.get_by_role("heading", name="Executive summary")).to_be_visible()
    expect(page.get_by_text("People valued their link workers.")).to_be_visible()
    expect(page.get_by_role("heading", name="Key findings")).to_be_visible()
    assert page.locator("figure.chart").count() >= 1
    check(page, "the report (HTML)", found)
    assert_none(found)


def test_staff_group_what_people_wrote(page, live_server, demo):
    sign_in(page, live_server)
    page.goto(f"{demo}/findings")
    page.get_by_role("link", name='Group what people wrote after "Other"').click()
    found: dict = {}
    check(page, "written answers", found)
    page.get_by_role("link", name="Who referred you").first.click()
    check(page, "one question's written answers", found)
    first = page.locator("#as-1")
    first.fill("GP")
    page.get_by_role("button", name="Save the grouping").click()
    expect(page.get_by_text("counted in another row")).to_be_visible()
    expect(page.locator("#as-1")).to_have_value("GP")
    assert_none(found)


def test_staff_find_their_downloads_and_tasks_and_each_passes_axe(page, live_server, demo):
    sign_in(page, live_server)
    found: dict = {}
    # A file that is not a spreadsheet: its check fails, and the job's page says why.
    page.goto(f"{demo}/import")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "returns.xlsx", "mimeType": "application/octet-stream", "buffer": b"\0"}],
    )
    page.get_by_role("button", name=re.compile("Check")).click()
    expect(page.get_by_role("button", name="Try again")).to_be_visible(timeout=60_000)
    check(page, "a job that failed", found)
    page.goto(demo)
    page.get_by_role("link", name="Downloads and tasks").click()
    expect(page.get_by_role("heading", name="Downloads and tasks")).to_be_visible()
    expect(page.get_by_text("Did not finish")).to_be_visible()
    check(page, "downloads and tasks", found)
    assert_none(found)


def test_staff_download_a_questionnaires_data_for_researchers_from_the_keyboard(
    page, live_server, demo, tmp_path
):
    import pyreadstat

    sign_in(page, live_server)
    page.goto(f"{demo}/findings")
    expect(page.get_by_role("heading", name="Data for researchers")).to_be_visible()
    found: dict = {}
    check(page, "findings page with the data for researchers", found)
    # Each link names its questionnaire to a screen reader; Enter follows it.
    link = page.get_by_role("link", name="SPSS file of patient (.sav)")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Ready", exact=True)).to_be_visible(timeout=60_000)
    check(page, "the data for researchers, made", found)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download it").focus()
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "bromley-social-prescribing-patient.sav"
    saved = tmp_path / "patient.sav"
    saved.write_bytes(download.path().read_bytes())
    frame, meta = pyreadstat.read_sav(str(saved), user_missing=True)
    assert len(frame) == 30 and meta.missing_ranges["referred_by"] == [{"lo": -4.0, "hi": -1.0}]
    assert_none(found)
