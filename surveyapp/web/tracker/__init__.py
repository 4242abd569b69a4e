"""The recommendations tracker (``/staff/tracker``): the dashboard, reports and their
recommendations, sending them, the replies, actions and reviews, organisations, and the
tracker's files. The whole URL map is here; the views are in the modules beside it."""

from flask import Blueprint

from surveyapp.web.tracker import downloads, organisations, reports, responses

bp = Blueprint("tracker", __name__, url_prefix="/staff/tracker")

# The dashboard and reports
bp.add_url_rule("/", "dashboard", reports.dashboard)
bp.add_url_rule("/reports/new", "new_report", reports.new_report, methods=["GET", "POST"])
bp.add_url_rule("/reports/<int:report_id>", "report", reports.report)
bp.add_url_rule(
    "/reports/<int:report_id>/recommendations",
    "add_recommendation",
    reports.add_recommendation,
    methods=["POST"],
)
bp.add_url_rule(
    "/reports/<int:report_id>/import",
    "import_recommendations",
    reports.import_recommendations,
    methods=["POST"],
)
bp.add_url_rule(
    "/reports/<int:report_id>/recommendations/<int:recommendation_id>/evidence",
    "add_evidence",
    reports.add_evidence,
    methods=["POST"],
)
bp.add_url_rule("/reports/<int:report_id>/send", "send", reports.send, methods=["POST"])
bp.add_url_rule(
    "/dispatches/<int:dispatch_id>/extension", "extension", reports.extension, methods=["POST"]
)
bp.add_url_rule(
    "/dispatches/<int:dispatch_id>/sent-on",
    "correct_sending",
    reports.correct_sending,
    methods=["POST"],
)
bp.add_url_rule("/reports/<int:report_id>/history", "history", reports.history)

# Replies, actions and reviews
bp.add_url_rule(
    "/dispatches/<int:dispatch_id>/response",
    "response",
    responses.response,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/actions/<int:action_id>/edit", "edit_action", responses.edit_action, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/responses/<int:response_id>/actions", "add_action", responses.add_action, methods=["POST"]
)
bp.add_url_rule(
    "/actions/<int:action_id>/reviews",
    "review_action",
    responses.review_action,
    methods=["POST"],
)

# Organisations and files
bp.add_url_rule(
    "/organisations", "organisations", organisations.organisations, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/reports/<int:report_id>/response-form.docx",
    "response_form_docx",
    downloads.response_form_docx,
)
bp.add_url_rule("/tracker.xlsx", "workbook", downloads.workbook)

__all__ = ["bp"]
