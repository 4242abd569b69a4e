"""The staff blueprint: studies, their instruments and returns, interviews keyed by staff."""

from surveyapp.staff.routes import bp

__all__ = ["bp"]
