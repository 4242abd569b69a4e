"""The ``surveyapp`` commands for paper returns: print serial-numbered forms, set the share
keyed twice, and import returns from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from surveyapp.cli_shared import fail
from surveyapp.extensions import db


@click.command("double-entry", help="Set the share of paper forms keyed twice, blind (0-100).")
@click.argument("slug")
@click.argument("percent", type=int)
@with_appcontext
def study_double_entry(slug: str, percent: int) -> None:
    from surveyapp.services import ServiceError
    from surveyapp.services.paper_overview import set_double_entry
    from surveyapp.services.studies import get_study

    try:
        set_double_entry(db.session, get_study(db.session, slug), percent, None)
    except ServiceError as exc:
        fail(str(exc))
        return
    click.echo(f"{percent}% of '{slug}' paper forms will be keyed twice from now on.")


# -- paper and imports -------------------------------------------------------------------------


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
    from surveyapp.services import ServiceError
    from surveyapp.services.paper_print import batch_pdf, print_batch
    from surveyapp.services.studies import parse_instrument

    try:
        key, version = parse_instrument(instrument) if "/v" in instrument else (instrument, None)
        batch = print_batch(db.session, slug, key, version, copies, large_print=large_print)
        data = batch_pdf(
            db.session,
            batch,
            organisation=str(current_app.config["ORG_NAME"]),
            return_address=current_app.config.get("ORG_RETURN_ADDRESS"),
        )
    except ServiceError as exc:
        fail(str(exc))
        return
    output.write_bytes(data)
    click.echo(
        f"Wrote {batch.copies} form(s), serials {batch.forms[0].serial} to "
        f"{batch.forms[-1].serial}, to {output}"
    )


@click.group("import", help="Import returns from CSV or XLSX.")
def import_group() -> None:
    pass


@import_group.command(
    "responses",
    help="Import FILE (.csv or .xlsx) into INSTRUMENT (e.g. patient/v1) of study SLUG. Run "
    "with --dry-run first: it lists every problem by row and column and imports nothing.",
)
@click.argument("slug")
@click.argument("instrument")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only check the file.")
@click.option("--ignore-unknown-columns", is_flag=True, help="Leave out columns matching nothing.")
@with_appcontext
def import_responses(
    slug: str, instrument: str, file: Path, dry_run: bool, ignore_unknown_columns: bool
) -> None:
    from surveyapp.services import ServiceError
    from surveyapp.services.imports import import_returns

    try:
        result = import_returns(
            db.session,
            slug,
            instrument,
            file.read_bytes(),
            file.name,
            dry_run=dry_run,
            ignore_unknown_columns=ignore_unknown_columns,
        )
    except ServiceError as exc:
        fail(str(exc))
        return
    for problem in [*result.plan.problems, *result.refused]:
        click.secho(str(problem), fg="red", err=True)
    valid = len(result.plan.rows)
    if result.dry_run:
        click.echo(
            f"Dry run: {valid} row(s) can be imported into {result.instrument}; "
            f"{result.plan.rejected_rows} row(s) have problems. Nothing was imported."
        )
    elif result.blocking:
        fail("Nothing imported: fix the column names first (row 1 above).")
    else:
        click.echo(
            f"Imported {result.imported} row(s) into {result.instrument}; "
            f"{result.already_there} already imported before; "
            f"{result.plan.rejected_rows + len(result.refused)} left out with problems."
        )
