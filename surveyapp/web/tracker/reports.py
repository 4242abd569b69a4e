"""The recommendations tracker's dashboard and its reports: recording a report and its
recommendations, sending it, extensions and corrections, and each report's history. Parse, call
one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp import settings
from surveyapp.extensions import db
from surveyapp.forms.tracker import (
    CorrectSendingForm,
    EvidenceForm,
    ExtensionForm,
    ImportForm,
    RecommendationForm,
    ReportForm,
    SendForm,
)
from surveyapp.services import ServiceError, studies, tracker
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.tracker.common import as_of_day, id_arg, organisation_choices


@role_required(*STAFF)
def dashboard() -> str:
    organisation = id_arg("organisation")
    show_all = request.args.get("show") == "all"
    as_of = as_of_day()
    rows = tracker.dashboard(
        db.session, as_of, settings.holidays(), organisation, open_only=not show_all
    )
    return render_template(
        "tracker/dashboard.html",
        title="Recommendations tracker",
        rows=rows,
        as_of=as_of,
        organisations=tracker.list_organisations(db.session),
        chosen=str(organisation or ""),
        show_all=show_all,
    )


@role_required(*STAFF)
def new_report() -> Page:
    form = ReportForm()
    form.study_id.choices = [("", "None")] + [
        (str(s.id), s.name) for s in studies.list_studies(db.session)
    ]
    if form.validate_on_submit():
        report = tracker.create_report(
            db.session,
            form.title.data,
            form.published_on.data,
            int(form.study_id.data) if form.study_id.data else None,
            current_user,
        )
        flash(f"Report '{report.title}' recorded. Now add its recommendations.")
        return redirect(url_for(".report", report_id=report.id))
    return render_template("tracker/new_report.html", title="Record a report", form=form), (
        400 if form.errors else 200
    )


def _report_forms(report_id: int) -> dict:
    """Every form of the report page. Forms repeated per recommendation or per dispatch carry a
    prefix, so their fields have ids of their own and a failed post shows in the right one."""
    report = tracker.get_report(db.session, report_id)
    choices = organisation_choices()
    recommendation, pasted, send = RecommendationForm(), ImportForm(), SendForm()
    recommendation.organisations.choices = choices
    pasted.organisations.choices = choices
    send.organisation_id.choices = choices
    send.contact_id.choices = [("", "None")] + [
        (str(c.id), f"{o.name}: {c.name}")
        for o in tracker.list_organisations(db.session)
        for c in o.contacts
    ]
    return {
        "recommendation_form": recommendation,
        "import_form": pasted,
        "send_form": send,
        "evidence_forms": {
            r.id: EvidenceForm(prefix=f"evidence{r.id}") for r in report.recommendations
        },
        "extension_forms": {
            d.id: ExtensionForm(prefix=f"extension{d.id}") for d in report.dispatches
        },
        "correction_forms": {
            d.id: CorrectSendingForm(prefix=f"correct{d.id}") for d in report.dispatches
        },
    }


def _render_report(report_id: int, forms: dict, status: int = 200) -> tuple[str, int]:
    report = tracker.get_report(db.session, report_id)
    as_of = as_of_day()
    return render_template(
        "tracker/report.html",
        title=report.title,
        report=report,
        views=[tracker.view_dispatch(d, as_of, settings.holidays()) for d in report.dispatches],
        small_base={
            r.id: tracker.small_base(r, settings.small_base()) for r in report.recommendations
        },
        as_of=as_of,
        **forms,
    ), status


@role_required(*STAFF)
def report(report_id: int) -> Page:
    return _render_report(report_id, _report_forms(report_id))


def _post(
    report_id: int, form_name: str, action: Callable[[Any], str], item: int | None = None
) -> Page:
    """Validate one of the report page's forms; on success call ``action(form)`` and go back to
    the report; on a mistake show the page again with every field as typed."""
    forms = _report_forms(report_id)
    form = forms[form_name] if item is None else forms[form_name].get(item)
    if form is None:
        abort(404)
    if form.validate_on_submit():
        try:
            message = action(form)
        except ServiceError as exc:  # a refused change, or a record gone meanwhile
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(message)
            return redirect(url_for(".report", report_id=report_id))
    return _render_report(report_id, forms, 400)


@role_required(*STAFF)
def add_recommendation(report_id: int) -> Page:
    def add(form: RecommendationForm) -> str:
        report = tracker.get_report(db.session, report_id)
        added = tracker.add_recommendation(
            db.session,
            report,
            int(form.number.number),
            form.text.data,
            form.organisations.ids,
            current_user,
        )
        return f"Recommendation {added.number} added."

    return _post(report_id, "recommendation_form", add)


@role_required(*STAFF)
def import_recommendations(report_id: int) -> Page:
    def pasted(form: ImportForm) -> str:
        upload = form.upload.data
        result = tracker.import_recommendations(
            db.session,
            tracker.get_report(db.session, report_id),
            form.pasted.data or "",
            form.organisations.ids,
            current_user,
            upload=(upload.filename, upload.read()) if upload else None,
        )
        return " ".join([f"{len(result.added)} recommendation(s) imported.", *result.problems])

    return _post(report_id, "import_form", pasted)


@role_required(*STAFF)
def add_evidence(report_id: int, recommendation_id: int) -> Page:
    def add(form: EvidenceForm) -> str:
        base = int(form.base_n.number) if form.base_n.number is not None else None
        tracker.add_evidence(
            db.session, recommendation_id, form.kind.data, form.label.data, base, current_user
        )
        return "Evidence added."

    return _post(report_id, "evidence_forms", add, item=recommendation_id)


@role_required(*STAFF)
def send(report_id: int) -> Page:
    def sent(form: SendForm) -> str:
        dispatch = tracker.send_report(
            db.session,
            tracker.get_report(db.session, report_id),
            int(form.organisation_id.data),
            form.sent_on.data,
            current_user,
            contact_id=int(form.contact_id.data) if form.contact_id.data else None,
        )
        view = tracker.view_dispatch(dispatch, as_of_day(), settings.holidays())
        return (
            f"Sent to {dispatch.organisation.name}: a response is due by "
            f"{view.timing.deadline:%-d %B %Y} (20 working days)."
        )

    return _post(report_id, "send_form", sent)


@role_required(*STAFF)
def extension(dispatch_id: int) -> Page:
    dispatch = tracker.get_dispatch(db.session, dispatch_id)

    def extend(form: ExtensionForm) -> str:
        tracker.record_extension(
            db.session,
            dispatch,
            form.extended_to.data,
            form.reason.data,
            current_user,
            holidays=settings.holidays(),
        )
        return f"Extension to {form.extended_to.data:%-d %B %Y} recorded."

    return _post(dispatch.report_id, "extension_forms", extend, item=dispatch_id)


@role_required(*STAFF)
def correct_sending(dispatch_id: int) -> Page:
    dispatch = tracker.get_dispatch(db.session, dispatch_id)

    def correct(form: CorrectSendingForm) -> str:
        tracker.correct_sending(
            db.session, dispatch, form.sent_on.data, form.reason.data, current_user
        )
        return f"Date sent corrected to {form.sent_on.data:%-d %B %Y}."

    return _post(dispatch.report_id, "correction_forms", correct, item=dispatch_id)


@role_required(*STAFF)
def history(report_id: int) -> str:
    report = tracker.get_report(db.session, report_id)
    return render_template(
        "tracker/history.html",
        title=f"History: {report.title}",
        report=report,
        entries=tracker.report_history(db.session, report_id),
    )
