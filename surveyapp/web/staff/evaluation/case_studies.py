"""A service evaluation's case studies: written against a record, anonymised as they will be
published, approved (with consent recorded) before the report prints them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from surveyapp.extensions import db
from surveyapp.forms.evaluation import CaseStudyForm
from surveyapp.services import ServiceError
from surveyapp.services.evaluation import case_studies as service
from surveyapp.services.studies import get_study
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required


@role_required(*STAFF)
def case_studies(slug: str) -> Page:
    study = get_study(db.session, slug)
    return render_template(
        "staff/case_studies.html",
        title=f"Case studies: {study.name}",
        study=study,
        views=service.case_studies(db.session, slug),
    )


def _form_page(slug: str, form: CaseStudyForm, view: service.CaseStudyView | None) -> Page:
    study = get_study(db.session, slug)
    heading = "Change a case study" if view else "Write a case study"
    return render_template(
        "staff/case_study.html",
        title=f"{'Error: ' if form.errors else ''}{heading}: {study.name}",
        heading=heading,
        study=study,
        form=form,
        view=view,
    ), (400 if form.errors else 200)


@role_required(*STAFF)
def new_case_study(slug: str) -> Page | Response:
    form = CaseStudyForm(referral_id=request.args.get("referral", ""))
    if form.validate_on_submit():
        try:
            saved = service.save_case_study(db.session, slug, form.values(), current_user)
        except ServiceError as exc:
            form.referral_id.errors = [*form.referral_id.errors, str(exc)]
        else:
            flash("Case study saved. Read how it will be published, then approve it.")
            return redirect(url_for(".case_study", slug=slug, case_study_id=saved.id), code=303)
    return _form_page(slug, form, None)


@role_required(*STAFF)
def case_study(slug: str, case_study_id: int) -> Page | Response:
    view = service.get_case_study(db.session, slug, case_study_id)
    form = CaseStudyForm(obj=view.case_study) if request.method == "GET" else CaseStudyForm()
    if form.validate_on_submit():
        try:
            service.save_case_study(db.session, slug, form.values(), current_user, case_study_id)
        except ServiceError as exc:
            form.referral_id.errors = [*form.referral_id.errors, str(exc)]
        else:
            was_approved = view.case_study.approved_at is not None
            flash(
                "Case study changed; it needs approving again before it is published."
                if was_approved
                else "Case study saved."
            )
            return redirect(url_for(".case_study", slug=slug, case_study_id=case_study_id), 303)
    return _form_page(slug, form, view)


@role_required(*STAFF)
def decide_case_study(slug: str, case_study_id: int) -> Page | Response:
    decision = request.form.get("decision", "")
    try:
        if decision == "approve":
            service.approve_case_study(db.session, slug, case_study_id, current_user)
            flash("Approved: the evaluation report prints this case study as shown.")
        elif decision == "withdraw":
            service.withdraw_approval(db.session, slug, case_study_id, current_user)
            flash("Approval withdrawn: the report no longer prints this case study.")
        elif decision == "delete":
            service.delete_case_study(db.session, slug, case_study_id, current_user)
            flash("Case study deleted.")
            return redirect(url_for(".case_studies", slug=slug), code=303)
        else:
            raise ServiceError("Choose to approve, withdraw or delete the case study")
    except ServiceError as exc:
        view = service.get_case_study(db.session, slug, case_study_id)
        form = CaseStudyForm(obj=view.case_study)
        form.consent_on.errors = [str(exc)]
        return _form_page(slug, form, view)
    return redirect(url_for(".case_study", slug=slug, case_study_id=case_study_id), code=303)
