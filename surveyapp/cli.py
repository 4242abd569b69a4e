"""The ``surveyapp`` command: database, questionnaires, studies, users, demo, serve.

Every command works on the configured database (``DATABASE_URL``; SQLite under ``instance/`` by
default) and asks no questions, so it can run from scripts and CI.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from surveyapp.cli_shared import fail
from surveyapp.extensions import db


def _create_app() -> Flask:
    from surveyapp import create_app

    return create_app()


main = FlaskGroup(
    create_app=_create_app,
    add_default_commands=False,
    help="Survey and evaluation platform: questionnaires online and on paper, analysis, "
    "appendices and recommendation tracking.",
)


def register_commands(app: Flask) -> None:
    from surveyapp.cli_paper import import_group, paper, study_double_entry
    from surveyapp.cli_themes import themes

    study.add_command(study_double_entry)
    for command in (
        database,
        questionnaires,
        study,
        users,
        contacts,
        paper,
        import_group,
        themes,
        export,
        demo,
        serve,
    ):
        app.cli.add_command(command)


# -- database ----------------------------------------------------------------------------------


@click.group("db", help="Create or upgrade the database.")
def database() -> None:
    pass


@database.command("upgrade", help="Create the database, or bring it up to date (Alembic).")
@with_appcontext
def db_upgrade() -> None:
    from surveyapp.migrate import upgrade

    upgrade(db.engine)
    click.echo(f"Database is up to date: {_safe_url(str(current_app.config['DATABASE_URL']))}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# -- questionnaires ----------------------------------------------------------------------------


@click.group(help="Validate and publish questionnaire definition files.")
def questionnaires() -> None:
    pass


@questionnaires.command(
    "validate", help="Check definition files (files or folders; default: the configured folder)."
)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@with_appcontext
def q_validate(paths: tuple[Path, ...]) -> None:
    from questionnaires import validate_path
    from surveyapp.services.definitions import definitions_root

    all_problems = []
    count = 0
    for path in paths or (definitions_root(),):
        loaded, problems = validate_path(path)
        count += len(loaded)
        all_problems += problems
    for problem in all_problems:
        click.secho(str(problem), fg="red", err=True)
    if all_problems:
        fail(f"{len(all_problems)} problem(s) found; {count} file(s) valid.")
    click.echo(f"{count} definition file(s) valid.")


@questionnaires.command("load", help="Publish every definition file into the database.")
@with_appcontext
def q_load() -> None:
    from questionnaires import DefinitionError
    from surveyapp.services.definitions import publish_all

    try:
        results = publish_all(db.session)
    except DefinitionError as exc:
        fail(str(exc))
        return
    refused = [r for r in results if r.outcome == "refused"]
    for r in results:
        click.echo(f"{r.label}: {r.outcome}{' - ' + r.message if r.message else ''}")
    if refused:
        fail(f"{len(refused)} version(s) refused.")


# -- studies -----------------------------------------------------------------------------------


@click.group(help="Create studies and attach questionnaire versions.")
def study() -> None:
    pass


@study.command(
    "create", help="Create a study, e.g. study create bromley-sp --name '...' -i patient/v1"
)
@click.argument("slug")
@click.option("--name", required=True, help="The study's name, as staff and the public see it.")
@click.option("--description", default=None)
@click.option(
    "-i", "--instrument", "instruments", multiple=True, help="A published version, like patient/v1."
)
@with_appcontext
def study_create(slug: str, name: str, description: str | None, instruments: tuple[str]) -> None:
    from surveyapp.services import ServiceError
    from surveyapp.services.studies import create_study

    try:
        created = create_study(db.session, slug, name, list(instruments), description)
    except ServiceError as exc:
        fail(str(exc))
        return
    click.echo(f"Created study '{created.slug}' with {len(created.instruments)} instrument(s).")


@study.command("attach", help="Attach a published version (e.g. patient/v2) to a study.")
@click.argument("slug")
@click.argument("instrument")
@with_appcontext
def study_attach(slug: str, instrument: str) -> None:
    from surveyapp.services import ServiceError
    from surveyapp.services.studies import attach_instrument

    try:
        attached = attach_instrument(db.session, slug, instrument)
    except ServiceError as exc:
        fail(str(exc))
        return
    click.echo(f"Attached {attached.questionnaire_version.label} to '{slug}'.")


# -- users -------------------------------------------------------------------------------------


@click.group(help="Manage the people who sign in.")
def users() -> None:
    pass


@users.command("create", help="Create a user without a prompt.")
@click.argument("email")
@click.option("--role", type=click.Choice(["volunteer", "staff", "admin"]), required=True)
@click.option("--name", default="", help="Defaults to the email address.")
@click.option(
    "--password-env",
    default="SURVEYAPP_PASSWORD",
    show_default=True,
    help="Environment variable holding the password (kept out of shell history).",
)
@click.option("--password", default=None, help="The password itself (prefer --password-env).")
@with_appcontext
def users_create(email: str, role: str, name: str, password_env: str, password: str | None) -> None:
    from surveyapp.services.accounts import AccountError, create_user

    secret = password or os.environ.get(password_env)
    if not secret:
        fail(f"Give the password in ${password_env} (or --password).")
        return
    try:
        user = create_user(db.session, email, name, role, secret)
    except AccountError as exc:
        fail(str(exc))
        return
    click.echo(f"Created {user.role} {user.email}.")


# -- contact details ---------------------------------------------------------------------------


@click.group(help="Contact details respondents left (kept apart from answers).")
def contacts() -> None:
    pass


@contacts.command("purge", help="Delete contact details past their retention date (run daily).")
@with_appcontext
def contacts_purge() -> None:
    from surveyapp.services.responses import purge_expired_contacts

    click.echo(f"Deleted {purge_expired_contacts(db.session)} expired contact record(s).")


# -- exports -----------------------------------------------------------------------------------


@click.group(help="Write a study's appendix workbook, findings report or answers.")
def export() -> None:
    pass


def _content(slug: str, instruments: tuple[str, ...]):  # noqa: ANN202 - FindingsContent
    from surveyapp.services import ServiceError
    from surveyapp.services.findings import chosen_definitions, findings_content
    from surveyapp.services.studies import get_study

    try:
        found = get_study(db.session, slug)
        steps = len(chosen_definitions(db.session, found, instruments))
        with click.progressbar(length=steps, label="Tabulating", file=sys.stderr) as bar:
            return findings_content(db.session, found, instruments, progress=bar.update)
    except ServiceError as exc:
        fail(str(exc))


_instrument_option = click.option(
    "-i", "--instrument", "instruments", multiple=True, help="Only these (e.g. -i patient)."
)
_output_option = click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path)
)


@export.command("appendix", help="The numbered appendix tables as an .xlsx workbook.")
@click.argument("slug")
@_instrument_option
@_output_option
@with_appcontext
def export_appendix(slug: str, instruments: tuple[str, ...], output: Path) -> None:
    from surveyapp.services import ServiceError
    from surveyapp.services.findings import chosen_definitions, write_appendix
    from surveyapp.services.studies import get_study

    try:
        found = get_study(db.session, slug)
        steps = len(chosen_definitions(db.session, found, instruments))
        with click.progressbar(length=steps, label="Tabulating", file=sys.stderr) as bar:
            written = write_appendix(db.session, found, instruments, output, bar.update)
    except ServiceError as exc:
        fail(str(exc))
        return
    click.echo(f"Wrote {written} appendix table(s) to {output}")


@export.command("report", help="The findings report, as .html (with charts) or .docx.")
@click.argument("slug")
@_instrument_option
@_output_option
@with_appcontext
def export_report(slug: str, instruments: tuple[str, ...], output: Path) -> None:
    from exports.report import findings_docx, findings_html

    if output.suffix.lower() not in (".html", ".docx"):
        fail("Name the report file .html or .docx")
    content = _content(slug, instruments)
    if output.suffix.lower() == ".docx":
        output.write_bytes(findings_docx(content))
    else:
        output.write_text(findings_html(content), encoding="utf-8")
    click.echo(f"Wrote the findings report to {output}")


@export.command("answers", help="Every answer, one row per answer value (.csv; no contacts).")
@click.argument("slug")
@_output_option
@with_appcontext
def export_answers(slug: str, output: Path) -> None:
    from exports.csv import spreadsheet_csv
    from surveyapp.services.frames import tidy_frame
    from surveyapp.services.studies import get_study

    frame = tidy_frame(db.session, get_study(db.session, slug))
    output.write_text(spreadsheet_csv(frame), encoding="utf-8")
    click.echo(f"Wrote {len(frame)} answer row(s) to {output}")


# -- demo and serve ----------------------------------------------------------------------------


@click.command(help="Load the demo study (generated responses, marked as demo data).")
@click.option("--responses", default=300, show_default=True, help="Patient responses to generate.")
@click.option("--seed", default=2023, show_default=True, help="Random seed, for repeatable data.")
@with_appcontext
def demo(responses: int, seed: int) -> None:
    from surveyapp.migrate import upgrade
    from surveyapp.services.demo import DEMO_PASSWORD, load_demo

    upgrade(db.engine)
    summary = load_demo(db.session, patient_responses=responses, seed=seed)
    for line in summary:
        click.echo(line)
    click.echo(f"Demo sign-in: admin@example.org / {DEMO_PASSWORD} (demo only; change it).")


@click.command(
    help="Serve the app (development server; use a WSGI server with wsgi:app in production)."
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def serve(host: str, port: int) -> None:
    from werkzeug.serving import run_simple

    # Flask refuses app.run() inside its own CLI; run_simple is what it would call.
    run_simple(host, port, current_app._get_current_object(), threaded=True)
