"""``surveyapp questionnaires``: check definition files, and publish them into the database."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from questionnaires import DefinitionError, validate_path
from surveyapp.cli.common import fail
from surveyapp.extensions import db
from surveyapp.services.definitions import definitions_root, publish_all


@click.group(help="Validate and publish questionnaire definition files.")
def questionnaires() -> None:
    pass


@questionnaires.command(
    "validate", help="Check definition files (files or folders; default: the configured folder)."
)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@with_appcontext
def q_validate(paths: tuple[Path, ...]) -> None:
    all_problems = []
    count = 0
    for path in paths or (definitions_root(db.session),):
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
    try:
        results = publish_all(db.session)
    except DefinitionError as exc:
        fail(str(exc))
    refused = [r for r in results if r.outcome == "refused"]
    for r in results:
        click.echo(f"{r.label}: {r.outcome}{' - ' + r.message if r.message else ''}")
    if refused:
        fail(f"{len(refused)} version(s) refused.")
