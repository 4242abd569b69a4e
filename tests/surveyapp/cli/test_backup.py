"""``surveyapp backup`` while the app is in use and ``surveyapp restore`` into an empty database,
on both databases: every table comes back row for row (the proof), the app starts on the copy
and serves, every response acknowledged before the backup is there; nothing is overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from benchmarks.online_submission import PAGE1
from surveyapp.models import Response
from tests.conftest import make_app
from tests.helpers import hidden_fields


@pytest.fixture
def study(published):
    return published("bromley", "patient/v1")


def _submit(client) -> str:
    url = "/s/bromley/patient"
    for answers in (PAGE1, {}, {"contact_name": "Ann"}):
        form = hidden_fields(client.get(url).get_data(as_text=True))
        url = client.post(url, data={**form, **answers}).headers["Location"]
    return url.rsplit("/", 1)[1]


@pytest.fixture
def empty_database(backend, database_urls, tmp_path):
    """The URL of a new, empty database of the same kind, and its removal afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    base = make_url(database_urls["postgresql"])
    server = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS test_restore"))
        connection.execute(text("CREATE DATABASE test_restore"))
    yield base.set(database="test_restore").render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS test_restore WITH (FORCE)"))
    server.dispose()


def _run(app, *args):
    return app.test_cli_runner().invoke(args=[str(a) for a in args])


def test_a_backup_restores_row_for_row_and_the_app_runs_on_it(
    app, client, study, tmp_path, empty_database
):
    references = [_submit(client) for _ in range(3)]
    copy = tmp_path / "backups" / "monday.bak"
    made = _run(app, "backup", copy)
    assert made.exit_code == 0, made.output
    assert "(3 responses)" in made.output
    proof = json.loads(Path(f"{copy}.proof.json").read_text())
    assert proof["tables"]["response"]["rows"] == 3 and proof["revision"]
    assert _run(app, "backup", copy).exit_code == 1  # never overwrites a backup

    _submit(client)  # after the backup: not in it
    restored_app = make_app(empty_database)
    try:
        put_back = _run(restored_app, "restore", copy)
        assert put_back.exit_code == 0, put_back.output
        assert "every table's rows match" in put_back.output
        with restored_app.extensions["surveyapp.sessionmaker"]() as session:
            assert sorted(session.scalars(select(Response.reference))) == sorted(references)
        assert restored_app.test_client().get("/s/bromley/patient").status_code == 200
        again = _run(restored_app, "restore", copy)
        assert again.exit_code == 1 and "already holds tables" in again.output
    finally:
        restored_app.extensions["surveyapp.engine"].dispose()


def test_a_restore_that_does_not_match_its_proof_says_so(
    app, client, study, tmp_path, empty_database
):
    _submit(client)
    copy = tmp_path / "copy.bak"
    assert _run(app, "backup", copy).exit_code == 0
    proof_file = Path(f"{copy}.proof.json")
    proof = json.loads(proof_file.read_text())
    proof["tables"]["answer"]["rows"] += 1  # as if a row had been lost on the way
    proof_file.write_text(json.dumps(proof))
    restored_app = make_app(empty_database)
    try:
        failed = _run(restored_app, "restore", copy)
        assert failed.exit_code == 1
        assert "differs from the backup: table answer has" in failed.output
    finally:
        restored_app.extensions["surveyapp.engine"].dispose()
