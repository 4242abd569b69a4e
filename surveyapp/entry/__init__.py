"""The entry blueprint: volunteers key returned paper forms (and nothing else)."""

from surveyapp.entry.routes import bp

__all__ = ["bp"]
