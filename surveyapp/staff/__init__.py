"""The staff blueprint: studies, their instruments and returns, interviews keyed by staff."""

from surveyapp.staff import (  # noqa: F401 - register views
    coding_routes,
    findings_routes,  # noqa: F401 - registers the Findings views on bp
    import_routes,
    organisation_routes,
    paper_routes,
    tracker_downloads,
)
from surveyapp.staff.routes import bp
from surveyapp.staff.tracker_routes import bp as tracker_bp

__all__ = ["bp", "tracker_bp"]
