"""``surveyapp paper``: print serial-numbered paper forms as one PDF."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from surveyapp.cli.common import fail
from surveyapp.cli.jobs import assert_file, in_foreground
from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.paper import print_batch
from surveyapp.services.studies import parse_instrument


@click.group(help="Print serial-numbered paper forms.")
def paper() -> None:
    pass


@paper.command("print", help="Print COPIES serial-numbered forms of INSTRUMENT as one PDF.")
@click.argument("slug")
@click.argument("instrument")
@click.option("--copies", type=int, required=True)
@click.option("--large-print", is_flag=True, help="A4, 16 point and larger.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def paper_print(slug: str, instrument: str, copies: int, large_print: bool, output: Path) -> None:
    try:
        key, version = parse_instrument(instrument) if "/v" in instrument else (instrument, None)
        batch = print_batch(db.session, slug, key, version, copies, large_print=large_print)
    except ServiceError as exc:
        fail(str(exc))
    # Drawn by the same job as the web app's download of the batch.
    _job, kept = in_foreground("paper", slug, {"batch": batch.id})
    assert_file(kept, output)
    click.echo(
        f"Wrote {batch.copies} form(s), serials {batch.forms[0].serial} to "
        f"{batch.forms[-1].serial}, to {output}"
    )
