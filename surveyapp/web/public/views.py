"""Patients, carers and professionals answering a questionnaire online, page by page: parse the
form, call one service, render or redirect."""

from __future__ import annotations

import secrets

from flask import abort, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.extensions import db
from surveyapp.forms.pages import page_index, pages
from surveyapp.forms.questionnaire import (
    PARTICIPANT_CODE,
    TIMEPOINT,
    form_data,
    section_form_class,
)
from surveyapp.services import studies
from surveyapp.services.responses import find_by_reference, open_form, save_page
from surveyapp.web import Page
from surveyapp.web.public.blank_forms import blank_questions


def index() -> str:
    listing = [
        (s, [i for i in s.instruments if i.open_online]) for s in studies.list_studies(db.session)
    ]
    return render_template("public/index.html", studies=[x for x in listing if x[1]])


def _session_key(slug: str, key: str) -> str:
    return f"resume:{slug}:{key}"


def start(slug: str, key: str) -> str | WerkzeugResponse:
    """The first page; if this browser holds a form left half way, ask whether to go on with it
    (a library computer or a carer's tablet may be shared, so never walk straight into it)."""
    token = session.get(_session_key(slug, key))
    if request.method == "GET" and token:
        study, _instrument, definition, _response = open_form(db.session, slug, key, None)
        return render_template(
            "public/resume.html",
            title=definition.title,
            study=study,
            definition=definition,
            resume_url=url_for(".page", slug=slug, key=key, token=token),
            restart_url=url_for(".restart", slug=slug, key=key),
        )
    return _page(slug, key, token=None, section_id=None)


def restart(slug: str, key: str) -> WerkzeugResponse:
    """Forget, in this browser, the form in progress (it stays saved for its own link)."""
    session.pop(_session_key(slug, key), None)
    return redirect(url_for(".start", slug=slug, key=key))


def page(slug: str, key: str, token: str, section_id: str | None = None) -> str | WerkzeugResponse:
    return _page(slug, key, token=token, section_id=section_id)


def _page(slug: str, key: str, token: str | None, section_id: str | None) -> Page:
    study, instrument, definition, response = open_form(db.session, slug, key, token)
    if response is not None and response.status != "in_progress":
        session.pop(_session_key(slug, key), None)
        return redirect(url_for(".done", slug=slug, key=key, reference=response.reference))
    all_pages = pages(definition)
    index = page_index(definition, section_id)
    if index < 0:
        abort(404)
    section = all_pages[index]
    form_class = section_form_class(definition, section, first=index == 0)
    data: dict = {}
    if request.method == "GET" and response is not None:
        # The contact page is never filled in again: whoever holds the link could read it.
        data = {} if section.is_contact else form_data(section, response.answers)
        if index == 0:
            data[PARTICIPANT_CODE] = response.participant_code
            data[TIMEPOINT] = response.timepoint
        form = form_class(data=data)
    else:
        form = form_class()
    if request.method == "GET" and response is None:
        form.start_key.data = secrets.token_urlsafe(24)
    is_last = index == len(all_pages) - 1
    going_back = request.form.get("go") == "back" and index > 0
    if request.method == "POST" and form.validate():
        saved = save_page(
            db.session,
            study=study,
            instrument=instrument,
            definition=definition,
            pages=[(section, form.given_answers())],
            start_key=form.start_key.data or None,
            resume_token=token,
            meta=form.page_meta(),
            final=is_last and not going_back,
            forget_contact=request.form.get("forget_contact") == "yes",
        )
        if saved.status != "in_progress":
            session.pop(_session_key(slug, key), None)
            return redirect(url_for(".done", slug=slug, key=key, reference=saved.reference))
        session[_session_key(slug, key)] = saved.resume_token
        following = all_pages[index - 1 if going_back else index + 1]
        return redirect(
            url_for(".page", slug=slug, key=key, token=saved.resume_token, section_id=following.id)
        )
    if token:
        action = url_for(".page", slug=slug, key=key, token=token, section_id=section.id)
        resume_url = url_for(".page", slug=slug, key=key, token=token, _external=True)
    else:
        action = url_for(".start", slug=slug, key=key)
        resume_url = None
    blank = request.method == "GET" and not any(data.values())
    return render_template(
        "public/section.html",
        questions=blank_questions(form, definition, section, first=index == 0) if blank else None,
        title=f"{section.title} - {definition.title}",
        study=study,
        definition=definition,
        section=section,
        sections=all_pages,
        page_number=index + 1,
        is_last=is_last,
        contact_left=section.is_contact and response is not None and response.contact is not None,
        form=form,
        action=action,
        resume_url=resume_url,
    ), (400 if form.errors else 200)


def done(slug: str, key: str, reference: str) -> str:
    study, _instrument, definition = studies.open_instrument(db.session, slug, key)
    response = find_by_reference(db.session, study, reference)
    if response.status == "in_progress":
        abort(404)
    return render_template(
        "public/done.html",
        title="Answers received",
        study=study,
        definition=definition,
        response=response,
    )


def print_form(slug: str, key: str) -> str:
    study, _instrument, definition = studies.open_instrument(db.session, slug, key)
    return render_template(
        "public/print.html",
        title=f"{definition.title} (printable)",
        study=study,
        definition=definition,
    )
