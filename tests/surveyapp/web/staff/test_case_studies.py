"""Case studies of the demo's service evaluation and its report: written against a referral,
shown anonymised, approved only with consent recorded, withdrawn when changed, and printed by the
report (HTML and Word) once approved, on both databases."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document
from sqlalchemy import select

from surveyapp.models import CaseStudy
from tests.conftest import demo_once
from tests.helpers import login, wait_for_job

STUDY = "/staff/studies/wellbeing-evaluation"
CASES = f"{STUDY}/evaluation/case-studies"


@pytest.fixture
def staff(app, client, backend, demo_rows):
    demo_once(app, backend, demo_rows, patient_responses=5, seed=2)
    login(client, "staff@example.org", "demo-password-2023")
    return client


def _form(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _case(client, **fields):
    values = {
        "referral_id": "OW-00010",
        "title": "Back in touch",
        "about": "",
        "needs": "Loneliness after moving to 12 Harrow Road.",
        "support": "Lucy Adeyemi took her to the community café; call 07700 900123 for the group.",
        "on_discharge": "Goes to the café every week.",
        "own_words": "I have friends again.",
        "consent_on": ["", "", ""],
        "consent_how": "",
        **fields,
    }
    values["csrf_token"] = _form(client, f"{CASES}/new")
    return client.post(f"{CASES}/new", data=values)


def _file(client, url):
    asked = client.get(url)
    if asked.status_code in (302, 303) and "/jobs/" in asked.headers["Location"]:
        job = asked.headers["Location"]
        assert wait_for_job(lambda u: client.get(u).get_json(), job)["state"] == "done"
        asked = client.get(f"{job}/file")
    assert asked.status_code == 200, asked.status_code
    return asked


def test_a_case_study_is_written_shown_anonymised_and_approved_only_with_consent(
    staff, app, session
):
    refused = _case(staff, referral_id="NOT-A-REFERRAL")
    assert refused.status_code == 400
    said = refused.get_data(as_text=True)
    assert "There is no referral" in said and "NOT-A-REFERRAL" in said
    assert "Lucy Adeyemi took her" in said  # what was typed is kept
    missing = _case(staff, needs="")
    assert missing.status_code == 400 and "Describe the person" in missing.get_data(as_text=True)

    made = _case(staff)
    assert made.status_code == 303
    url = made.headers["Location"]
    page = staff.get(url).get_data(as_text=True)
    shown = page.split('id="published-as"')[1].split("</div>")[0]
    assert "07700 900123" not in shown and "Lucy Adeyemi" not in shown
    assert "community café" in shown and "Not approved" in page

    token = _form(staff, url)
    no_consent = staff.post(f"{url}/decision", data={"decision": "approve", "csrf_token": token})
    assert no_consent.status_code == 400
    assert "Record the date the person gave their consent" in no_consent.get_data(as_text=True)

    with_consent = {
        "csrf_token": token,
        "referral_id": "OW-00010",
        "title": "Back in touch",
        "needs": "Loneliness.",
        "support": "The community café.",
        "consent_on": ["2", "3", "2022"],
        "consent_how": "signed form",
    }
    future = dict(with_consent, consent_on=["2", "3", str(dt.date.today().year + 1)])
    assert staff.post(url, data=future).status_code == 400
    assert staff.post(url, data=with_consent).status_code == 303
    approved = staff.post(f"{url}/decision", data={"decision": "approve", "csrf_token": token})
    assert approved.status_code == 303
    with app.app_context():
        case = session.scalars(select(CaseStudy).where(CaseStudy.referral_id == "OW-00010")).one()
        assert case.approved_at is not None and case.consent_on == dt.date(2022, 3, 2)
    # A change withdraws the approval: what is published is what someone approved.
    changed = dict(with_consent, support="The community café and a walking group.")
    assert staff.post(url, data=changed).status_code == 303
    assert "Not approved" in staff.get(url).get_data(as_text=True)
    listing = staff.get(CASES).get_data(as_text=True)
    assert "Back in touch" in listing and listing.count("Approved") == 2  # the demo's two


def test_the_report_prints_the_approved_case_studies_and_every_table(staff):
    period = "from=2021-03-01&to=2022-03-31"
    html = _file(staff, f"{STUDY}/evaluation-report.html?{period}").get_data(as_text=True)
    assert "<h1>Wellbeing" in html and "1 March 2021 to 31 March 2022" in html
    for heading in ("Service at a glance", "Referrals", "Waiting for a first contact",
                    "Caseloads against capacity", "Length of support", "Needs and support",
                    "Who is reached", "Case studies", "Appendix: tables"):  # fmt: skip
        assert f">{heading}" in html, heading
    assert "A family at risk of homelessness" in html and "From isolation to volunteering" in html
    assert html.count("data:image/png;base64,") >= 6
    assert "Table 1: Referrals by PCN" in html
    assert "<script" not in html  # a file that opens anywhere, nothing to run

    word = Document(io.BytesIO(_file(staff, f"{STUDY}/evaluation-report.docx?{period}").data))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "From isolation to volunteering" in text and "Best day out" in text
    assert len(word.inline_shapes) >= 6
    described = [s._inline.docPr.get("descr") for s in word.inline_shapes]
    assert all(d and re.search(r"\d", d) for d in described)  # every chart said in numbers
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert captions[1].startswith("Table 1: Referrals by PCN")
    assert sum(1 for c in captions if c.startswith("Table ")) == len(word.tables) - 1

    # Withdrawn, a case study leaves the report (the file is made again: it depends on them).
    cases = staff.get(CASES).get_data(as_text=True)
    first = re.search(r'href="(/staff/studies/[^"]+/case-studies/\d+)"', cases).group(1)
    token = _form(staff, first)
    staff.post(f"{first}/decision", data={"decision": "withdraw", "csrf_token": token})
    again = _file(staff, f"{STUDY}/evaluation-report.html?{period}").get_data(as_text=True)
    assert again.count("<article>") == 1
