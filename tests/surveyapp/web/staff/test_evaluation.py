"""A service evaluation's page on the demo: the records summed up for a period chosen by staff,
a period that cannot be read said and the page kept, and the workbook made as a job."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import Snapshot, demo_once
from tests.helpers import login, wait_for_job

PAGE = "/staff/studies/wellbeing-evaluation/evaluation"


@pytest.fixture(scope="module")
def demo_rows() -> dict[str, Snapshot]:
    return {}


@pytest.fixture
def staff(app, client, backend, demo_rows):
    demo_once(app, backend, demo_rows, patient_responses=5, seed=2)
    login(client, "staff@example.org", "demo-password-2023")
    return client


def test_the_evaluation_page_sums_up_the_records_for_a_period(staff):
    page = staff.get(PAGE).get_data(as_text=True)
    assert "1,000 referrals imported, made between 1 March 2021 and" in page
    assert "Median wait to first contact" in page and "Regents Health PCN" in page
    spring = staff.get(f"{PAGE}?from=2021-03-01&to=2021-05-31").get_data(as_text=True)
    assert "1 March 2021 to 31 May 2021" in spring
    for wrong, said in (
        ("from=March&to=2021-05-31", "Write the period&#39;s dates as year-month-day"),
        ("from=2021-06-01&to=2021-05-31", "before it starts"),
    ):
        refused = staff.get(f"{PAGE}?{wrong}")
        assert refused.status_code == 400 and said in refused.get_data(as_text=True)
        assert 'id="glance"' in refused.get_data(as_text=True)  # the page is still there


def test_the_evaluation_workbook_is_made_as_a_job(staff):
    asked = staff.get(f"{PAGE}.xlsx?from=2021-03-01&to=2022-03-31")
    if asked.status_code in (302, 303):  # made away from the request
        job = asked.headers["Location"]
        assert wait_for_job(lambda u: staff.get(u).get_json(), job)["state"] == "done"
        asked = staff.get(f"{job}/file")
    book = load_workbook(io.BytesIO(asked.data))
    assert book.sheetnames[0] == "At a glance" and len(book.sheetnames) >= 13


def test_a_study_without_records_says_how_to_import_them(staff):
    page = staff.get("/staff/studies/bromley-social-prescribing/evaluation").get_data(as_text=True)
    assert "No service records yet" in page
    assert "surveyapp import records bromley-social-prescribing FILE.csv" in page
