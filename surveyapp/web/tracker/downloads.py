"""The tracker's files: the response form (.docx) and the tracker workbook (.xlsx)."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from exports.tracker.response_form import response_form_docx as write_docx
from exports.tracker.workbook import tracker_workbook
from surveyapp import settings
from surveyapp.extensions import db
from surveyapp.services import tracker
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.downloads import DOCX, XLSX, attachment
from surveyapp.web.tracker.common import as_of_day, id_arg


@role_required(*STAFF)
def response_form_docx(report_id: int) -> WerkzeugResponse:
    """The Report & Recommendation Response Form for one organisation the report was sent to
    (``?dispatch=<id>``; the first one otherwise)."""
    report = tracker.get_report(db.session, report_id)
    if not report.dispatches:
        flash("Record who the report was sent to first: the form is addressed to them.")
        return redirect(url_for(".report", report_id=report_id))
    chosen = id_arg("dispatch")
    dispatches = [d for d in report.dispatches if chosen is None or d.id == chosen]
    if not dispatches:
        abort(404)
    data = write_docx(
        tracker.response_form_data(
            dispatches[0], as_of_day(), settings.holidays(), settings.organisation_name()
        )
    )
    return attachment(data, f"response-form-{report_id}-{dispatches[0].id}.docx", DOCX)


@role_required(*STAFF)
def workbook() -> WerkzeugResponse:
    as_of = as_of_day()
    rows = tracker.workbook_rows(
        db.session, as_of, settings.holidays(), settings.small_base(), id_arg("report")
    )
    return attachment(tracker_workbook(*rows, as_of=as_of), f"tracker-{as_of}.xlsx", XLSX)
