"""``surveyapp users``: create the people who sign in, without a prompt."""

from __future__ import annotations

import os

import click
from flask.cli import with_appcontext

from surveyapp.cli.common import fail
from surveyapp.extensions import db
from surveyapp.services.accounts import AccountError, create_user


@click.group(help="Manage the people who sign in.")
def users() -> None:
    pass


@users.command("create", help="Create a user without a prompt.")
@click.argument("email")
@click.option("--role", type=click.Choice(["volunteer", "staff", "admin"]), required=True)
@click.option("--name", default="", help="Defaults to the email address.")
@click.option(
    "--password-env",
    default="SURVEYAPP_PASSWORD",
    show_default=True,
    help="Environment variable holding the password (kept out of shell history).",
)
@click.option("--password", default=None, help="The password itself (prefer --password-env).")
@with_appcontext
def users_create(email: str, role: str, name: str, password_env: str, password: str | None) -> None:
    secret = password or os.environ.get(password_env)
    if not secret:
        fail(f"Give the password in ${password_env} (or --password).")
    try:
        user = create_user(db.session, email, name, role, secret)
    except AccountError as exc:
        fail(str(exc))
    click.echo(f"Created {user.role} {user.email}.")
