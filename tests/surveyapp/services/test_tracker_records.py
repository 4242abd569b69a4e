"""The tracker's records: the Bromley demo as read from the report, and the audit of changes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from analysis.bank_holidays import bank_holidays
from surveyapp.models import AuditEntry, Dispatch, Recommendation
from surveyapp.services import tracker
from surveyapp.services.demo import load_demo_tracker
from surveyapp.services.tracker import dashboard, small_base, view_dispatch

ENGLAND = bank_holidays("ENG")
SMALL_BASE = 10  # the app's default threshold


def test_the_bromley_report_as_published(app, session):
    load_demo_tracker(session, None, ENGLAND)
    recommendations = session.scalars(select(Recommendation).order_by(Recommendation.number)).all()
    assert [r.number for r in recommendations] == list(range(1, 12))
    dispatch = session.scalar(select(Dispatch))
    assert dispatch.organisation.name == "South East London Integrated Care Board"
    assert dispatch.sent_on == dt.date(2023, 7, 4) and dispatch.received_on == dt.date(2023, 8, 14)
    assert len(dispatch.answers) == 11
    view = view_dispatch(dispatch, dt.date(2023, 8, 15), ENGLAND)
    assert view.timing.deadline == dt.date(2023, 8, 1)
    assert view.timing.working_days_late == 9
    assert view.timing.met_extension is True
    # The ICB's promises carry no dates: the tracker says so rather than calling it done.
    assert view.status.colour == "amber" and "with no due date" in view.status.reason
    # Recommendation 6 rested on four respondents, as the ICB's reply objected.
    six = recommendations[5]
    assert small_base(six, SMALL_BASE) and min(e.base_n for e in six.evidence if e.base_n) == 4
    assert "already loaded" in load_demo_tracker(session, None, ENGLAND)


def test_a_response_recorded_twice_audits_only_what_changed(app, session, make_user):
    user = make_user("staff")
    organisation = tracker.create_organisation(session, "Example ICB")
    report = tracker.create_report(session, "Report", None, None, user)
    first = tracker.add_recommendation(session, report, 1, "Do a thing.", [organisation.id], user)
    dispatch = tracker.send_report(session, report, organisation.id, dt.date(2024, 3, 28), user)
    answer = [tracker.RecommendationAnswer(first.id, "We will.", "accepted")]
    tracker.record_response(session, dispatch, dt.date(2024, 4, 29), "Thanks", answer, user)
    before = len(session.scalars(select(AuditEntry)).all())
    tracker.record_response(session, dispatch, dt.date(2024, 4, 29), "Thanks", answer, user)
    assert len(session.scalars(select(AuditEntry)).all()) == before
    changed = [tracker.RecommendationAnswer(first.id, "We will, partly.", "partly_accepted")]
    tracker.record_response(session, dispatch, dt.date(2024, 4, 29), "Thanks", changed, user)
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last.changes == {
        "answer": ["We will.", "We will, partly."],
        "stance": ["accepted", "partly_accepted"],
    }
    assert last.user_id == user.id
    # Sent before Easter 2024: due Mon 29 Apr (Good Friday and Easter Monday skipped).
    sent = view_dispatch(dispatch, dt.date(2024, 5, 1), ENGLAND)
    assert sent.timing.deadline == dt.date(2024, 4, 29)
    rows = dashboard(session, dt.date(2024, 5, 1), ENGLAND, organisation.id)
    assert [v.status.colour for v in rows[0].dispatches] == ["green"]
    tracker.record_extension(
        session, dispatch, dt.date(2024, 5, 3), "Purdah", user, holidays=ENGLAND
    )
    tracker.record_response(session, dispatch, dt.date(2024, 5, 2), "Thanks", changed, user)
    view = view_dispatch(dispatch, dt.date(2024, 5, 7), ENGLAND)
    assert view.timing.working_days_late == 3  # 30 Apr, 1 May, 2 May
    assert "within the agreed extension" in view.status.reason


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda s, r, o, d: tracker.send_report(s, r, o.id, dt.date(2024, 1, 2), None),
            "already been sent",
        ),
        (
            lambda s, r, o, d: tracker.record_extension(
                s, d, dt.date(2024, 3, 1), " ", None, holidays=ENGLAND
            ),
            "Give the reason",
        ),
        (
            lambda s, r, o, d: tracker.record_response(s, d, dt.date(2023, 12, 1), None, [], None),
            "before the report was sent",
        ),
        (
            lambda s, r, o, d: tracker.add_recommendation(s, r, 1, "Again", [], None),
            "already has a recommendation 1",
        ),
        (
            lambda s, r, o, d: tracker.record_extension(
                s, d, dt.date(2024, 1, 20), "x", None, holidays=ENGLAND
            ),
            "after the statutory deadline",
        ),
    ],
)
def test_impossible_records_are_refused_with_a_reason(app, session, call, message):
    organisation = tracker.create_organisation(session, "Example ICB")
    report = tracker.create_report(session, "Report", None, None, None)
    tracker.add_recommendation(session, report, 1, "Do a thing.", [organisation.id], None)
    dispatch = tracker.send_report(session, report, organisation.id, dt.date(2024, 1, 2), None)
    with app.app_context(), pytest.raises(tracker.TrackerError, match=message):
        call(session, report, organisation, dispatch)


def test_recommendation_files_keep_every_row_but_a_heading():
    from surveyapp.services.tracker.lists import lines_from_file

    csv = b"Number,Recommendation\n1,Publish waiting times.\n2,Train staff\n"
    assert lines_from_file("list.csv", csv) == "1. Publish waiting times.\n2. Train staff"
    no_heading = b"1,Number of link workers should rise.\n"
    assert lines_from_file("list.csv", no_heading) == "1. Number of link workers should rise."
    assert lines_from_file("list.txt", "Caf\xe9 hours".encode("cp1252")) == "Caf\xe9 hours"
    with pytest.raises(tracker.TrackerError, match=r"not a \.txt, \.csv or \.xlsx"):
        lines_from_file("list.pdf", b"%PDF")
    # A binary file named .txt, and a NUL in a line: said, never a fault.
    with pytest.raises(tracker.TrackerError, match="could not be read as text"):
        lines_from_file("photo.txt", bytes(range(256)) * 20)
    with pytest.raises(tracker.TrackerError, match=r"invisible character \(U\+0000 NULL\)"):
        lines_from_file("list.txt", b"1. Publish\x00 waiting times.\n")
