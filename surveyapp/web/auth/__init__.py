"""Signing in and out (``/login``, ``/logout``), and ``role_required`` for every other page."""

from flask import Blueprint

from surveyapp.extensions import login_manager
from surveyapp.web.auth import views
from surveyapp.web.auth.roles import KEYERS, STAFF, role_required

bp = Blueprint("auth", __name__)
bp.add_url_rule("/login", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])

login_manager.user_loader(views.load_user)
login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see that page."

__all__ = ["KEYERS", "STAFF", "bp", "role_required"]
