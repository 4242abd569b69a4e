"""``surveyapp export``: a study's appendix workbook, findings report or answers, written by
``exports`` from what the services return."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from exports.csv import spreadsheet_csv
from exports.publication import Publication
from exports.report import findings_docx, findings_html
from exports.workbook import appendix_workbook
from surveyapp import settings
from surveyapp.cli.common import fail
from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.findings import appendix
from surveyapp.services.findings.publication import publication
from surveyapp.services.responses import tidy_frame
from surveyapp.services.studies import chosen_definitions, get_study


@click.group(help="Write a study's appendix workbook, findings report or answers.")
def export() -> None:
    pass


def _publication(slug: str, instruments: tuple[str, ...]) -> Publication:
    try:
        found = get_study(db.session, slug)
        steps = len(chosen_definitions(db.session, found, instruments))
        with click.progressbar(length=steps, label="Tabulating", file=sys.stderr) as bar:
            return publication(
                db.session,
                found,
                instruments,
                small_base=settings.small_base(),
                organisation=settings.organisation_name(),
                holidays=settings.holidays(),
                progress=bar.update,
            )
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
    try:
        found = get_study(db.session, slug)
        steps = len(chosen_definitions(db.session, found, instruments))
        with click.progressbar(length=steps, label="Tabulating", file=sys.stderr) as bar:
            tables = appendix(db.session, found, instruments, bar.update)
    except ServiceError as exc:
        fail(str(exc))
    written = appendix_workbook(
        tables.tables,
        output,
        title=tables.title,
        organisation=settings.organisation_name(),
        themes=tables.themes,
    )
    click.echo(f"Wrote {written} appendix table(s) to {output}")


@export.command(
    "report",
    help="The report (staff's sections, findings with charts, recommendations and responses), "
    "as .html or .docx.",
)
@click.argument("slug")
@_instrument_option
@_output_option
@with_appcontext
def export_report(slug: str, instruments: tuple[str, ...], output: Path) -> None:
    if output.suffix.lower() not in (".html", ".docx"):
        fail("Name the report file .html or .docx")
    report = _publication(slug, instruments)
    if output.suffix.lower() == ".docx":
        output.write_bytes(findings_docx(report))
    else:
        output.write_text(findings_html(report), encoding="utf-8")
    click.echo(f"Wrote the report to {output}")


@export.command("answers", help="Every answer, one row per answer value (.csv; no contacts).")
@click.argument("slug")
@_output_option
@with_appcontext
def export_answers(slug: str, output: Path) -> None:
    frame = tidy_frame(db.session, get_study(db.session, slug))
    output.write_text(spreadsheet_csv(frame), encoding="utf-8")
    click.echo(f"Wrote {len(frame)} answer row(s) to {output}")
