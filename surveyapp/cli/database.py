"""``surveyapp db``: create the database, or bring it up to date."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from surveyapp.extensions import db
from surveyapp.migrate import upgrade


@click.group("db", help="Create or upgrade the database.")
def database() -> None:
    pass


@database.command("upgrade", help="Create the database, or bring it up to date (Alembic).")
@with_appcontext
def db_upgrade() -> None:
    upgrade(db.engine)
    click.echo(f"Database is up to date: {_safe_url(str(current_app.config['DATABASE_URL']))}")


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
