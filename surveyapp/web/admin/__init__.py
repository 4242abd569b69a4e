"""Admins (``/admin``): the people who sign in, and each published questionnaire version."""

from flask import Blueprint

from surveyapp.web.admin import views

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.add_url_rule("/users", "users", views.users, methods=["GET", "POST"])
bp.add_url_rule("/questionnaires", "questionnaires", views.questionnaires)

__all__ = ["bp"]
