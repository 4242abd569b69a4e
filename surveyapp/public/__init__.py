"""The public blueprint: patients, carers and professionals answering questionnaires online."""

from surveyapp.public.routes import bp

__all__ = ["bp"]
