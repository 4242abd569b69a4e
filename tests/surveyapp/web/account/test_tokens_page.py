"""The API tokens page as a person uses it: a token made is shown once in full and works; the
list shows it by name and first characters only; revoking it stops it; mistakes are said and
what was typed is kept; admins see and revoke anyone's tokens, nobody else can."""

from __future__ import annotations

import re

from sqlalchemy import select

from surveyapp.models import ApiToken, User
from tests.helpers import hidden_fields, login, submit_form

TOKEN = re.compile(r'value="(hwt_[A-Za-z0-9_-]{43})"')


def _make(client, name: str, days: str = "") -> str:
    made = submit_form(client, "/account/tokens", {"name": name, "days": days})
    html = made.get_data(as_text=True)
    assert made.status_code == 200, html[:500]
    assert "Copy it now" in html and "will not be shown again" in html
    return TOKEN.search(html).group(1)


def _api(client, secret: str):
    return client.get("/api/v1/studies", headers={"Authorization": f"Bearer {secret}"})


def test_a_token_is_shown_once_works_and_stops_when_revoked(client, make_user, session):
    make_user("staff")
    login(client, "staff@example.org")
    secret = _make(client, "Weekly dashboard", "30")
    assert _api(client.application.test_client(), secret).status_code == 200
    page = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in page  # never again
    stored = session.scalar(select(ApiToken))
    assert stored.token_sha256 != secret and secret not in (stored.prefix, stored.name)
    assert "Weekly dashboard" in page and f"{stored.prefix}…" in page and "Works" in page
    assert secret.startswith(stored.prefix)
    revoked = client.post(f"/account/tokens/{stored.id}/revoke", data=hidden_fields(page))
    assert revoked.status_code == 302 and revoked.headers["Location"].endswith("/account/tokens")
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "is revoked: it no longer works" in page and "Revoked" in page
    got = _api(client.application.test_client(), secret)
    assert got.status_code == 401 and got.get_json()["error"]["code"] == "revoked_token"


def test_mistakes_are_said_and_what_was_typed_is_kept(client, make_user, session):
    make_user("volunteer")
    login(client, "volunteer@example.org")
    for name, days, message in [
        ("", "", "Enter a name for the token"),
        ("My script", "soon", "whole number from 1 to 365"),
        ("My script", "400", "whole number from 1 to 365"),
        ("x" * 101, "", "100 characters or fewer"),
    ]:
        got = submit_form(client, "/account/tokens", {"name": name, "days": days})
        html = got.get_data(as_text=True)
        assert got.status_code == 400 and message in html, (name, days)
        assert "There is a problem" in html
        assert f'value="{name}"' in html if name else True
        assert TOKEN.search(html) is None
    assert session.scalar(select(ApiToken)) is None
    secret = _make(client, "Mine")  # a volunteer may make one: it reads no study data
    assert _api(client.application.test_client(), secret).status_code == 403


def test_only_its_owner_or_an_admin_revokes_a_token(client, make_user, session):
    for role in ("staff", "volunteer", "admin"):
        make_user(role)
    login(client, "staff@example.org")
    secret = _make(client, "Staff script")
    token_id = session.scalar(select(ApiToken.id))
    staff_id = session.scalar(select(User.id).filter_by(role="staff"))

    other = client.application.test_client()
    login(other, "volunteer@example.org")
    form = hidden_fields(other.get("/account/tokens").get_data(as_text=True))
    assert other.post(f"/account/tokens/{token_id}/revoke", data=form).status_code == 404
    assert _api(client.application.test_client(), secret).status_code == 200

    admin = client.application.test_client()
    login(admin, "admin@example.org")
    page = admin.get(f"/admin/users/{staff_id}").get_data(as_text=True)
    assert "Staff script" in page and "Works" in page
    revoked = admin.post(f"/account/tokens/{token_id}/revoke", data=hidden_fields(page))
    assert revoked.headers["Location"].endswith(f"/admin/users/{staff_id}")
    page = admin.get(f"/admin/users/{staff_id}").get_data(as_text=True)
    assert "is revoked" in page and "Revoked" in page
    assert _api(client.application.test_client(), secret).status_code == 401
    activity = admin.get("/admin/activity").get_data(as_text=True)
    assert "made API token" in activity and "revoked API token" in activity


def test_signing_in_is_needed(client):
    got = client.get("/account/tokens")
    assert got.status_code == 302 and "/login" in got.headers["Location"]
