"""The ``surveyapp`` commands, a module per command group. Every command works on the configured
database (``DATABASE_URL``; SQLite under ``instance/`` by default) and asks no questions, so it
can run from scripts and CI. The entry point is ``surveyapp.__main__``."""

from __future__ import annotations

from flask import Flask

from surveyapp.cli.backup import backup, restore
from surveyapp.cli.contacts import contacts
from surveyapp.cli.database import database
from surveyapp.cli.demo import demo, serve
from surveyapp.cli.exports import export
from surveyapp.cli.imports import import_group
from surveyapp.cli.jobs import jobs
from surveyapp.cli.paper import paper
from surveyapp.cli.questionnaires import questionnaires
from surveyapp.cli.studies import study
from surveyapp.cli.themes import themes
from surveyapp.cli.users import users

COMMANDS = (
    database,
    backup,
    restore,
    questionnaires,
    study,
    users,
    contacts,
    paper,
    import_group,
    themes,
    export,
    jobs,
    demo,
    serve,
)


def register_commands(app: Flask) -> None:
    """Put every command group on ``app.cli`` (what the ``surveyapp`` command runs)."""
    for command in COMMANDS:
        app.cli.add_command(command)
