"""The recommendation tracker, for staff: parse, call one service, render."""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.auth import role_required
from surveyapp.extensions import db
from surveyapp.forms.tracker import (
    FIRST_YEAR,
    ActionForm,
    CorrectSendingForm,
    EvidenceForm,
    ExtensionForm,
    ImportForm,
    RecommendationForm,
    ReportForm,
    ReviewForm,
    SendForm,
    response_form_class,
)
from surveyapp.services import ServiceError, actions, studies
from surveyapp.services import organisations as organisations_service
from surveyapp.services import tracker as records
from surveyapp.services.tracker_overview import dashboard as build_dashboard
from surveyapp.services.tracker_overview import small_base, view_dispatch

bp = Blueprint("tracker", __name__, url_prefix="/staff/tracker")
STAFF = ("staff", "admin")

Page = str | WerkzeugResponse | tuple[str, int]


def _as_of() -> dt.date:
    """The day statuses are worked out for: today, or ``?as_of=YYYY-MM-DD`` to look back."""
    today = dt.date.today()
    try:
        asked = dt.date.fromisoformat(request.args.get("as_of", ""))
    except ValueError:
        return today
    return asked if FIRST_YEAR <= asked.year <= today.year + 5 else today


def _id_arg(name: str) -> int | None:
    """An id from the query string, or None (ASCII digits only, and no longer than an id)."""
    value = request.args.get(name, "")
    return int(value) if re.fullmatch(r"[0-9]{1,9}", value) else None


def _organisation_choices() -> list[tuple[str, str]]:
    return [(str(o.id), o.name) for o in organisations_service.list_organisations(db.session)]


@bp.get("/")
@role_required(*STAFF)
def dashboard() -> str:
    organisation = _id_arg("organisation")
    show_all = request.args.get("show") == "all"
    as_of = _as_of()
    rows = build_dashboard(db.session, as_of, organisation, open_only=not show_all)
    return render_template(
        "tracker/dashboard.html",
        title="Recommendations tracker",
        rows=rows,
        as_of=as_of,
        organisations=organisations_service.list_organisations(db.session),
        chosen=str(organisation or ""),
        show_all=show_all,
    )


