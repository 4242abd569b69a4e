"""The ``surveyapp`` command and the database it manages."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from surveyapp.extensions import db
from surveyapp.migrate import alembic_config
from surveyapp.models import QuestionnaireVersion, Response, Study, User
from tests.conftest import FIXTURES, make_app


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args, env=None):
        return runner.invoke(args=list(args), env=env, catch_exceptions=False)

    return run


def test_migrations_build_exactly_the_models(app):
    """`alembic check` finds nothing to generate: the migrations and the models agree."""
    from surveyapp.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.check(config)


def test_db_upgrade_is_repeatable(cli):
    result = cli("db", "upgrade")
    assert result.exit_code == 0 and "up to date" in result.output


def test_validate_reports_file_question_and_problem(cli):
    bad = FIXTURES / "questionnaires" / "invalid" / "condition_forward_reference"
    result = cli("questionnaires", "validate", str(bad))
    assert result.exit_code == 1
    assert "v1.yaml" in result.output and "question '" in result.output
    assert "comes after it" in result.output
    good = cli("questionnaires", "validate")
    assert good.exit_code == 0 and "definition file(s) valid" in good.output


def test_load_create_study_and_users_without_a_prompt(cli, session):
    assert "patient v1: published" in cli("questionnaires", "load").output
    assert "patient v1: unchanged" in cli("questionnaires", "load").output
    result = cli("study", "create", "hw-sp", "--name", "Social prescribing", "-i", "patient/v1")
    assert result.exit_code == 0, result.output
    assert cli("study", "attach", "hw-sp", "patient/v2").exit_code == 0
    refused = cli("study", "attach", "hw-sp", "patient/v9")
    assert refused.exit_code == 1 and "patient v9 is not published" in refused.output
    bad_slug = cli("study", "create", "Bad Slug", "--name", "x")
    assert bad_slug.exit_code == 1 and "lower-case letters" in bad_slug.output
    env = {"SURVEYAPP_PASSWORD": "a long enough password"}
    created = cli("users", "create", "ops@example.org", "--role", "staff", env=env)
    assert created.exit_code == 0, created.output
    missing = cli(
        "users", "create", "x@example.org", "--role", "staff", env={"SURVEYAPP_PASSWORD": ""}
    )
    assert missing.exit_code == 1 and "SURVEYAPP_PASSWORD" in missing.output

    study = session.scalar(select(Study).filter_by(slug="hw-sp"))
    assert [i.questionnaire_version.label for i in study.instruments] == [
        "patient v1",
        "patient v2",
    ]
    assert [i.open_online for i in study.instruments] == [False, True]
    assert session.scalar(select(User).filter_by(email="ops@example.org")).role == "staff"


def test_demo_loads_a_marked_demo_study_once(cli, session):
    result = cli("demo", "--responses", "40")
    assert result.exit_code == 0, result.output
    assert "admin@example.org" in result.output
    study = session.scalar(select(Study).filter_by(slug="bromley-social-prescribing"))
    assert study.is_demo and "DEMO" in study.name
    responses = session.scalars(select(Response).filter_by(study_id=study.id)).all()
    assert len(responses) == 40 + 44 + 16
    assert all(r.is_demo and r.status == "submitted" for r in responses)
    assert {r.channel for r in responses} >= {"online", "paper", "interview"}
    again = cli("demo", "--responses", "40")
    assert "already loaded" in again.output
    assert len(session.scalars(select(Response).filter_by(study_id=study.id)).all()) == 100


def test_database_constraints_hold(session):
    """Invariants live in the database too: a submitted response has a submission time."""
    version = QuestionnaireVersion(
        key="x", version=1, title="X", content_sha256="a" * 64, content={}
    )
    study = Study(slug="s", name="S")
    session.add_all([version, study])
    session.flush()
    session.add(
        Response(
            reference="AAAA-BBBB",
            study_id=study.id,
            questionnaire_version_id=version.id,
            content_sha256="a" * 64,
            channel="online",
            status="submitted",
        )
    )
    with pytest.raises(IntegrityError, match="submitted_has_time"):
        session.flush()
    session.rollback()
    session.add(
        Response(
            reference="AAAA-CCCC",
            study_id=study.id,
            questionnaire_version_id=version.id,
            content_sha256="a" * 64,
            channel="carrier pigeon",
            status="in_progress",
            submitted_at=dt.datetime.now(dt.UTC),
        )
    )
    with pytest.raises(IntegrityError, match="channel_known"):
        session.flush()


def test_expired_contact_details_are_purged_and_answers_kept(cli, session, published, client):
    from surveyapp.models import Answer, ContactDetails
    from tests.helpers import hidden_fields

    published("bromley", "professional/v1")
    url = "/s/bromley/professional"
    for data in ({"filling_in_as": "gp"}, {}, {"contact_name": "Dr Who"}):
        page = client.get(url)
        url = client.post(url, data={**hidden_fields(page.get_data(as_text=True)), **data}).headers[
            "Location"
        ]
    contact = session.scalar(select(ContactDetails))
    assert contact.details == {"contact_name": "Dr Who"}
    assert "Deleted 0" in cli("contacts", "purge").output
    contact.retain_until = dt.date.today() - dt.timedelta(days=1)
    session.commit()
    assert "Deleted 1" in cli("contacts", "purge").output
    session.expire_all()
    assert session.scalar(select(ContactDetails)) is None
    assert session.scalar(select(Answer).filter_by(question_id="filling_in_as")).value_code == "gp"


def test_the_secret_key_is_made_once_and_shared_by_every_process(tmp_path):
    from surveyapp.config import instance_secret_key

    first = instance_secret_key(tmp_path)
    assert len(first) == 64
    assert instance_secret_key(tmp_path) == first
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_pages_are_not_kept_in_a_shared_browser_cache(client, published):
    published("bromley", "patient/v1")
    assert client.get("/s/bromley/patient").headers["Cache-Control"] == "no-store"
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    with client.get("/static/app.css") as asset:  # a file response holds the file open
        assert "no-store" not in asset.headers.get("Cache-Control", "")


def test_a_definition_that_no_longer_loads_is_explained_not_crashed(app, tmp_path):
    import shutil

    from questionnaires import DEFINITIONS_ROOT
    from surveyapp.services.definitions import publish_all
    from surveyapp.services.studies import create_study

    root = tmp_path / "q"
    shutil.copytree(DEFINITIONS_ROOT / "ons4", root / "ons4")
    # The folder is configuration: an app is made with it (on the test's database).
    own = make_app(str(app.config["DATABASE_URL"]), QUESTIONNAIRES_DIR=str(root))
    with own.app_context():
        publish_all(db.session)
        create_study(db.session, "wb", "Study wb", ["ons4/v1"])
    path = root / "ons4" / "v1.yaml"
    path.write_text(path.read_text().replace("type: range", "type: slider", 1))
    page = own.test_client().get("/s/wb/ons4")
    own.extensions["surveyapp.engine"].dispose()
    assert page.status_code == 409
    assert "no longer passes its checks" in page.get_data(as_text=True)
