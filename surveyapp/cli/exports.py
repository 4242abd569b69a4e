"""``surveyapp export``: a study's appendix workbook, findings report, answers or data for
researchers, written by ``exports`` from what the services return."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import with_appcontext

from exports.csv import spreadsheet_csv
from exports.research.stats_files import FORMATS as RESEARCH_FORMATS
from surveyapp.cli.common import fail
from surveyapp.cli.jobs import assert_file, in_foreground
from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.evaluation.overview import chosen_period
from surveyapp.services.evaluation.report import FORMATS, evaluation_file
from surveyapp.services.responses import tidy_frame
from surveyapp.services.studies import get_study
from surveyapp.settings import organisation_name, small_base


@click.group(help="Write a study's appendix workbook, findings report or answers.")
def export() -> None:
    pass


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
    # The same job the web app runs: a workbook made already for the same data is reused.
    job, kept = in_foreground("appendix", slug, {"instruments": list(instruments)})
    assert_file(kept, output)
    click.echo(f"Wrote {job.summary} to {output}")


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
    fmt = output.suffix.lower().lstrip(".")
    _job, kept = in_foreground("report", slug, {"instruments": list(instruments), "format": fmt})
    assert_file(kept, output)
    click.echo(f"Wrote the report to {output}")


@export.command("answers", help="Every answer, one row per answer value (.csv; no contacts).")
@click.argument("slug")
@_output_option
@with_appcontext
def export_answers(slug: str, output: Path) -> None:
    frame = tidy_frame(db.session, get_study(db.session, slug))
    output.write_text(spreadsheet_csv(frame), encoding="utf-8")
    click.echo(f"Wrote {len(frame)} answer row(s) to {output}")


@export.command(
    "data",
    help="A questionnaire's data for researchers, one row per response (its versions pooled), "
    "as the output file's name ends: .csv, .sav (SPSS) or .dta (Stata; both with the printed "
    "questions and options as labels and the answer states as missing values). No contacts.",
)
@click.argument("slug")
@click.option("-i", "--instrument", required=True, help="The questionnaire, e.g. -i patient.")
@_output_option
@with_appcontext
def export_data(slug: str, instrument: str, output: Path) -> None:
    format = output.suffix.lower().lstrip(".")
    if format not in RESEARCH_FORMATS:
        fail(f"Name the output file .csv, .sav (SPSS) or .dta (Stata): '{output}'")
    job, kept = in_foreground("research", slug, {"instrument": instrument, "format": format})
    assert_file(kept, output)
    click.echo(f"Wrote {output}: {job.summary}.")


@export.command(
    "evaluation",
    help="A service evaluation from the service records imported into study SLUG, as the "
    "output file's name ends: .xlsx, the workbook (at a glance, then referrals, waits, caseloads, "
    "length of support, needs and who is reached, each table with its period and base); .html "
    "or .docx, the report, with charts and the approved case studies.",
)
@click.argument("slug")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="First day of the period, like 2021-03-01.")  # fmt: skip
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Last day of the period, like 2022-03-31.")  # fmt: skip
@_output_option
@with_appcontext
def export_evaluation(slug: str, start: dt.datetime, end: dt.datetime, output: Path) -> None:
    format = output.suffix.lower().lstrip(".")
    if format not in FORMATS:
        fail(f"Name the output file .xlsx (the workbook), .html or .docx (the report): '{output}'")
    try:
        period = chosen_period(start.date().isoformat(), end.date().isoformat(), None)
        made = evaluation_file(
            db.session,
            slug,
            period,
            format,
            organisation=organisation_name(),
            small_base=small_base(),
        )
    except ServiceError as exc:
        fail(str(exc))
    output.write_bytes(made.data)
    click.echo(f"Wrote {output}: {made.summary}.")
