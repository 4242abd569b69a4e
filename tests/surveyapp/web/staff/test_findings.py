"""A study's Findings page, its downloads and the export commands, on the demo study."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from surveyapp.services.demo import load_demo
from tests.conftest import Snapshot, restore, snapshot
from tests.helpers import hidden_fields, login

FINDINGS = "/staff/studies/bromley-social-prescribing/findings"


@pytest.fixture(scope="module")
def demo_rows() -> dict[str, Snapshot]:
    """The demo study's rows per database, loaded once for the module (it takes seconds)."""
    return {}


@pytest.fixture
def demo(app, session, backend, demo_rows):
    if backend in demo_rows:
        restore(app, demo_rows[backend])
        return
    with app.app_context():
        load_demo(session, patient_responses=40, seed=7)
    demo_rows[backend] = snapshot(app)


@pytest.fixture
def staff(client, make_user, demo):
    login(client, "staff@example.org", "demo-password-2023")
    return client


def test_the_findings_page_shows_findings_and_numbered_tables(staff):
    html = staff.get(FINDINGS).get_data(as_text=True)
    assert "Headline findings" in html and "base 40" in html
    assert "Appendix 1: I am filling this in as:" in html
    assert "Overall, how do you rate your experience?" in html


def test_staff_edit_a_finding_and_the_report_uses_it(staff):
    page = staff.get(f"{FINDINGS}?i=patient").get_data(as_text=True)
    fields = hidden_fields(page)
    key = next(v for k, v in fields.items() if k == "key")
    saved = staff.post(
        f"{FINDINGS}/edit?i=patient",
        data={"csrf_token": fields["csrf_token"], "key": key, "text": "Our own wording, n = 40."},
    )
    assert saved.status_code == 302
    report = staff.get(f"{FINDINGS}/report.html?i=patient").get_data(as_text=True)
    assert "Our own wording, n = 40." in report


def test_the_workbook_and_reports_download_and_read_back(staff):
    xlsx = staff.get(f"{FINDINGS}/appendix.xlsx?i=patient")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.data))
    values = [str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r if c.value]
    assert any("Appendix 1" in v for v in values)
    assert any("I am filling this in as:" in v for v in values)
    docx = Document(io.BytesIO(staff.get(f"{FINDINGS}/report.docx").data))
    assert any("Appendix" in p.text for p in docx.paragraphs)


def test_two_questions_are_compared_with_a_sentence_on_chance(staff):
    html = staff.get(f"{FINDINGS}?row=patient.overall_rating&column=patient.referred_by").get_data(
        as_text=True
    )
    assert 'id="comparison"' in html
    # Demo answers are random: whichever way the test goes, it is said with its n.
    assert re.search(r"(could well be chance|unlikely to be chance)[^<]*n = \d+", html), html[
        -3000:
    ]


def test_the_export_commands_write_the_files(app, demo, tmp_path):
    runner = app.test_cli_runner()
    book = tmp_path / "appendix.xlsx"
    result = runner.invoke(
        args=["export", "appendix", "bromley-social-prescribing", "-o", str(book)]
    )
    assert result.exit_code == 0, result.output
    assert "appendix table(s)" in result.output and book.exists()
    report = tmp_path / "report.html"
    result = runner.invoke(
        args=["export", "report", "bromley-social-prescribing", "-i", "patient", "-o", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "Base: all 40 responses to the patient survey" in report.read_text(encoding="utf-8")
    answers = tmp_path / "answers.csv"
    result = runner.invoke(
        args=["export", "answers", "bromley-social-prescribing", "-o", str(answers)]
    )
    assert result.exit_code == 0 and answers.read_text().startswith("response_id,")
    bad = runner.invoke(args=["export", "report", "nope", "-o", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 1


def test_an_edit_is_audited_and_flagged_when_the_numbers_change(staff, app, session):
    from sqlalchemy import select

    from surveyapp.models import AuditEntry
    from surveyapp.services.demo import add_generated_response
    from surveyapp.services.studies import get_study, study_definitions

    page = staff.get(f"{FINDINGS}?i=patient").get_data(as_text=True)
    fields = hidden_fields(page)
    bogus = staff.post(
        f"{FINDINGS}/edit", data={"csrf_token": fields["csrf_token"], "key": "x" * 500, "text": "y"}
    )
    assert bogus.status_code == 400
    staff.post(
        f"{FINDINGS}/edit",
        data={"csrf_token": fields["csrf_token"], "key": fields["key"], "text": "Mine."},
    )
    entry = session.scalar(select(AuditEntry).filter_by(subject="study"))
    assert entry.changes["text"][1] == "Mine." and entry.user_id is not None
    assert "The answers have changed" not in staff.get(FINDINGS).get_data(as_text=True)
    import datetime as dt
    import random

    with app.app_context():
        study = get_study(session, "bromley-social-prescribing")
        patient = next(d for d in study_definitions(session, study) if d.key == "patient")
        version = next(i for i in study.instruments if i.questionnaire_version.key == "patient")
        rng = random.Random(1)
        when = dt.datetime(2023, 3, 1, tzinfo=dt.UTC)
        for _ in range(5):
            add_generated_response(
                session, study, patient, version.questionnaire_version_id, rng, "paper", when
            )
        session.commit()
    assert "The answers have changed" in staff.get(FINDINGS).get_data(as_text=True)
