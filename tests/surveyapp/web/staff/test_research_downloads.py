"""Data for researchers from the Findings page and the CLI, on the demo study: a link per
questionnaire and file, each made as a job, downloaded and recorded in the audit trail; the
same file from ``surveyapp export data``; staff only."""

from __future__ import annotations

import csv
import io
import re

import pyreadstat
import pytest
from sqlalchemy import func, select

from surveyapp.models import AuditEntry, Response
from surveyapp.services.responses.frames import COUNTED
from tests.conftest import demo_once
from tests.helpers import login

SLUG = "bromley-social-prescribing"
STUDY = f"/staff/studies/{SLUG}"


@pytest.fixture
def demo(app, backend, demo_rows):
    demo_once(app, backend, demo_rows, patient_responses=30, seed=5)


def _counted(session, key: str) -> int:
    from surveyapp.models import QuestionnaireVersion

    return session.scalar(
        select(func.count(Response.id))
        .join(QuestionnaireVersion)
        .where(QuestionnaireVersion.key == key, Response.status.in_(COUNTED))
    )


def test_the_findings_page_links_each_questionnaires_files_and_they_download(
    client, demo, session, tmp_path
):
    login(client, "staff@example.org", "demo-password-2023")
    page = client.get(f"{STUDY}/findings").get_data(as_text=True)
    assert "Data for researchers" in page
    links = set(re.findall(r'href="(/staff/studies/[^"]+/data/[^"]+)"', page))
    for key in ("patient", "professional", "link_worker"):
        for suffix in ("csv", "sav", "dta"):
            assert f"{STUDY}/data/{key}.{suffix}" in links, (key, suffix, links)
    got = client.get(f"{STUDY}/data/patient.sav")
    assert got.status_code == 200
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert f"{SLUG}-patient.sav" in got.headers["Content-Disposition"]
    path = tmp_path / "patient.sav"
    path.write_bytes(got.data)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert len(frame) == _counted(session, "patient")
    assert meta.column_names_to_labels["referred_by"] == (
        "1. Who referred you, or the person you care for, to a social prescriber?"
    )
    assert meta.missing_ranges["referred_by"] == [{"lo": -4.0, "hi": -1.0}]
    entry = session.scalars(
        select(AuditEntry).filter_by(subject="study").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.what == f"downloaded {SLUG}-patient.sav" and entry.user_id is not None
    # The CSV is asked for the same way; a second request for unchanged data is the same job.
    first = client.get(f"{STUDY}/data/professional.csv")
    rows = list(csv.DictReader(io.StringIO(first.get_data(as_text=True))))
    assert len(rows) == _counted(session, "professional") and "splw_hours_monday_remote" in rows[0]
    assert client.get(f"{STUDY}/data/professional.csv").data == first.data


def test_an_unknown_questionnaire_is_not_found_and_volunteers_may_not_download(
    client, demo, make_user
):
    login(client, "staff@example.org", "demo-password-2023")
    missing = client.get(f"{STUDY}/data/nothing.dta")
    assert missing.status_code == 404
    assert "has no questionnaire" in missing.get_data(as_text=True)
    client.post("/logout")
    login(client, "volunteer@example.org", "demo-password-2023")
    assert client.get(f"{STUDY}/data/patient.csv").status_code == 403


def test_the_export_data_command_writes_the_file_its_name_asks_for(app, demo, session, tmp_path):
    runner = app.test_cli_runner()
    stata = tmp_path / "ons4.dta"
    done = runner.invoke(
        args=["export", "data", "wellbeing-evaluation", "-i", "ons4", "-o", str(stata)]
    )
    assert done.exit_code == 0, done.output
    assert "Stata of Personal wellbeing (ONS4)" in done.output
    frame, meta = pyreadstat.read_dta(str(stata), user_missing=True)
    assert len(frame) == _counted(session, "ons4")
    assert {"participant_code", "timepoint"} <= set(frame.columns)
    assert meta.variable_value_labels["timepoint"][1].startswith("Before support")
    wrong = runner.invoke(
        args=[
            "export",
            "data",
            "wellbeing-evaluation",
            "-i",
            "ons4",
            "-o",
            str(tmp_path / "x.xlsx"),
        ]
    )
    assert wrong.exit_code != 0 and "Name the output file .csv, .sav (SPSS) or .dta" in wrong.output
    unknown = runner.invoke(
        args=["export", "data", "wellbeing-evaluation", "-i", "patient", "-o", str(stata)]
    )
    assert unknown.exit_code != 0 and "has no questionnaire 'patient'" in unknown.output
