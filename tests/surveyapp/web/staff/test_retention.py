"""Contact details are kept until their own date, or sooner, the study's months after it closes;
the purge deletes them, study by study, and says so in the audit trail; staff see what is due
for deletion; ``surveyapp study close`` sets the day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from benchmarks.online_submission import PAGE1
from surveyapp.models import Answer, AuditEntry, ContactDetails, Study
from surveyapp.services.responses import months_after, purge_expired_contacts
from tests.helpers import hidden_fields, login

TODAY = dt.date.today()


def _left_contact(client, slug: str, name: str) -> None:
    url = f"/s/{slug}/patient"
    for answers in (PAGE1, {}, {"contact_name": name}):
        form = hidden_fields(client.get(url).get_data(as_text=True))
        url = client.post(url, data={**form, **answers}).headers["Location"]


@pytest.fixture
def two_studies(app, client, published):
    published("closed", "patient/v1")
    published("open", "patient/v1")
    for slug in ("closed", "open"):
        _left_contact(client.application.test_client(), slug, f"Someone at {slug}")


def _names(session) -> set[str]:
    session.expire_all()
    return {c.details["contact_name"] for c in session.scalars(select(ContactDetails))}


def test_a_closed_study_s_contacts_go_its_months_after_and_no_one_else_s(two_studies, session):
    closed = session.scalar(select(Study).filter_by(slug="closed"))
    closed.closes_on = months_after(TODAY, -13)  # closed 13 months ago; kept 12 months
    session.commit()
    answers_before = session.scalar(select(func.count(Answer.id)))
    assert purge_expired_contacts(session) == 1
    assert _names(session) == {"Someone at open"}  # its own date is a year away
    assert session.scalar(select(func.count(Answer.id))) == answers_before  # answers stay
    (entry,) = session.scalars(select(AuditEntry)).all()
    assert entry.subject_id == closed.id and entry.what.startswith("deleted 1 contact record")
    assert purge_expired_contacts(session) == 0  # nothing more, nothing recorded again
    assert session.scalar(select(func.count(AuditEntry.id))) == 1


def test_a_record_s_own_date_still_counts_in_an_open_study(two_studies, session):
    for contact in session.scalars(select(ContactDetails)):
        contact.retain_until = TODAY - dt.timedelta(days=1)
    session.commit()
    assert purge_expired_contacts(session) == 2
    assert _names(session) == set()


def test_staff_see_when_each_record_goes_and_what_is_due_soon(
    two_studies, client, make_user, session
):
    closed = session.scalar(select(Study).filter_by(slug="closed"))
    closed.closes_on = months_after(TODAY, -12) + dt.timedelta(days=10)  # gone in 10 days
    session.commit()
    make_user("staff")
    login(client, "staff@example.org")
    page = client.get("/staff/studies/closed/contacts").get_data(as_text=True)
    end = months_after(closed.closes_on, 12)
    assert "Due for deletion in the next 30 days (1)" in page
    assert end.strftime("%-d %B %Y") in page
    other = client.get("/staff/studies/open/contacts").get_data(as_text=True)
    assert "has no closing date yet" in other and "Due for deletion" not in other


def test_the_command_sets_the_closing_day_and_refuses_a_silly_retention(app, published, session):
    published("closed", "patient/v1")
    runner = app.test_cli_runner()
    done = runner.invoke(
        args=["study", "close", "closed", "--on", "2027-01-31", "--keep-contacts-months", "1"]
    )
    assert done.exit_code == 0, done.output
    assert "kept until 28 February 2027 at the latest" in done.output
    session.expire_all()
    assert session.scalar(select(Study.closes_on)) == dt.date(2027, 1, 31)
    refused = runner.invoke(args=["study", "close", "closed", "--keep-contacts-months", "0"])
    assert refused.exit_code == 1 and "1 to 120 months" in refused.output


def test_months_after_keeps_to_the_month_s_last_day():
    assert months_after(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert months_after(dt.date(2023, 11, 15), 3) == dt.date(2024, 2, 15)
    assert months_after(dt.date(2024, 3, 31), -13) == dt.date(2023, 2, 28)
