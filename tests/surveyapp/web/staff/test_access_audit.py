"""Who saw the contact details people left, and who took a study's answers or findings away:
each view and download is recorded with who and when (sign-ins are kept in sign_in_attempt)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from questionnaires.dates import written_time
from surveyapp.models import AuditEntry, User
from tests.helpers import hidden_fields, login


def test_contact_views_and_downloads_are_recorded_with_who(client, published, make_user, session):
    published("bromley", "patient/v1")
    make_user("staff")
    login(client, "staff@example.org")
    assert client.get("/staff/studies/bromley/contacts").status_code == 200
    assert client.get("/staff/studies/bromley/answers.csv").status_code == 200
    appendix = client.get("/staff/studies/bromley/findings/appendix.xlsx")
    assert appendix.status_code == 200 and appendix.data.startswith(b"PK")
    session.expire_all()
    staff = session.scalar(select(User).filter_by(email="staff@example.org"))
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.what for e in entries][:2] == [
        "viewed the contact details (0)",
        "downloaded bromley-answers.csv",
    ]
    assert entries[2].what.startswith("downloaded") and entries[2].what.endswith(".xlsx")
    assert {e.user_id for e in entries} == {staff.id}
    assert all(e.subject == "study" and e.at for e in entries)


def test_admins_read_who_saw_and_took_what(client, published, make_user, session):
    published("bromley", "patient/v1")
    make_user("staff")
    make_user("admin")
    login(client, "staff@example.org")
    client.get("/staff/studies/bromley/contacts")
    client.post("/logout", data=hidden_fields(client.get("/staff/").get_data(as_text=True)))
    login(client, "admin@example.org")
    page = client.get("/admin/activity").get_data(as_text=True)
    assert "staff@example.org" in page and "viewed the contact details (0)" in page
    assert "Bromley" in page or "bromley" in page
    staff_id = session.scalar(select(User.id).filter_by(email="staff@example.org"))
    token = hidden_fields(client.get(f"/admin/users/{staff_id}").get_data(as_text=True))
    client.post(f"/admin/users/{staff_id}/access", data={**token, "active": "no"})
    page = client.get("/admin/activity").get_data(as_text=True)
    assert "deactivated" in page
    assert page.count("staff@example.org") >= 2  # who looked, and whose account changed
    # When, in the organisation's clocks, written as people write it.
    at = session.scalars(select(AuditEntry.at).order_by(AuditEntry.id.desc())).first()
    assert written_time(at, ZoneInfo("Europe/London")) in page
