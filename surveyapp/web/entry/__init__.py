"""Keying returned paper forms (``/entry``): volunteers type the serial, then one box per
question laid out like the paper; they see only these screens, and of them only their own work."""

from flask import Blueprint

from surveyapp.web.entry import views

bp = Blueprint("entry", __name__, url_prefix="/entry")
bp.add_url_rule("/", "home", views.home)
bp.add_url_rule("/", "open_serial", views.open_serial, methods=["POST"])
bp.add_url_rule("/forms/<serial>", "key", views.key, methods=["GET", "POST"])
bp.add_url_rule("/forms/<serial>/correct", "correct", views.correct, methods=["GET", "POST"])
bp.add_url_rule("/forms/<serial>/saved", "saved", views.saved)

__all__ = ["bp"]
