"""``surveyapp study``: create a study, attach questionnaire versions, set the share of paper
forms keyed twice, set the day it closes (and so how long contact details are kept)."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import with_appcontext

from surveyapp.cli.common import fail
from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.paper import set_double_entry
from surveyapp.services.responses import study_contacts_end
from surveyapp.services.studies import attach_instrument, close_study, create_study, get_study


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
    try:
        created = create_study(db.session, slug, name, list(instruments), description)
    except ServiceError as exc:
        fail(str(exc))
    click.echo(f"Created study '{created.slug}' with {len(created.instruments)} instrument(s).")


@study.command("attach", help="Attach a published version (e.g. patient/v2) to a study.")
@click.argument("slug")
@click.argument("instrument")
@with_appcontext
def study_attach(slug: str, instrument: str) -> None:
    try:
        attached = attach_instrument(db.session, slug, instrument)
    except ServiceError as exc:
        fail(str(exc))
    click.echo(f"Attached {attached.questionnaire_version.label} to '{slug}'.")


@study.command("double-entry", help="Set the share of paper forms keyed twice, blind (0-100).")
@click.argument("slug")
@click.argument("percent", type=int)
@with_appcontext
def study_double_entry(slug: str, percent: int) -> None:
    try:
        set_double_entry(db.session, get_study(db.session, slug), percent, None)
    except ServiceError as exc:
        fail(str(exc))
    click.echo(f"{percent}% of '{slug}' paper forms will be keyed twice from now on.")


@study.command(
    "close",
    help="Set the day a study closes; the contact details people left are deleted "
    "--keep-contacts-months after it (12 by default) at the latest.",
)
@click.argument("slug")
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="YYYY-MM-DD; today if left out.",
)
@click.option("--keep-contacts-months", type=int, default=12, show_default=True)
@with_appcontext
def study_close(slug: str, on: dt.datetime | None, keep_contacts_months: int) -> None:
    found = get_study(db.session, slug)
    day = on.date() if on else dt.date.today()
    try:
        close_study(db.session, found, day, keep_contacts_months)
    except ServiceError as exc:
        fail(str(exc))
    click.echo(
        f"Study '{slug}' closes on {day:%-d %B %Y}; contact details are kept until "
        f"{study_contacts_end(found):%-d %B %Y} at the latest."
    )
