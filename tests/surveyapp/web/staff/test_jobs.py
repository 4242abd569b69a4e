"""Slow work as jobs, as staff meet it with the embedded default (a thread of the app process):
asked for, its progress page, the file; asked again for the same data, the same file without
working it out again; a failure that says why and can be tried again; a job whose worker
stopped; and the CLI doing the same job in the foreground."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from surveyapp.models import Job, StoredFile
from surveyapp.services.demo import add_generated_response
from surveyapp.services.studies import get_study, study_definitions
from tests.conftest import demo_once
from tests.helpers import hidden_fields, login, wait_for_job

STUDY = "/staff/studies/bromley-social-prescribing"


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"JOBS": "thread", "JOB_STALE_SECONDS": 5}


@pytest.fixture
def staff(app, client, backend, demo_rows):
    demo_once(app, backend, demo_rows, patient_responses=30, seed=3)
    login(client, "staff@example.org", "demo-password-2023")
    return client


def _wait(client, job_url: str, seconds: float = 60) -> dict:
    return wait_for_job(lambda url: client.get(url).get_json(), job_url, seconds)


def test_a_workbook_is_made_away_from_the_request_and_kept_until_the_data_change(staff, session):
    asked = staff.get(f"{STUDY}/findings/appendix.xlsx")
    assert asked.status_code == 303
    job_url = asked.headers["Location"]
    assert job_url.startswith("/staff/jobs/")
    page = staff.get(job_url).get_data(as_text=True)
    assert "Appendix workbook" in page
    assert _wait(staff, job_url)["state"] == "done"
    done = staff.get(job_url).get_data(as_text=True)
    assert "Ready" in done and "Download it" in done
    workbook = load_workbook(io.BytesIO(staff.get(f"{job_url}/file").data))
    assert len(workbook.sheetnames) > 1

    # The same request, data unchanged: the file already made, at once, no new job.
    again = staff.get(f"{STUDY}/findings/appendix.xlsx")
    assert again.status_code == 200
    assert again.data == staff.get(f"{job_url}/file").data
    assert session.scalar(select(func.count(Job.id))) == 1
    listing = staff.get(f"{STUDY}/jobs").get_data(as_text=True)
    assert "Appendix workbook" in listing and "Ready" in listing

    # A new response changes the data: the next request makes a new workbook, and the old
    # file goes (nobody will be handed it again).
    study = get_study(session, "bromley-social-prescribing")
    patient = next(
        i.questionnaire_version
        for i in study.instruments
        if i.questionnaire_version.key == "patient"
    )
    definition = next(d for d in study_definitions(session, study) if d.key == "patient")
    when = dt.datetime(2023, 3, 1, tzinfo=dt.UTC)
    add_generated_response(session, study, definition, patient.id, random.Random(9), "online", when)
    session.commit()
    newer = staff.get(f"{STUDY}/findings/appendix.xlsx")
    assert newer.status_code == 303 and newer.headers["Location"] != job_url
    assert _wait(staff, newer.headers["Location"])["state"] == "done"
    assert session.scalar(select(func.count(StoredFile.key))) == 1


def test_a_failed_job_says_why_and_can_be_tried_again(staff, session):
    page = staff.get(f"{STUDY}/import").get_data(as_text=True)
    posted = staff.post(
        f"{STUDY}/import",
        data={
            **hidden_fields(page),
            "instrument": "patient",
            "file": (io.BytesIO(b"\x00\x01\x02 not a spreadsheet"), "returns.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert posted.status_code == 303
    job_url = posted.headers["Location"]
    assert _wait(staff, job_url)["state"] == "failed"
    failed = staff.get(job_url).get_data(as_text=True)
    assert "It did not finish" in failed and "Try again" in failed
    job = session.get(Job, job_url.rsplit("/", 1)[1])
    assert job.message and "Excel" in job.message  # says what is wrong with the file
    retried = staff.post(f"{job_url}/retry", data=hidden_fields(failed))
    assert retried.status_code == 303
    assert _wait(staff, job_url)["state"] == "failed"
    session.expire_all()
    assert session.get(Job, job.id).attempts == 2


def test_a_job_whose_worker_stopped_can_be_tried_again(staff, session, app):
    asked = staff.get(f"{STUDY}/report.docx")
    job_url = asked.headers["Location"]
    assert _wait(staff, job_url)["state"] == "done"
    job_id = job_url.rsplit("/", 1)[1]
    # As a worker killed mid-job leaves it: running, not heard of for a while, no file.
    with app.app_context():
        from surveyapp.extensions import db

        with db.engine.begin() as connection:
            connection.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(
                    state="running",
                    result_key=None,
                    heartbeat_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5),
                )
            )
    status = staff.get(f"{job_url}/status").get_json()
    assert status["stale"] is True
    page = staff.get(job_url).get_data(as_text=True)
    assert "stopped" in page and "Nothing of it was saved" in page
    assert staff.post(f"{job_url}/retry", data=hidden_fields(page)).status_code == 303
    assert _wait(staff, job_url)["state"] == "done"
    assert staff.get(f"{job_url}/file").data[:2] == b"PK"  # a Word document


def test_the_cli_does_the_same_job_and_uses_a_file_made_already(staff, app, session, tmp_path):
    runner = app.test_cli_runner()
    first = runner.invoke(
        args=["export", "appendix", "bromley-social-prescribing", "-o", str(tmp_path / "a.xlsx")]
    )
    assert first.exit_code == 0, first.output
    assert "appendix table" in first.output
    load_workbook(tmp_path / "a.xlsx")
    jobs = session.scalar(select(func.count(Job.id)))
    second = runner.invoke(
        args=["export", "appendix", "bromley-social-prescribing", "-o", str(tmp_path / "b.xlsx")]
    )
    assert second.exit_code == 0, second.output
    assert session.scalar(select(func.count(Job.id))) == jobs  # kept, not worked out again
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    # The web app hands over the same file, made by the command.
    assert staff.get(f"{STUDY}/findings/appendix.xlsx").data == (tmp_path / "a.xlsx").read_bytes()
