"""An organisation's reply to a report: its answer and stance per recommendation, the actions
it promised and their reviews. Parse, call one service, render."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from surveyapp import settings
from surveyapp.extensions import db
from surveyapp.forms.tracker import ActionForm, ReviewForm, response_form_class
from surveyapp.services import ServiceError, tracker
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.tracker.common import as_of_day


@role_required(*STAFF)
def edit_action(action_id: int) -> Page:
    action = tracker.get_action(db.session, action_id)
    form = ActionForm(obj=action) if request.method == "GET" else ActionForm()
    if form.validate_on_submit():
        try:
            tracker.update_action(
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


@role_required(*STAFF)
def response(dispatch_id: int) -> Page:
    dispatch = tracker.get_dispatch(db.session, dispatch_id)
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
            tracker.RecommendationAnswer(
                r.id, form[f"answer_{r.id}"].data, form[f"stance_{r.id}"].data
            )
            for r in recommendations
        ]
        try:
            tracker.record_response(
                db.session,
                dispatch,
                form.received_on.data,
                form.general_response.data,
                answers,
                current_user,
            )
        except tracker.TrackerError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(f"Response from {dispatch.organisation.name} recorded.")
            return redirect(url_for(".response", dispatch_id=dispatch_id))
    return render_template(
        "tracker/response.html",
        title=f"Response from {dispatch.organisation.name}",
        dispatch=dispatch,
        view=tracker.view_dispatch(dispatch, as_of_day(), settings.holidays()),
        recommendations=recommendations,
        form=form,
        action_forms={a.id: ActionForm(prefix=f"action{a.id}") for a in dispatch.answers},
        review_forms={
            action.id: ReviewForm(prefix=f"review{action.id}")
            for a in dispatch.answers
            for action in a.actions
        },
    ), (400 if form.errors else 200)


@role_required(*STAFF)
def add_action(response_id: int) -> Page:
    form = ActionForm(prefix=f"action{response_id}")
    if form.validate_on_submit():
        action = tracker.add_action(
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


@role_required(*STAFF)
def review_action(action_id: int) -> Page:
    form = ReviewForm(prefix=f"review{action_id}")
    if form.validate_on_submit():
        review = tracker.review_action(
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


def _form_problem(form: FlaskForm) -> tuple[str, int]:
    return render_template("tracker/form_problem.html", title="There is a problem", form=form), 400
