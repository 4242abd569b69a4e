"""WSGI entry point: ``gunicorn wsgi:app`` (configuration from the environment)."""

from surveyapp.app import create_app

app = create_app()
