"""``surveyapp contacts``: contact details respondents left, kept apart from the answers."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from surveyapp.extensions import db
from surveyapp.services.responses import purge_expired_contacts


@click.group(help="Contact details respondents left (kept apart from answers).")
def contacts() -> None:
    pass


@contacts.command("purge", help="Delete contact details past their retention date (run daily).")
@with_appcontext
def contacts_purge() -> None:
    click.echo(f"Deleted {purge_expired_contacts(db.session)} expired contact record(s).")
