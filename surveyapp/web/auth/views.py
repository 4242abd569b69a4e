"""Signing in and out, and the signed-in user of each request."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.extensions import db
from surveyapp.forms.people import LoginForm
from surveyapp.models import User
from surveyapp.services.accounts import authenticate, get_user


def load_user(user_id: str) -> User | None:
    # Checked on every request, so a deactivated account loses access at once.
    user = get_user(db.session, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


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
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or _home_for(user.role))
        form.password.errors.append("The email address or password is not right")
    status = 400 if form.errors else 200
    return render_template("auth/login.html", title="Sign in", form=form), status


def logout() -> WerkzeugResponse:
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("public.index"))
