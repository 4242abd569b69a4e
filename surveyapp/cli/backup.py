"""``surveyapp backup`` and ``surveyapp restore``: a consistent copy of the configured database
while the app runs, and putting one back into an empty database, checked table by table."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from surveyapp.services import backup as backups


@click.command("backup", help="Copy the database to FILE (and FILE.proof.json), while it runs.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(file: Path) -> None:
    try:
        proof = backups.backup(str(current_app.config["DATABASE_URL"]), file)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = sum(r for r, _ in proof.tables.values())
    responses = proof.tables.get("response", (0, ""))[0]
    click.echo(
        f"Backed up {len(proof.tables)} tables, {rows:,} rows ({responses:,} responses) to "
        f"{file}; the proof is in {file}{backups.PROOF_SUFFIX}"
    )


@click.command(
    "restore", help="Put the backup FILE into the configured database, which must be empty."
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore(file: Path) -> None:
    try:
        proof = backups.restore(str(current_app.config["DATABASE_URL"]), file)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Restored {len(proof.tables)} tables from {file}: every table's rows match the backup's "
        "proof. Run 'surveyapp db upgrade' if the app is newer than the backup."
    )
