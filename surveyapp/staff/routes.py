"""Staff views: parse, call one service, render."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.auth import role_required
from surveyapp.extensions import db
from surveyapp.forms.questionnaire import section_form_class
from surveyapp.services import studies
from surveyapp.services.responses import save_page

bp = Blueprint("staff", __name__, url_prefix="/staff")

STAFF = ("staff", "admin")


@bp.get("/", endpoint="studies")
@role_required(*STAFF)
def studies_list() -> str:
    return render_template(
        "staff/studies.html", title="Studies", studies=studies.list_studies(db.session)
    )


@bp.get("/studies/<slug>")
@role_required(*STAFF)
def study(slug: str) -> str:
    found = studies.get_study(db.session, slug)
    return render_template(
        "staff/study.html",
        title=found.name,
        study=found,
        overview=studies.returns_overview(db.session, found),
    )


@bp.route("/studies/<slug>/<key>/v<int:version>/key", methods=["GET", "POST"])
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


@bp.get("/studies/<slug>/answers.csv")
@role_required(*STAFF)
def answers_csv(slug: str) -> WerkzeugResponse:
    """The tidy answer frame (no contact details) for a notebook or a spreadsheet."""
    from flask import Response as FlaskResponse

    from exports.csv import spreadsheet_csv
    from surveyapp.services.frames import tidy_frame

    frame = tidy_frame(db.session, studies.get_study(db.session, slug))
    return FlaskResponse(
        spreadsheet_csv(frame),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{slug}-answers.csv"'},
    )


@bp.get("/studies/<slug>/contacts")
@role_required(*STAFF)
def contacts(slug: str) -> str:
    """People who asked to be contacted: staff only, never in exports."""
    from surveyapp.services.responses import contact_list

    found = studies.get_study(db.session, slug)
    return render_template(
        "staff/contacts.html",
        title=f"Contact details: {found.name}",
        study=found,
        contacts=contact_list(db.session, found),
    )
