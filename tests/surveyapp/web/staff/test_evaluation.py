"""A service evaluation's page on the demo: the records summed up for a period chosen by staff,
a period that cannot be read said and the page kept, and the workbook made as a job."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from surveyapp.models import ServiceRecord
from tests.conftest import demo_once
from tests.helpers import login, wait_for_job

PAGE = "/staff/studies/wellbeing-evaluation/evaluation"


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
        ("from=0221-06-01&to=2021-05-31", "is not a date a service&#39;s records can hold"),
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
    # Its page, from "Downloads and tasks", offers the file for the period asked.
    tasks = staff.get("/staff/studies/wellbeing-evaluation/jobs").get_data(as_text=True)
    assert "Evaluation workbook, 2021-03-01 to 2022-03-31" in tasks
    job = re.search(r'href="(/staff/jobs/[^"/]+)"', tasks).group(1)
    assert "Download it" in staff.get(job).get_data(as_text=True)


def test_a_study_without_records_says_how_to_import_them(staff):
    page = staff.get("/staff/studies/bromley-social-prescribing/evaluation").get_data(as_text=True)
    assert "No service records yet" in page
    assert "surveyapp import records bromley-social-prescribing FILE.csv" in page


def test_a_workbook_made_before_a_later_extract_is_not_handed_out_again(app, staff, session):
    from surveyapp.services.evaluation.records import import_records, records_fingerprint
    from surveyapp.services.studies import get_study

    study = get_study(session, "wellbeing-evaluation")
    before = records_fingerprint(session, study)
    record = session.scalar(select(ServiceRecord).filter_by(referral_id="OW-00001"))
    later = (
        "referral_id,person_id,referral_date,practice,discharge_reason\n"
        f"OW-00001,{record.person_id},{record.referral_date},{record.practice},moved away\n"
    )
    with app.app_context():
        done = import_records(session, study.slug, later.encode(), "later.csv", dry_run=False)
    assert (done.changed, done.new) == (1, 0)
    assert records_fingerprint(session, study) != before
    # The columns the later file lacks keep what was imported before.
    kept = (record.pcn, record.link_worker, record.first_contact_date, record.needs)
    session.expire_all()
    again = session.scalar(select(ServiceRecord).filter_by(referral_id="OW-00001"))
    assert again.discharge_reason == "moved away"
    assert (again.pcn, again.link_worker, again.first_contact_date, again.needs) == kept
