"""``surveyapp import``: import returns from CSV or XLSX, with a dry run first."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from surveyapp.cli.common import fail
from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.evaluation.records import import_records
from surveyapp.services.evaluation.reference import import_reference
from surveyapp.services.imports import import_returns


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
@click.option(
    "--source",
    metavar="NAME",
    help="Another tool's export (SmartSurvey, SurveyMonkey, Google Forms, Microsoft Forms, "
    "LimeSurvey): read it through the responses source of this name, set up on the study's "
    "import page (what each of its columns holds, which option each answer means).",
)
@click.option(
    "--no-coding",
    is_flag=True,
    help="Do not code the written answers into themes now (run 'surveyapp themes code SLUG "
    "--new' later: a very large file imports first, codes after).",
)
@with_appcontext
def import_responses(
    slug: str,
    instrument: str,
    file: Path,
    dry_run: bool,
    ignore_unknown_columns: bool,
    no_coding: bool,
    source: str | None,
) -> None:
    try:
        result = import_returns(
            db.session,
            slug,
            instrument,
            file.read_bytes(),
            file.name,
            dry_run=dry_run,
            ignore_unknown_columns=ignore_unknown_columns,
            code=not no_coding,
            source=source,
        )
    except ServiceError as exc:
        fail(str(exc))
    if result.source:
        read = "; ".join(f"{theirs} -> {ours}" for theirs, ours in result.plan.columns.items())
        click.echo(f"Read through the source {result.source}: {read}.")
        if result.plan.unknown_columns:
            click.echo(f"Not read: {'; '.join(result.plan.unknown_columns)}.")
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
        if result.coding_problem:
            click.secho(
                f"The written answers were not coded: {result.coding_problem} "
                "(run 'surveyapp themes code' once that is fixed).",
                fg="red",
                err=True,
            )
        elif result.coded:
            click.echo(f"Coded {result.coded} written answer(s) automatically.")


@import_group.command(
    "records",
    help="Import a service's referral records (FILE, .csv or .xlsx, one row per referral) into "
    "study SLUG, for its evaluation. Importing again adds nothing; a later extract adds the new "
    "referrals and updates the changed ones, by referral_id. Run with --dry-run first.",
)
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only check the file.")
@click.option(
    "--source",
    metavar="NAME",
    help="Another system's export: read it through the source of this name, saved on the "
    "evaluation's import page (which of its columns holds each of ours, its dates, a row per "
    "contact).",
)
@with_appcontext
def import_service_records(slug: str, file: Path, dry_run: bool, source: str | None) -> None:
    try:
        result = import_records(
            db.session, slug, file.read_bytes(), file.name, dry_run=dry_run, source=source
        )
    except ServiceError as exc:
        fail(str(exc))
    plan = result.plan
    if plan.source:
        read = ", ".join(f"{ours} <- {theirs}" for ours, theirs in plan.mapping)
        click.echo(f"Read through the source {plan.source}: {read}.")
    if plan.contact_rows is not None:
        click.echo(
            f"The file's {plan.contact_rows} row(s), one per contact, were grouped by referral."
        )
    for problem in result.problems:
        click.secho(str(problem), fg="red", err=True)
    if result.blocking:
        fail("Nothing imported: fix the column names first (row 1 above).")
    left_out = len({p.row for p in result.problems})
    said = "would be" if dry_run else "were"
    click.echo(
        f"{result.new} new referral(s) {said} added, {result.changed} {said} updated, "
        f"{result.unchanged} unchanged; {left_out} row(s) left out with problems."
        + (" Nothing was imported (dry run)." if dry_run else "")
    )


@import_group.command(
    "reference",
    help="Load a service evaluation's reference data into study SLUG, replacing the list loaded "
    "before: KIND is practices (columns practice, pcn, list_size), link-workers (link_worker, "
    "capacity) or population (characteristic, category, people; characteristic is age_band, "
    "gender, ethnicity or ward).",
)
@click.argument("slug")
@click.argument("kind", type=click.Choice(["practices", "link-workers", "population"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only check the file.")
@with_appcontext
def import_reference_data(slug: str, kind: str, file: Path, dry_run: bool) -> None:
    try:
        result = import_reference(
            db.session, slug, kind, file.read_bytes(), file.name, dry_run=dry_run
        )
    except ServiceError as exc:
        fail(str(exc))
    for problem in result.problems:
        click.secho(str(problem), fg="red", err=True)
    if result.problems:
        fail(
            f"Nothing loaded: fix the {len(result.problems)} problem(s) above "
            "(a list is used whole)."
        )
    rows = len(result.plan.rows)
    if dry_run:
        click.echo(f"Dry run: {rows} row(s) of {kind} can be loaded. Nothing was loaded.")
    else:
        click.echo(f"Loaded {rows} row(s) of {kind}, replacing the list loaded before.")
