"""Sign-ins live on the server: signing out, a new password or a deactivated account ends them
everywhere (a copied cookie opens nothing), idle and old ones end by themselves; wrong
passwords are throttled per account and per address, the password then not even checked."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import select, update

from surveyapp.models import SignIn, SignInAttempt, User
from tests.helpers import PASSWORD, hidden_fields, login, submit_form

STAFF = "staff@example.org"


@pytest.fixture
def staff(make_user):
    return make_user("staff", STAFF)


def _signed_in(client) -> bool:
    return client.get("/staff/").status_code == 200


def _admin_post(admin, user, action, data):
    """What the admin's button on ``user``'s page posts to ``/admin/users/<id>/<action>``."""
    token = hidden_fields(admin.get(f"/admin/users/{user.id}").get_data(as_text=True))
    return admin.post(
        f"/admin/users/{user.id}/{action}",
        data={"csrf_token": token["csrf_token"], **data},
        follow_redirects=True,
    )


def _wrong(client, email=STAFF):
    return submit_form(client, "/login", {"email": email, "password": "not the password!"})


def test_a_cookie_kept_from_before_signing_out_opens_nothing(app, client, staff, session):
    login(client, STAFF)
    saved = client.get_cookie("session").value
    form = hidden_fields(client.get("/staff/").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": form["csrf_token"]})
    assert not _signed_in(client)
    client.set_cookie("session", saved)  # replayed, as someone who copied it would
    assert not _signed_in(client)
    assert session.scalar(select(SignIn.ended_why)) == "signed out"


def test_deactivating_an_account_signs_it_out_on_every_device(app, make_user, staff, session):
    make_user("admin")
    laptop, phone, admin = app.test_client(), app.test_client(), app.test_client()
    login(laptop, STAFF)
    login(phone, STAFF)
    login(admin, "admin@example.org")
    done = _admin_post(admin, staff, "access", {"active": "no"})
    assert "can no longer sign in, and was signed out everywhere" in done.get_data(as_text=True)
    assert not _signed_in(laptop) and not _signed_in(phone)
    refused = submit_form(laptop, "/login", {"email": STAFF, "password": PASSWORD})
    assert refused.status_code == 400
    assert set(session.scalars(select(SignIn.ended_why).where(SignIn.user_id == staff.id))) == {
        "deactivated"
    }
    _admin_post(admin, staff, "access", {"active": "yes"})
    login(laptop, STAFF)
    assert _signed_in(laptop)


def test_a_new_password_signs_out_whoever_knew_the_old_one(app, make_user, staff):
    make_user("admin")
    thief, admin = app.test_client(), app.test_client()
    login(thief, STAFF)
    login(admin, "admin@example.org")
    too_short = _admin_post(admin, staff, "password", {"password": "short"})
    assert too_short.status_code == 400 and "at least 12 characters" in too_short.get_data(
        as_text=True
    )
    assert _signed_in(thief)
    _admin_post(admin, staff, "password", {"password": "a brand new passphrase"})
    assert not _signed_in(thief)
    assert _wrong(thief).status_code == 400
    login(thief, STAFF, "a brand new passphrase")


def test_an_admin_cannot_lock_themself_out(client, make_user):
    admin = make_user("admin")
    login(client, "admin@example.org")
    refused = _admin_post(client, admin, "access", {"active": "no"})
    assert refused.status_code == 400
    assert "cannot deactivate your own account" in refused.get_data(as_text=True)
    assert client.get("/admin/users").status_code == 200


def test_a_sign_in_left_idle_ends(backend, database_urls, published):
    from tests.conftest import make_app

    app = make_app(database_urls[backend], SIGN_IN_IDLE_MINUTES=0.05)  # 3 s
    try:
        with app.app_context():
            from surveyapp.extensions import db
            from surveyapp.services.accounts import create_user

            create_user(db.session, STAFF, "Staff", "staff", PASSWORD)
        client = app.test_client()
        login(client, STAFF)
        assert _signed_in(client)
        time.sleep(3.2)
        assert not _signed_in(client)
    finally:
        app.extensions["surveyapp.engine"].dispose()


def test_a_sign_in_ends_after_twelve_hours_however_busy(client, staff, session):
    login(client, STAFF)
    session.execute(
        update(SignIn).values(
            started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=12, seconds=1)
        )
    )
    session.commit()
    assert not _signed_in(client)
    session.expire_all()
    assert session.scalar(select(SignIn.ended_why)) == "too old"


def test_five_wrong_passwords_lock_the_account_for_a_while_even_to_the_right_one(
    client, staff, session
):
    for _ in range(5):
        assert _wrong(client).status_code == 400
    locked = submit_form(client, "/login", {"email": STAFF, "password": PASSWORD})
    assert locked.status_code == 429
    assert "too many wrong passwords for this account" in locked.get_data(as_text=True)
    assert session.scalar(select(User.last_login_at)) is None  # the password was not checked
    attempts = session.scalars(select(SignInAttempt.succeeded)).all()
    assert attempts == [False] * 5


def test_many_wrong_passwords_from_one_address_are_throttled_whatever_the_account(client, staff):
    for n in range(20):
        _wrong(client, f"guess{n}@example.org")
    throttled = submit_form(client, "/login", {"email": STAFF, "password": PASSWORD})
    assert throttled.status_code == 429
    assert "from this network" in throttled.get_data(as_text=True)


def test_the_admin_sees_who_tried_to_sign_in_to_an_account(app, client, make_user, staff):
    _wrong(app.test_client())
    make_user("admin")
    login(client, "admin@example.org")
    page = client.get(f"/admin/users/{staff.id}").get_data(as_text=True)
    assert "Wrong password" in page


def test_behind_a_proxy_each_person_s_own_address_is_counted(backend, database_urls, published):
    """Behind nginx every request comes from the proxy: without SURVEYAPP_PROXIES, twenty wrong
    passwords from anyone would lock everyone out. With it, the forwarded address counts."""
    from tests.conftest import make_app

    app = make_app(database_urls[backend], PROXIES=1)
    try:
        client = app.test_client()
        for n in range(20):
            headers = {"X-Forwarded-For": f"198.51.100.{n}"}
            page = client.get("/login", headers=headers).get_data(as_text=True)
            client.post(
                "/login",
                data={**hidden_fields(page), "email": f"guess{n}@example.org", "password": "x"},
                headers=headers,
            )
        with app.extensions["surveyapp.sessionmaker"]() as session:
            addresses = set(session.scalars(select(SignInAttempt.address)))
        assert len(addresses) == 20 and "198.51.100.7" in addresses
        assert _wrong(client).status_code == 400  # not throttled: another person
    finally:
        app.extensions["surveyapp.engine"].dispose()
