"""``surveyapp demo`` and ``surveyapp serve``: the demo studies, and the development server."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from surveyapp import settings
from surveyapp.extensions import db
from surveyapp.migrate import upgrade
from surveyapp.services.demo import DEMO_PASSWORD, load_demo


@click.command(help="Load the demo study (generated responses, marked as demo data).")
@click.option("--responses", default=300, show_default=True, help="Patient responses to generate.")
@click.option("--seed", default=2023, show_default=True, help="Random seed, for repeatable data.")
@with_appcontext
def demo(responses: int, seed: int) -> None:
    upgrade(db.engine)
    summary = load_demo(
        db.session, patient_responses=responses, seed=seed, holidays=settings.holidays()
    )
    for line in summary:
        click.echo(line)
    click.echo(f"Demo sign-in: admin@example.org / {DEMO_PASSWORD} (demo only; change it).")


@click.command(
    help="Serve the app (development server; use a WSGI server with wsgi:app in production)."
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def serve(host: str, port: int) -> None:
    # Flask refuses app.run() inside its own CLI; run_simple is what it would call.
    run_simple(host, port, current_app._get_current_object(), threaded=True)
