"""Setting a study up without a shell: create it, attach and detach questionnaire versions, open
and close their online forms, set the day it closes. Parse, call one service, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.design import setup as study_setup
from surveyapp.services.studies import get_study
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required


@role_required(*STAFF)
def new_study() -> Page:
    """A study's name (its short name proposed from it), and a description for staff."""
    typed = request.form.to_dict() if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        wanted = study_setup.NewStudy(
            name=typed.get("name", ""),
            slug=typed.get("slug", ""),
            description=typed.get("description", ""),
        )
        try:
            study = study_setup.create_from_form(db.session, wanted, current_user)
        except ServiceError as exc:
            error = str(exc)
        else:
            flash(f"Study '{study.name}' created. Now attach its questionnaires.")
            return redirect(url_for(".study_setup", slug=study.slug), code=303)
    field = "slug" if error and "short name" in error else "name"
    return render_template(
        "staff/new_study.html",
        title=f"{'Error: ' if error else ''}New study",
        typed=typed,
        error=error,
        error_field=field,
    ), (400 if error else 200)


def _setup_page(slug: str, error: str | None = None, typed: dict | None = None) -> Page:
    study = get_study(db.session, slug)
    return render_template(
        "staff/study_setup.html",
        title=f"{'Error: ' if error else ''}Set up: {study.name}",
        study=study,
        attachable=study_setup.attachable(db.session, study),
        error=error,
        typed=typed or {},
        today=dt.date.today(),
    ), (400 if error else 200)


@role_required(*STAFF)
def study_setup_page(slug: str) -> Page:
    return _setup_page(slug)


def _done(slug: str, change: Callable[[], None], message: str) -> Page:
    """Carry out ``change`` (the one service call, deferred) and come back to the set-up page;
    a refusal shows the page with its reason and what was typed."""
    try:
        change()
    except ServiceError as exc:
        return _setup_page(slug, str(exc), request.form.to_dict())
    flash(message)
    return redirect(url_for(".study_setup", slug=slug), code=303)


@role_required(*STAFF)
def attach_version(slug: str) -> Page:
    study = get_study(db.session, slug)
    chosen = request.form.get("version_id", "")
    if not chosen.isdigit():
        return _setup_page(slug, "Choose a questionnaire version to attach")
    return _done(
        slug,
        lambda: study_setup.attach_version(db.session, study, int(chosen), current_user),
        "Questionnaire attached.",
    )


@role_required(*STAFF)
def detach_version(slug: str, version_id: int) -> Page:
    study = get_study(db.session, slug)
    return _done(
        slug,
        lambda: study_setup.detach_version(db.session, study, version_id, current_user),
        "Questionnaire taken off the study.",
    )


@role_required(*STAFF)
def set_online(slug: str, version_id: int) -> Page:
    study = get_study(db.session, slug)
    is_open = request.form.get("online") == "open"
    return _done(
        slug,
        lambda: study_setup.set_online(db.session, study, version_id, is_open, current_user),
        "Its online form is open: the public link takes answers."
        if is_open
        else "Its online form is closed: the public link takes no more answers.",
    )


@role_required(*STAFF)
def set_closing(slug: str) -> Page | WerkzeugResponse:
    study = get_study(db.session, slug)
    typed = request.form.to_dict()
    months_text = typed.get("contact_months", "").strip()
    try:
        day = dt.date.fromisoformat(typed.get("closes_on", "").strip())
    except ValueError:
        return _setup_page(slug, "Enter the closing date as a real date, like 2024-03-31", typed)
    if not months_text.isdigit():
        message = "Enter how many months to keep contact details, a whole number from 1 to 120"
        return _setup_page(slug, message, typed)
    return _done(
        slug,
        lambda: study_setup.set_closing(db.session, study, day, int(months_text), current_user),
        f"The study closes on {day:%-d %B %Y}.",
    )
