"""Signing in and out, and the signed-in user of each request."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp import settings
from surveyapp.extensions import db
from surveyapp.forms.people import LoginForm
from surveyapp.models import User
from surveyapp.services.signing_in import (
    TooManyAttemptsError,
    sign_in,
    sign_out,
    signed_in_user,
)

#: The session key holding the sign-in's token.
SIGN_IN = "sign_in"


def load_user(user_id: str) -> User | None:
    """The user of this browser's sign-in, checked on the server on every request: signed out,
    idle, too old, a new password or a deactivated account, and the cookie opens nothing."""
    user = signed_in_user(db.session, session.get(SIGN_IN), settings.sign_in_rules())
    return user if user is not None and user.get_id() == user_id else None


def _home_for(role: str) -> str:
    if role in ("staff", "admin"):
        return url_for("staff.studies")
    return url_for("entry.home") if role == "volunteer" else url_for("public.index")


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


def login() -> str | WerkzeugResponse | tuple[str, int]:
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            signed = sign_in(
                db.session,
                form.email.data,
                form.password.data,
                request.remote_addr,
                settings.sign_in_rules(),
            )
        except TooManyAttemptsError as exc:
            form.password.errors.append(str(exc))
            status = 429
        else:
            if signed is not None:
                user, token = signed
                session.clear()  # nothing from before signing in carries over
                session[SIGN_IN] = token
                login_user(user)
                return redirect(_safe_next(request.args.get("next")) or _home_for(user.role))
            form.password.errors.append("The email address or password is not right")
    if form.errors and status == 200:
        status = 400
    return render_template("auth/login.html", title="Sign in", form=form), status


def logout() -> WerkzeugResponse:
    sign_out(db.session, session.pop(SIGN_IN, None))
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("public.index"))
