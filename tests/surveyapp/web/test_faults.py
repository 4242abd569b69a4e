"""In every fault a person gets a page in the organisation's look that says what happened, that
what was sent before is kept and when to try again, with the request id the log carries; a form
posted when the fault struck comes back to be sent again, and nothing typed is lost. The app
recovers without a restart."""

from __future__ import annotations

import contextlib
import re
import socket
import sqlite3
import threading

import pytest
from sqlalchemy import event, select

from benchmarks.online_submission import PAGE1
from surveyapp.models import Answer, Response
from tests.conftest import make_app
from tests.helpers import hidden_fields

START = "/s/bromley/patient"
#: A page whose answers need more room in the file than a near-empty database has spare.
LONG = {**PAGE1, "referral_reason": "Feeling low. " * 350}


@pytest.fixture
def app_config():
    # A save waits this long for another process's write before the busy page (15 s normally).
    return {"SQLITE_BUSY_SECONDS": 0.2, "PROPAGATE_EXCEPTIONS": False}


@pytest.fixture
def study(published):
    return published("bromley", "patient/v1")


def _resend(html: str) -> tuple[str, dict[str, str]]:
    """The fault page's "Send again" form: where it posts and what."""
    action = re.search(r'<form method="post" action="([^"]+)"', html)
    assert action, html
    return action.group(1), hidden_fields(html)


def _referral_reasons(session) -> list[str | None]:
    session.expire_all()
    return list(session.scalars(select(Answer.text).where(Answer.question_id == "referral_reason")))


def test_a_locked_sqlite_database_keeps_what_was_typed_and_recovers(
    backend, client, study, session, database_urls
):
    if backend != "sqlite":
        pytest.skip("SQLite's own lock")
    form = hidden_fields(client.get(START).get_data(as_text=True))
    other = sqlite3.connect(database_urls["sqlite"].removeprefix("sqlite:///"))
    other.execute("BEGIN EXCLUSIVE")  # another process writing, for longer than a save waits
    try:
        busy = client.post(START, data={**form, **PAGE1})
    finally:
        other.rollback()
        other.close()
    html = busy.get_data(as_text=True)
    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == "30"
    assert "Sorry, the service is busy" in html and "Send again" in html
    assert busy.headers["X-Request-Id"] in html
    assert 'href="/static/app.css"' in html  # the organisation's look, not a bare message
    action, typed = _resend(html)
    assert typed["referral_reason"] == PAGE1["referral_reason"]
    assert _referral_reasons(session) == []
    again = client.post(action, data=typed)
    assert again.status_code == 302
    assert _referral_reasons(session) == [PAGE1["referral_reason"]]


def test_a_bug_shows_the_fault_page_and_logs_its_request_id(
    client, study, session, monkeypatch, caplog
):
    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in saving")

    monkeypatch.setattr("surveyapp.web.public.views.save_page", broken)
    form = hidden_fields(client.get(START).get_data(as_text=True))
    failed = client.post(START, data={**form, **PAGE1}, headers={"X-Request-Id": "proxy-id-12345"})
    html = failed.get_data(as_text=True)
    assert failed.status_code == 500
    assert "Sorry, something went wrong" in html and "proxy-id-12345" in html
    assert "Send again" in html
    assert _resend(html)[1]["referral_reason"] == PAGE1["referral_reason"]
    assert "[request proxy-id-12345] failed: RuntimeError('a bug in saving')" in caplog.text
    assert session.scalar(select(Response.id)) is None


def test_a_request_id_from_the_proxy_is_used_only_when_sound(client, study):
    sound = client.get(START, headers={"X-Request-Id": "abc-123-def-456"})
    assert sound.headers["X-Request-Id"] == "abc-123-def-456"
    odd = client.get(START, headers={"X-Request-Id": "<script>"})
    assert re.fullmatch(r"[0-9a-f]{12}", odd.headers["X-Request-Id"])


def test_a_password_is_never_written_back_into_a_fault_page(client, make_user, monkeypatch):
    make_user("staff", "someone@example.org")

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in signing in")

    monkeypatch.setattr("surveyapp.web.auth.views.sign_in", broken)
    form = hidden_fields(client.get("/login").get_data(as_text=True))
    failed = client.post(
        "/login", data={**form, "email": "someone@example.org", "password": "secret-words-here"}
    )
    html = failed.get_data(as_text=True)
    assert failed.status_code == 500
    assert "someone@example.org" in html and "secret-words-here" not in html


def test_a_request_larger_than_the_limit_gets_the_413_page(backend, database_urls, published):
    app = make_app(database_urls[backend], MAX_CONTENT_LENGTH=4096)
    try:
        client = app.test_client()
        too_big = client.post("/login", data={"email": "x" * 8000})
        html = too_big.get_data(as_text=True)
        assert too_big.status_code == 413
        assert "The file is too large" in html and "up to 4 kB" in html
        assert "surveyapp import responses" in html
    finally:
        app.extensions["surveyapp.engine"].dispose()


class Relay:
    """A TCP relay to PostgreSQL that can be cut and restored, as a server stopped and started."""

    def __init__(self, port: int) -> None:
        self.target = ("127.0.0.1", port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.pairs: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            server = socket.create_connection(self.target)
            self.pairs += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            sink.close()

    def cut(self) -> None:
        self.open = False
        for s in self.pairs:
            with contextlib.suppress(OSError):  # already closed by the other side
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        self.pairs = []

    def restore(self) -> None:
        self.open = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


def test_postgresql_gone_gives_503_and_the_app_carries_on_when_it_is_back(
    backend, database_urls, published
):
    if backend != "postgresql":
        pytest.skip("PostgreSQL's server")
    published("bromley", "patient/v1")
    url = database_urls["postgresql"]
    relay = Relay(5432)
    app = make_app(url.replace("127.0.0.1:5432", f"127.0.0.1:{relay.port}"))
    try:
        client = app.test_client()
        page = client.get(START)
        assert page.status_code == 200
        form = hidden_fields(page.get_data(as_text=True))
        relay.cut()
        down = client.post(START, data={**form, **PAGE1})
        assert down.status_code == 503
        assert down.headers["Retry-After"] == "30"
        action, typed = _resend(down.get_data(as_text=True))
        assert typed["referral_reason"] == PAGE1["referral_reason"]
        relay.restore()
        assert client.post(action, data=typed).status_code == 302  # no restart
    finally:
        relay.close()
        app.extensions["surveyapp.engine"].dispose()


def test_a_full_disk_keeps_what_was_typed_and_recovers(backend, app, client, study, session):
    """SQLite's file may grow no further (as on a full disk): the save is refused as busy, what
    was typed comes back to send again, and once there is room it is saved."""
    if backend != "sqlite":
        pytest.skip("a size-limited SQLite file stands for the full disk")
    engine = app.extensions["surveyapp.engine"]
    form = hidden_fields(client.get(START).get_data(as_text=True))
    # No free pages left from earlier tests: the file must grow to take the answers.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    limit = f"PRAGMA max_page_count={pages}"

    def no_room(dbapi_connection, _record):
        dbapi_connection.execute(limit)

    engine.dispose()
    event.listen(engine, "connect", no_room)
    try:
        full = client.post(START, data={**form, **LONG})
    finally:
        event.remove(engine, "connect", no_room)
        engine.dispose()
    assert full.status_code == 503
    action, typed = _resend(full.get_data(as_text=True))
    assert typed["referral_reason"] == LONG["referral_reason"]
    assert client.post(action, data=typed).status_code == 302
    assert _referral_reasons(session) == [LONG["referral_reason"].strip()]
