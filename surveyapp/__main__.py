"""The ``surveyapp`` command (also ``python -m surveyapp``): Flask's command group on the app
made by ``create_app``, with every command of ``surveyapp.cli``."""

from __future__ import annotations

from flask.cli import FlaskGroup

from surveyapp.app import create_app

main = FlaskGroup(
    create_app=create_app,
    add_default_commands=False,
    help="Survey and evaluation platform: questionnaires online and on paper, analysis, "
    "appendices and recommendation tracking.",
)

if __name__ == "__main__":
    main()
