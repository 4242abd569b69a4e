"""``surveyapp questionnaires``: check definition files, publish them into the database, and
read or write them as XLSForm."""

from __future__ import annotations

from pathlib import Path

import click
import yaml
from flask.cli import with_appcontext

from questionnaires import DefinitionError, load_definition, validate_path
from questionnaires.xlsform import read_xlsform, write_xlsform
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


@questionnaires.command(
    "from-xlsform", help="Read an XLSForm (.xlsx) into a definition file; every problem is named."
)
@click.argument("xlsform", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def q_from_xlsform(xlsform: Path, output: Path) -> None:
    result = read_xlsform(xlsform.read_bytes(), xlsform.name)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for problem in result.problems:
        click.secho(str(problem), fg="red", err=True)
    if result.definition is None:
        fail(f"{len(result.problems)} problem(s) in {xlsform.name}; nothing written.")
    output.write_text(
        yaml.safe_dump(result.definition, sort_keys=False, allow_unicode=True, width=1_000_000),
        encoding="utf-8",
    )
    definition = result.definition
    click.echo(f"{definition['key']} v{definition['version']} written to {output}.")


@questionnaires.command("to-xlsform", help="Write a definition (KEY/vN) as an XLSForm (.xlsx).")
@click.argument("version")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def q_to_xlsform(version: str, output: Path) -> None:
    key, _, number = version.partition("/v")
    if not key or not number.isdigit():
        fail(f"'{version}' is not KEY/vN (for example patient/v1).")
    try:
        definition = load_definition(key, int(number), definitions_root(db.session))
    except FileNotFoundError as exc:
        fail(f"{exc}.")
    except DefinitionError as exc:
        fail(str(exc))
    output.write_bytes(write_xlsform(definition, definitions_root(db.session)))
    click.echo(f"{definition.label} written to {output}.")
