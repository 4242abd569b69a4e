"""The tracker's files: the response form (.docx) and the tracker workbook (.xlsx)."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.auth import role_required
from surveyapp.extensions import db
from surveyapp.services import tracker as records
from surveyapp.staff.tracker_routes import STAFF, _as_of, _id_arg, bp


@bp.get("/reports/<int:report_id>/response-form.docx")
@role_required(*STAFF)
def response_form_docx(report_id: int) -> WerkzeugResponse:
    """The Report & Recommendation Response Form for one organisation the report was sent to
    (``?dispatch=<id>``; the first one otherwise)."""
    from exports.response_form import response_form_docx as write_docx
    from surveyapp.services.tracker_files import response_form_data

    report = records.get_report(db.session, report_id)
    if not report.dispatches:
        flash("Record who the report was sent to first: the form is addressed to them.")
        return redirect(url_for(".report", report_id=report_id))
    chosen = _id_arg("dispatch")
    dispatches = [d for d in report.dispatches if chosen is None or d.id == chosen]
    if not dispatches:
        abort(404)
    data = write_docx(response_form_data(dispatches[0], _as_of()))
    return _download(data, f"response-form-{report_id}-{dispatches[0].id}.docx", DOCX)


@bp.get("/tracker.xlsx")
@role_required(*STAFF)
def workbook() -> WerkzeugResponse:
    from exports.tracker_workbook import tracker_workbook
    from surveyapp.services.tracker_files import workbook_rows

    as_of = _as_of()
    rows = workbook_rows(db.session, as_of, _id_arg("report"))
    return _download(tracker_workbook(*rows, as_of=as_of), f"tracker-{as_of}.xlsx", XLSX)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, filename: str, mimetype: str) -> WerkzeugResponse:
    from flask import Response as FlaskResponse

    return FlaskResponse(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
