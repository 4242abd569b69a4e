"""Staff's studies: the list, one study's returns, an interview keyed by staff, every answer as
CSV, and the contact details people left. Parse, call one service, render."""

from __future__ import annotations

import datetime as dt
import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from exports.csv import spreadsheet_csv
from surveyapp.extensions import db
from surveyapp.forms.questionnaire import section_form_class
from surveyapp.services import studies
from surveyapp.services.audit import audit_access
from surveyapp.services.responses import (
    contact_list,
    kept_until,
    save_page,
    study_contacts_end,
    tidy_frame,
)
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.downloads import CSV, attachment


@role_required(*STAFF)
def studies_list() -> str:
    return render_template(
        "staff/studies.html", title="Studies", studies=studies.list_studies(db.session)
    )


@role_required(*STAFF)
def study(slug: str) -> str:
    found = studies.get_study(db.session, slug)
    return render_template(
        "staff/study.html",
        title=found.name,
        study=found,
        overview=studies.returns_overview(db.session, found),
    )


@role_required(*STAFF)
def key_response(slug: str, key: str, version: int) -> str | WerkzeugResponse | tuple[str, int]:
    """Staff key a whole interview (or phone) response on one page, as they heard it."""
    channel = request.args.get("channel", "interview")
    study, instrument, definition = studies.open_instrument(db.session, slug, key, version)
    if channel not in definition.channels or channel in ("online", "paper", "import"):
        abort(404)
    forms = [
        section_form_class(definition, s, first=i == 0)(prefix=s.id)
        for i, s in enumerate(definition.sections)
    ]
    if request.method == "POST" and all([f.validate() for f in forms]):
        saved = save_page(
            db.session,
            study=study,
            instrument=instrument,
            definition=definition,
            pages=[(f.section, f.given_answers()) for f in forms],
            start_key=forms[0].start_key.data or None,
            channel=channel,
            meta=forms[0].page_meta(),
            final=True,
            keyed_by_id=current_user.id,
        )
        flash(f"{definition.title}: {channel} saved with reference {saved.reference}.")
        return redirect(url_for(".study", slug=slug))
    if request.method == "GET":
        forms[0].start_key.data = secrets.token_urlsafe(24)
    errors = any(f.errors for f in forms)
    return render_template(
        "staff/key.html",
        title=f"Key {channel}: {definition.title}",
        study=study,
        definition=definition,
        forms=forms,
        channel=channel,
        has_errors=errors,
    ), (400 if errors else 200)


@role_required(*STAFF)
def answers_csv(slug: str) -> WerkzeugResponse:
    """The tidy answer frame (no contact details) for a notebook or a spreadsheet."""
    study = studies.get_study(db.session, slug)
    frame = tidy_frame(db.session, study)
    audit_access(db.session, current_user, study.id, f"downloaded {slug}-answers.csv")
    return attachment(spreadsheet_csv(frame), f"{slug}-answers.csv", CSV)


@role_required(*STAFF)
def contacts(slug: str) -> str:
    """People who asked to be contacted: staff only, never in exports."""
    found = studies.get_study(db.session, slug)
    listed = contact_list(db.session, found)
    audit_access(db.session, current_user, found.id, f"viewed the contact details ({len(listed)})")
    kept = [(c, kept_until(c, found)) for c in listed]
    soon = dt.date.today() + dt.timedelta(days=30)
    return render_template(
        "staff/contacts.html",
        title=f"Contact details: {found.name}",
        study=found,
        contacts=kept,
        due=sorted((k for k in kept if k[1] <= soon), key=lambda k: k[1]),
        study_end=study_contacts_end(found),
    )
