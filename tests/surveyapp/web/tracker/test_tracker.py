"""The recommendation tracker through the staff pages: record, send, respond, act, review; the
dashboard derives each status from the dates; every change is audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from surveyapp.models import AuditEntry, Dispatch, Organisation, Recommendation, Report
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
    assert "No answer yet to recommendation 3" in " ".join(words), words

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

    from surveyapp.services import tracker

    report = tracker.create_report(session, "From a list", None, None, None)
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


def test_the_response_form_and_workbook_hold_every_recommendation_and_answer(staff, session, app):
    import io

    from docx import Document
    from openpyxl import load_workbook

    from surveyapp.services.demo import load_demo_tracker

    with app.app_context():
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


@pytest.fixture
def sent_report(session, app):
    from surveyapp.services import tracker

    with app.app_context():
        icb = tracker.create_organisation(session, "Example ICB")
        report = tracker.create_report(session, "Waiting times", None, None, None)
        tracker.add_recommendation(session, report, 1, "Publish them.", [icb.id], None)
        dispatch = tracker.send_report(session, report, icb.id, dt.date(2023, 7, 4), None)
    return report, dispatch, icb


def test_a_slip_in_a_year_is_refused_not_stored(staff, session, sent_report):
    report, _dispatch, _icb = sent_report
    url = f"{TRACKER}/reports/{report.id}"
    other = _post(
        staff, f"{TRACKER}/organisations", f"{TRACKER}/organisations", {"name": "Council"}
    )
    assert other.status_code == 302
    council = session.scalar(select(Organisation).filter_by(name="Council"))
    response = _post(
        staff,
        url,
        f"{url}/send",
        {"organisation_id": str(council.id), "sent_on": ["20", "12", "9999"]},
        prefix="csrf",
    )
    assert response.status_code == 400
    assert "Date sent must be between 2000 and" in response.get_data(as_text=True)
    assert staff.get(f"{TRACKER}/").status_code == 200
    assert staff.get(f"{TRACKER}/?as_of=9999-12-31").status_code == 200


def test_tampered_or_impossible_input_is_answered_not_crashed(staff, session, sent_report):
    report, _dispatch, _icb = sent_report
    url = f"{TRACKER}/reports/{report.id}"
    tampered = _post(
        staff,
        url,
        f"{url}/recommendations",
        {"number": "2", "text": "More.", "organisations": ["abc"]},
        prefix="csrf",
    )
    assert tampered.status_code == 400
    assert "Choose organisations from the list" in tampered.get_data(as_text=True)
    huge = _post(
        staff, url, f"{url}/recommendations", {"number": "1e30", "text": "x"}, prefix="csrf"
    )
    assert huge.status_code == 400
    assert staff.get(f"{TRACKER}/reports/99999999999999999999").status_code == 404
    assert staff.get(f"{TRACKER}/?organisation=%C2%B2").status_code == 200
    assert (
        staff.get(f"{TRACKER}/reports/{report.id}/response-form.docx?dispatch=424242").status_code
        == 404
    )


def test_looking_back_shows_the_reply_as_not_yet_received(staff, session, sent_report, app):
    from surveyapp.services import tracker

    _report, dispatch, _icb = sent_report
    with app.app_context():
        tracker.record_response(session, dispatch, dt.date(2023, 8, 14), None, [], None)
    before = staff.get(f"{TRACKER}/?as_of=2023-07-20&show=all").get_data(as_text=True)
    assert "14 Aug 2023" not in before and "not yet" in before


def test_closed_reports_leave_the_default_view(staff, session, sent_report, app):
    from surveyapp.services import tracker

    report, dispatch, _icb = sent_report
    rec = report.recommendations[0]
    with app.app_context():
        answer = tracker.RecommendationAnswer(rec.id, "Done already.", "already_in_place")
        tracker.record_response(session, dispatch, dt.date(2023, 7, 20), None, [answer], None)
    open_view = staff.get(f"{TRACKER}/?as_of=2023-08-01").get_data(as_text=True)
    assert "Waiting times" not in open_view and "No open reports." in open_view
    every = staff.get(f"{TRACKER}/?as_of=2023-08-01&show=all").get_data(as_text=True)
    assert "Waiting times" in every


def test_corrections_are_possible_and_audited(staff, session, sent_report, app):
    from surveyapp.services import tracker

    report, dispatch, _icb = sent_report
    url = f"{TRACKER}/reports/{report.id}"
    corrected = _post(
        staff,
        url,
        f"{TRACKER}/dispatches/{dispatch.id}/sent-on",
        {
            f"correct{dispatch.id}-sent_on": ["5", "7", "2023"],
            f"correct{dispatch.id}-reason": "Typed the wrong day",
        },
        prefix=f"correct{dispatch.id}",
    )
    assert corrected.status_code == 302
    session.expire_all()
    assert session.get(Dispatch, dispatch.id).sent_on == dt.date(2023, 7, 5)
    with app.app_context():
        answer = tracker.RecommendationAnswer(report.recommendations[0].id, "Yes.", "accepted")
        tracker.record_response(session, dispatch, dt.date(2023, 8, 1), None, [answer], None)
        response = session.get(Dispatch, dispatch.id).answers[0]
        action = tracker.add_action(session, response.id, "Publish monthly", None, None, None)
    edit_url = f"{TRACKER}/actions/{action.id}/edit"
    page = staff.get(edit_url).get_data(as_text=True)
    assert "Publish monthly" in page
    edited = staff.post(
        edit_url,
        data={
            **hidden_fields(page),
            "description": "Publish monthly",
            "owner": "Comms team",
            "due_on": ["1", "12", "2023"],
        },
    )
    assert edited.status_code == 302
    entries = session.scalars(select(AuditEntry).filter_by(report_id=report.id)).all()
    whats = [e.what for e in entries]
    assert any("Date sent to Example ICB corrected: Typed the wrong day" in w for w in whats)
    changed = next(e for e in entries if e.what.startswith("Action on recommendation 1 changed"))
    assert changed.changes["due_on"] == [None, "2023-12-01"]
    assert changed.changes["owner"] == [None, "Comms team"]
    assert all(e.user_id for e in entries if "corrected" in e.what or "changed" in e.what)


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        (
            "We recommend that:\n- PCNs develop a strategy.\n- SEL ICB trains staff.",
            {1: "PCNs develop a strategy.", 2: "SEL ICB trains staff."},
        ),
        (
            "Recommendation 5\nPublish the list.\nRecommendation 6: Train staff.",
            {5: "Publish the list.", 6: "Train staff."},
        ),
        (
            "3.Train staff\n10 minute appointments are too short.",
            {3: "Train staff", 4: "10 minute appointments are too short."},
        ),
    ],
)
def test_pasted_lists_as_reports_print_them(session, app, pasted, expected):
    from surveyapp.services import tracker

    with app.app_context():
        report = tracker.create_report(session, "List", None, None, None)
        result = tracker.import_recommendations(session, report, pasted, [], None)
    assert {r.number: r.text for r in report.recommendations} == expected
    assert result.problems == []


def test_named_contacts_are_kept_with_their_organisation(staff, session):
    _post(staff, f"{TRACKER}/organisations", f"{TRACKER}/organisations", {"name": "Example ICB"})
    icb = session.scalar(select(Organisation))
    page = staff.get(f"{TRACKER}/organisations").get_data(as_text=True)
    added = staff.post(
        f"{TRACKER}/organisations",
        data={
            **{k: v for k, v in hidden_fields(page).items() if k.startswith("contact-")},
            "contact-organisation_id": str(icb.id),
            "contact-name": "Dr A Example",
            "contact-role": "Borough director",
        },
    )
    assert added.status_code == 302
    assert "Dr A Example (Borough director)" in staff.get(f"{TRACKER}/organisations").get_data(
        as_text=True
    )
