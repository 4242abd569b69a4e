"""A service evaluation's page: its records summed up for a period, and the workbook."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.evaluation.overview import evaluation_page
from surveyapp.services.studies import get_study
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.staff.jobs import ask, file_or_progress


@role_required(*STAFF)
def evaluation(slug: str) -> Page:
    start, end = request.args.get("from") or None, request.args.get("to") or None
    try:
        page = evaluation_page(db.session, slug, start, end)
        error = None
    except ServiceError as exc:
        page, error = evaluation_page(db.session, slug), str(exc)
    return render_template(
        "staff/evaluation.html",
        title=f"Service evaluation: {page.study.name}",
        page=page,
        typed={"from": start or "", "to": end or ""},
        error=error,
    ), (400 if error else 200)


def _evaluation_file(slug: str, format: str) -> Response:
    """The workbook or report for the period asked, when made for the records as they are;
    else the page of its making."""
    page = evaluation_page(db.session, get_study(db.session, slug).slug,
                           request.args.get("from"), request.args.get("to"))  # fmt: skip
    if page.period is None:  # no records yet: the page says how to import them
        return redirect(url_for(".evaluation", slug=slug), code=303)
    params = {
        "from": page.period.start.isoformat(),
        "to": page.period.end.isoformat(),
        "format": format,
    }
    return file_or_progress(ask("evaluation", slug, params))


@role_required(*STAFF)
def evaluation_workbook(slug: str) -> Response:
    return _evaluation_file(slug, "xlsx")


@role_required(*STAFF)
def evaluation_report(slug: str, format: str) -> Response:
    return _evaluation_file(slug, format)
