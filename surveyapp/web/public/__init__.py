"""The public pages: the studies open online, each questionnaire page by page (``/s/<study>/<key>``,
resumable by its link), the reference at the end, and the printable version."""

from flask import Blueprint

from surveyapp.web.public import views

bp = Blueprint("public", __name__)
bp.add_url_rule("/", "index", views.index)
bp.add_url_rule("/s/<slug>/<key>", "start", views.start, methods=["GET", "POST"])
bp.add_url_rule("/s/<slug>/<key>/start-again", "restart", views.restart, methods=["POST"])
bp.add_url_rule("/s/<slug>/<key>/r/<token>", "page", views.page, methods=["GET", "POST"])
bp.add_url_rule(
    "/s/<slug>/<key>/r/<token>/<section_id>", "page", views.page, methods=["GET", "POST"]
)
bp.add_url_rule("/s/<slug>/<key>/done/<reference>", "done", views.done)
bp.add_url_rule("/s/<slug>/<key>/print", "print_form", views.print_form)

__all__ = ["bp"]
