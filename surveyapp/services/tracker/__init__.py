"""The recommendations tracker: reports and their recommendations, sending them, the replies,
actions promised and their reviews (every change audited), organisations and their contacts,
and what the dashboard and the tracker's files show."""

from surveyapp.services.tracker.actions import add_action, get_action, review_action, update_action
from surveyapp.services.tracker.common import TrackerError
from surveyapp.services.tracker.files import response_form_data, workbook_rows
from surveyapp.services.tracker.organisations import (
    add_contact,
    create_organisation,
    find_or_create_organisation,
    list_organisations,
)
from surveyapp.services.tracker.overview import dashboard, small_base, view_dispatch
from surveyapp.services.tracker.records import (
    RecommendationAnswer,
    add_evidence,
    add_recommendation,
    correct_sending,
    create_report,
    get_dispatch,
    get_report,
    import_recommendations,
    record_extension,
    record_response,
    report_history,
    send_report,
)

__all__ = [
    "RecommendationAnswer",
    "TrackerError",
    "add_action",
    "add_contact",
    "add_evidence",
    "add_recommendation",
    "correct_sending",
    "create_organisation",
    "create_report",
    "dashboard",
    "find_or_create_organisation",
    "get_action",
    "get_dispatch",
    "get_report",
    "import_recommendations",
    "list_organisations",
    "record_extension",
    "record_response",
    "report_history",
    "response_form_data",
    "review_action",
    "send_report",
    "small_base",
    "update_action",
    "view_dispatch",
    "workbook_rows",
]