@bp.route("/reports/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new_report() -> Page:
    form = ReportForm()
    form.study_id.choices = [("", "None")] + [
        (str(s.id), s.name) for s in studies.list_studies(db.session)
    ]
    if form.validate_on_submit():
        report = records.create_report(
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
    report = records.get_report(db.session, report_id)
    choices = _organisation_choices()
    recommendation, pasted, send = RecommendationForm(), ImportForm(), SendForm()
    recommendation.organisations.choices = choices
    pasted.organisations.choices = choices
    send.organisation_id.choices = choices
    send.contact_id.choices = [("", "None")] + [
        (str(c.id), f"{o.name}: {c.name}")
        for o in organisations_service.list_organisations(db.session)
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
    report = records.get_report(db.session, report_id)
    as_of = _as_of()
    return render_template(
        "tracker/report.html",
        title=report.title,
        report=report,
        views=[view_dispatch(d, as_of) for d in report.dispatches],
        small_base={r.id: small_base(r) for r in report.recommendations},
        as_of=as_of,
        **forms,
    ), status


@bp.get("/reports/<int:report_id>")
@role_required(*STAFF)
def report(report_id: int) -> Page:
    return _render_report(report_id, _report_forms(report_id))


def _post(report_id: int, form_name: str, action, item: int | None = None) -> Page:  # noqa: ANN001
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


@bp.post("/reports/<int:report_id>/recommendations")
@role_required(*STAFF)
def add_recommendation(report_id: int) -> Page:
    def add(form: RecommendationForm) -> str:
        report = records.get_report(db.session, report_id)
        added = records.add_recommendation(
            db.session,
            report,
            int(form.number.number),
            form.text.data,
            form.organisations.ids,
            current_user,
        )
        return f"Recommendation {added.number} added."

    return _post(report_id, "recommendation_form", add)


@bp.post("/reports/<int:report_id>/import")
@role_required(*STAFF)
def import_recommendations(report_id: int) -> Page:
    def pasted(form: ImportForm) -> str:
        from surveyapp.services.recommendation_lists import lines_from_file

        text = form.pasted.data or ""
        if form.upload.data:
            text += "\n" + lines_from_file(form.upload.data.filename, form.upload.data.read())
        result = records.import_recommendations(
            db.session,
            records.get_report(db.session, report_id),
            text,
            form.organisations.ids,
            current_user,
        )
        return " ".join([f"{len(result.added)} recommendation(s) imported.", *result.problems])

    return _post(report_id, "import_form", pasted)


@bp.post("/reports/<int:report_id>/recommendations/<int:recommendation_id>/evidence")
@role_required(*STAFF)
def add_evidence(report_id: int, recommendation_id: int) -> Page:
    def add(form: EvidenceForm) -> str:
        base = int(form.base_n.number) if form.base_n.number is not None else None
        records.add_evidence(
            db.session, recommendation_id, form.kind.data, form.label.data, base, current_user
        )
        return "Evidence added."

    return _post(report_id, "evidence_forms", add, item=recommendation_id)


@bp.post("/reports/<int:report_id>/send")
@role_required(*STAFF)
def send(report_id: int) -> Page:
    def sent(form: SendForm) -> str:
        dispatch = records.send_report(
            db.session,
            records.get_report(db.session, report_id),
            int(form.organisation_id.data),
            form.sent_on.data,
            current_user,
            contact_id=int(form.contact_id.data) if form.contact_id.data else None,
        )
        view = view_dispatch(dispatch, _as_of())
        return (
            f"Sent to {dispatch.organisation.name}: a response is due by "
            f"{view.timing.deadline:%-d %B %Y} (20 working days)."
        )

    return _post(report_id, "send_form", sent)


@bp.post("/dispatches/<int:dispatch_id>/extension")
@role_required(*STAFF)
def extension(dispatch_id: int) -> Page:
    dispatch = records.get_dispatch(db.session, dispatch_id)

    def extend(form: ExtensionForm) -> str:
        records.record_extension(
            db.session, dispatch, form.extended_to.data, form.reason.data, current_user
        )
        return f"Extension to {form.extended_to.data:%-d %B %Y} recorded."

    return _post(dispatch.report_id, "extension_forms", extend, item=dispatch_id)


@bp.post("/dispatches/<int:dispatch_id>/sent-on")
@role_required(*STAFF)
def correct_sending(dispatch_id: int) -> Page:
    dispatch = records.get_dispatch(db.session, dispatch_id)

    def correct(form: CorrectSendingForm) -> str:
        records.correct_sending(
            db.session, dispatch, form.sent_on.data, form.reason.data, current_user
        )
        return f"Date sent corrected to {form.sent_on.data:%-d %B %Y}."

    return _post(dispatch.report_id, "correction_forms", correct, item=dispatch_id)


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_action(action_id: int) -> Page:
    action = actions.get_action(db.session, action_id)
    form = ActionForm(obj=action) if request.method == "GET" else ActionForm()
    if form.validate_on_submit():
        try:
            actions.update_action(
                db.session,
                action,
                form.description.data,
                form.owner.data,
                form.due_on.data,
                current_user,
            )
        except ServiceError as exc:
            form.description.errors.append(str(exc))
        else:
            flash("Action changed.")
            return redirect(url_for(".response", dispatch_id=action.response.dispatch_id))
    return render_template(
        "tracker/edit_action.html", title="Change an action", form=form, action=action
    ), (400 if form.errors else 200)


@bp.route("/dispatches/<int:dispatch_id>/response", methods=["GET", "POST"])
@role_required(*STAFF)
def response(dispatch_id: int) -> Page:
    dispatch = records.get_dispatch(db.session, dispatch_id)
    recommendations = dispatch.report.recommendations
    form_class = response_form_class(recommendations)
    saved = {a.recommendation_id: a for a in dispatch.answers}
    data = {"received_on": dispatch.received_on, "general_response": dispatch.general_response}
    for r in recommendations:
        if r.id in saved:
            data[f"answer_{r.id}"] = saved[r.id].answer
            data[f"stance_{r.id}"] = saved[r.id].stance
    form = form_class(data=data) if request.method == "GET" else form_class()
    if form.validate_on_submit():
        answers = [
            records.GivenAnswer(r.id, form[f"answer_{r.id}"].data, form[f"stance_{r.id}"].data)
            for r in recommendations
        ]
        try:
            records.record_response(
                db.session,
                dispatch,
                form.received_on.data,
                form.general_response.data,
                answers,
                current_user,
            )
        except records.TrackerError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(f"Response from {dispatch.organisation.name} recorded.")
            return redirect(url_for(".response", dispatch_id=dispatch_id))
    return render_template(
        "tracker/response.html",
        title=f"Response from {dispatch.organisation.name}",
        dispatch=dispatch,
        view=view_dispatch(dispatch, _as_of()),
        recommendations=recommendations,
        form=form,
        action_forms={a.id: ActionForm(prefix=f"action{a.id}") for a in dispatch.answers},
        review_forms={
            action.id: ReviewForm(prefix=f"review{action.id}")
            for a in dispatch.answers
            for action in a.actions
        },
    ), (400 if form.errors else 200)


@bp.post("/responses/<int:response_id>/actions")
@role_required(*STAFF)
def add_action(response_id: int) -> Page:
    form = ActionForm(prefix=f"action{response_id}")
    if form.validate_on_submit():
        action = actions.add_action(
            db.session,
            response_id,
            form.description.data,
            form.owner.data,
            form.due_on.data,
            current_user,
        )
        flash("Action recorded.")
        return redirect(url_for(".response", dispatch_id=action.response.dispatch_id))
    return _form_problem(form)


@bp.post("/actions/<int:action_id>/reviews")
@role_required(*STAFF)
def review_action(action_id: int) -> Page:
    form = ReviewForm(prefix=f"review{action_id}")
    if form.validate_on_submit():
        review = actions.review_action(
            db.session,
            action_id,
            form.reviewed_on.data,
            form.state.data,
            form.impact.data,
            current_user,
        )
        flash("Review recorded.")
        return redirect(url_for(".response", dispatch_id=review.action.response.dispatch_id))
    return _form_problem(form)


def _form_problem(form) -> tuple[str, int]:  # noqa: ANN001 - any FlaskForm
    return render_template("tracker/form_problem.html", title="There is a problem", form=form), 400


@bp.get("/reports/<int:report_id>/history")
@role_required(*STAFF)
def history(report_id: int) -> str:
    report = records.get_report(db.session, report_id)
    return render_template(
        "tracker/history.html",
        title=f"History: {report.title}",
        report=report,
        entries=records.report_history(db.session, report_id),
    )
