"""The recommendation tracker through the staff pages: record, send, respond, act, review; the
dashboard derives each status from the dates; every change is audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from surveyapp.models import AuditEntry, Dispatch, Recommendation, Report
from tests.helpers import hidden_fields, login

TRACKER = "/staff/tracker"


@pytest.fixture
def staff(client, make_user):
    make_user("staff")
    login(client, "staff@example.org")
    return client


def _post(client, page_url, action_url, data, prefix=""):
    page = client.get(page_url).get_data(as_text=True)
    fields = {k: v for k, v in hidden_fields(page).items() if k.startswith(prefix)}
    return client.post(action_url, data={**fields, **data})


def _date(name, day):
    return {name: [str(day.day), str(day.month), str(day.year)]}


def _status(html, dispatch_id):
    row = re.search(rf'data-dispatch="{dispatch_id}".*?data-status="(\w+)">(.*?)</td>', html, re.S)
    return row.group(1), re.sub(r"<[^>]+>", " ", row.group(2)).split()


def test_a_report_from_record_to_review(staff, session):
    client = staff
    _post(
        client,
        f"{TRACKER}/organisations",
        f"{TRACKER}/organisations",
        {"name": "NHS Example ICB", "kind": "ICB"},
    )
    _post(
        client, f"{TRACKER}/organisations", f"{TRACKER}/organisations", {"name": "Example Council"}
    )
    new = _post(
        client,
        f"{TRACKER}/reports/new",
        f"{TRACKER}/reports/new",
        {"title": "Access to GP appointments", **_date("published_on", dt.date(2023, 7, 4))},
    )
    report_url = new.headers["Location"]
    report_id = int(report_url.rsplit("/", 1)[1])
    organisations = dict(
        re.findall(
            r'value="(\d+)"[^>]*>\s*<label[^>]*>\s*([^<]+?)\s*</label>',
            client.get(report_url).get_data(as_text=True),
        )
    )
    icb = next(k for k, v in organisations.items() if v == "NHS Example ICB")

    added = _post(
        client,
        report_url,
        f"{report_url}/recommendations",
        {"number": "1", "text": "Publish waiting times.", "organisations": [icb]},
        prefix="csrf",
    )
    assert added.status_code == 302
    pasted = _post(
        client,
        report_url,
        f"{report_url}/import",
        {
            "pasted": "1. Publish waiting times.\n2. Train receptionists.\nOffer evening slots.",
            "organisations": [icb],
        },
        prefix="csrf",
    )
    assert pasted.status_code == 302
    page = client.get(report_url).get_data(as_text=True)
    assert "2 recommendation(s) imported." in page
    assert "already has a recommendation 1; not imported again" in page
    numbers = session.scalars(select(Recommendation.number).order_by(Recommendation.number)).all()
    assert numbers == [1, 2, 3]

    rec2 = session.scalar(select(Recommendation).filter_by(number=2))
    evidence = _post(
        client,
        report_url,
        f"{report_url}/recommendations/{rec2.id}/evidence",
        {
            f"evidence{rec2.id}-kind": "table",
            f"evidence{rec2.id}-label": "Appendix 6",
            f"evidence{rec2.id}-base_n": "4",
        },
        prefix=f"evidence{rec2.id}",
    )
    assert evidence.status_code == 302
    assert "Few answers" in client.get(report_url).get_data(as_text=True)

    sent = _post(
        client,
        report_url,
        f"{report_url}/send",
        {"organisation_id": icb, **_date("sent_on", dt.date(2023, 7, 4))},
        prefix="csrf",
    )
    assert sent.status_code == 302
    assert "a response is due by 1 August 2023 (20 working days)" in client.get(
        report_url
    ).get_data(as_text=True)
    dispatch = session.scalar(select(Dispatch))

    colour, words = _status(
        client.get(f"{TRACKER}/?as_of=2023-07-24").get_data(as_text=True), dispatch.id
    )
    assert colour == "green" and "6 working days" in " ".join(words)
    colour, words = _status(
        client.get(f"{TRACKER}/?as_of=2023-08-04").get_data(as_text=True), dispatch.id
    )
    assert colour == "red" and "3 working days overdue" in " ".join(words)

    response_url = f"{TRACKER}/dispatches/{dispatch.id}/response"
    recs = {r.number: r.id for r in session.scalars(select(Recommendation))}
    answered = _post(
        client,
        response_url,
        response_url,
        {
            **_date("received_on", dt.date(2023, 8, 14)),
            "general_response": "We welcome the report.",
            f"answer_{recs[1]}": "Waiting times are published monthly.",
            f"stance_{recs[1]}": "already_in_place",
            f"answer_{recs[2]}": "Training will start in the autumn.",
            f"stance_{recs[2]}": "accepted",
            f"stance_{recs[3]}": "no_response",
        },
        prefix="csrf",
    )
    assert answered.status_code == 302
    colour, words = _status(
        client.get(f"{TRACKER}/?as_of=2023-08-15").get_data(as_text=True), dispatch.id
    )
    assert colour == "amber"
    assert "no answer yet to recommendation 3" in " ".join(words), words

    session.expire_all()
    answer2 = next(
        a for a in session.scalar(select(Dispatch)).answers if a.recommendation_id == recs[2]
    )
    acted = _post(
        client,
        response_url,
        f"{TRACKER}/responses/{answer2.id}/actions",
        {
            f"action{answer2.id}-description": "Train every receptionist",
            f"action{answer2.id}-owner": "ICB training lead",
            **_date(f"action{answer2.id}-due_on", dt.date(2023, 12, 1)),
        },
        prefix=f"action{answer2.id}",
    )
    assert acted.status_code == 302
    session.expire_all()
    action = next(a for x in session.scalar(select(Dispatch)).answers for a in x.actions)
    reviewed = _post(
        client,
        response_url,
        f"{TRACKER}/actions/{action.id}/reviews",
        {
            **_date(f"review{action.id}-reviewed_on", dt.date(2024, 1, 15)),
            f"review{action.id}-state": "done",
            f"review{action.id}-impact": "Fewer complaints about reception.",
        },
        prefix=f"review{action.id}",
    )
    assert reviewed.status_code == 302
    html = client.get(response_url).get_data(as_text=True)
    assert "Fewer complaints about reception." in html

    history = client.get(f"{report_url}/history").get_data(as_text=True)
    for what in (
        "Sent to NHS Example ICB",
        "Response from NHS Example ICB",
        "Action promised",
        "Review of action",
    ):
        assert what in history
    assert "staff@example.org" in history
    entries = session.scalars(select(AuditEntry).filter_by(report_id=report_id)).all()
    assert all(e.user_id is not None for e in entries)


def test_mistakes_are_explained_and_typed_values_kept(staff, session):
    client = staff
    new = _post(
        client,
        f"{TRACKER}/reports/new",
        f"{TRACKER}/reports/new",
        {"title": "", "published_on": ["30", "2", "2023"]},
    )
    html = new.get_data(as_text=True)
    assert new.status_code == 400
    assert "Enter the report&#39;s title" in html and "Enter a real date" in html
    assert 'value="30"' in html


def test_recommendations_import_from_a_file_once(staff, session):
    import io

    from openpyxl import Workbook

    from surveyapp.services import tracker as records

    report = records.create_report(session, "From a list", None, None, None)
    url = f"{TRACKER}/reports/{report.id}"
    book = Workbook()
    sheet = book.active
    sheet.append(["Number", "Recommendation"])
    sheet.append([1, "Publish waiting times."])
    sheet.append([2, "=cmd|' /C calc'!A0"])
    data = io.BytesIO()
    book.save(data)
    page = staff.get(url).get_data(as_text=True)
    fields = {k: v for k, v in hidden_fields(page).items() if k.startswith("csrf")}
    for _ in range(2):
        upload = (io.BytesIO(data.getvalue()), "recommendations.xlsx")
        response = staff.post(
            f"{url}/import",
            data={**fields, "upload": upload},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
    session.expire_all()
    texts = {r.number: r.text for r in session.scalars(select(Recommendation))}
    assert texts == {1: "Publish waiting times.", 2: "=cmd|' /C calc'!A0"}
    assert "already has a recommendation 2" in staff.get(url).get_data(as_text=True)


def test_the_response_form_and_workbook_hold_every_recommendation_and_answer(staff, session):
    import io

    from docx import Document
    from openpyxl import load_workbook

    from surveyapp.services.tracker_demo import load_demo_tracker

    load_demo_tracker(session, None)
    report = session.scalar(select(Report))
    recommendations = session.scalars(select(Recommendation).order_by(Recommendation.number)).all()
    answers = {a.recommendation_id: a.answer for a in session.scalar(select(Dispatch)).answers}

    docx = staff.get(f"{TRACKER}/reports/{report.id}/response-form.docx")
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.data))
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for r in recommendations:
        assert f"Recommendation {r.number}" in text
        assert r.text in text
        assert answers[r.id].split("\n")[0].strip() in text

    xlsx = staff.get(f"{TRACKER}/tracker.xlsx?as_of=2023-08-15")
    book = load_workbook(io.BytesIO(xlsx.data))
    cells = [
        str(c.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.value
    ]
    for r in recommendations:
        assert r.text in cells
        assert answers[r.id] in cells
    reports_sheet = [list(row) for row in book["Reports"].iter_rows(values_only=True)]
    assert any("South East London Integrated Care Board" in row for row in reports_sheet)
    assert any(9 in row for row in reports_sheet)  # working days late, from the statutory date
