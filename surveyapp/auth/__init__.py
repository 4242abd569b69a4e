"""Sign in and out, and the role check every non-public page uses."""

from surveyapp.auth.routes import bp, role_required

__all__ = ["bp", "role_required"]
