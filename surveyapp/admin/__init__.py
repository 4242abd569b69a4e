"""The admin blueprint: users and questionnaire versions."""

from surveyapp.admin.routes import bp

__all__ = ["bp"]
