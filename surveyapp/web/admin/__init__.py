"""Admins (``/admin``): the people who sign in, and each published questionnaire version."""

from flask import Blueprint

from surveyapp.web.admin import views

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.add_url_rule("/users", "users", views.users, methods=["GET", "POST"])
bp.add_url_rule("/users/<int:user_id>", "user", views.user)
bp.add_url_rule("/users/<int:user_id>/access", "user_access", views.user_access, methods=["POST"])
bp.add_url_rule(
    "/users/<int:user_id>/password", "user_password", views.user_password, methods=["POST"]
)
bp.add_url_rule("/activity", "activity", views.activity)
bp.add_url_rule("/questionnaires", "questionnaires", views.questionnaires)

__all__ = ["bp"]
