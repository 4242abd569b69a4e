"""A study with answered forms, the demo tracker, and a token of each kind, for the API's tests."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from benchmarks.online_submission import PAGE1
from surveyapp.extensions import db
from surveyapp.models import User
from surveyapp.services.api import create_token, revoke_token
from tests.helpers import hidden_fields

#: Left by every respondent of the fixture; must never come out of the API.
CONTACT = "Zebedee Contactable-Person"
RESPONSES = 5


def _answer(client, slug: str) -> None:
    """A patient's whole online form, leaving their name to be contacted."""
    url = f"/s/{slug}/patient"
    for answers in (PAGE1, {}, {"contact_name": CONTACT}):
        form = hidden_fields(client.get(url).get_data(as_text=True))
        posted = client.post(url, data={**form, **answers})
        assert posted.status_code == 302, posted.get_data(as_text=True)[:300]
        url = posted.headers["Location"]


@pytest.fixture
def world(app, published, make_user):
    """Study ``bromley`` with five answered patient forms, the demo tracker, and tokens: a
    staff member's, a volunteer's, a revoked one, an expired one."""
    from surveyapp.services.demo import load_demo_tracker

    published("bromley", "patient/v1")
    for _ in range(RESPONSES):
        _answer(app.test_client(), "bromley")
    secrets = {}
    for role in ("staff", "volunteer", "admin"):
        make_user(role)
    with app.app_context():
        load_demo_tracker(db.session, None)
        users = {u.role: u for u in db.session.scalars(select(User))}
        secrets["staff"] = create_token(db.session, users["staff"], "script", None).secret
        secrets["volunteer"] = create_token(db.session, users["volunteer"], "mine", 30).secret
        revoked = create_token(db.session, users["staff"], "old", None)
        revoke_token(db.session, revoked.token.id, users["staff"])
        secrets["revoked"] = revoked.secret
        expired = create_token(db.session, users["staff"], "short", 1)
        expired.token.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        db.session.commit()
        secrets["expired"] = expired.secret
    return secrets
