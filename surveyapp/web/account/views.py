"""A person's API tokens: the list, a new one shown once in full, revoking one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp import settings
from surveyapp.extensions import db
from surveyapp.forms.tokens import NewTokenForm
from surveyapp.services import ServiceError, api
from surveyapp.web.auth.roles import role_required

#: Everyone who signs in has tokens of their own (a volunteer's read no study data).
SIGNED_IN = ("volunteer", "staff", "admin")


@role_required(*SIGNED_IN)
def tokens() -> tuple[str, int]:
    """The list and the form; a token made is shown on the answer to the form, once (it is
    never stored, so it cannot be shown again, nor put in the session cookie for a redirect)."""
    form = NewTokenForm()
    made: api.NewToken | None = None
    if form.validate_on_submit():
        try:
            made = api.create_token(db.session, current_user, form.name.data, form.expiry_days)
        except ServiceError as exc:
            form.name.errors = [*form.name.errors, str(exc)]
        else:
            form = NewTokenForm(formdata=None)
    html = render_template(
        "account/tokens.html",
        title="API tokens",
        form=form,
        made=made,
        tokens=api.tokens_of(db.session, current_user),
        state=api.token_state,
        per_minute=settings.api_requests_per_minute(),
    )
    return html, (400 if form.errors else 200)


@role_required(*SIGNED_IN)
def revoke_token(token_id: int) -> WerkzeugResponse:
    token = api.revoke_token(db.session, token_id, current_user)
    flash(f"Token '{token.name}' ({token.prefix}…) is revoked: it no longer works.")
    if token.user_id != current_user.id:  # an admin, on that person's page
        return redirect(url_for("admin.user", user_id=token.user_id))
    return redirect(url_for(".tokens"))
