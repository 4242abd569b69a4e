"""Sign in / sign out views and ``role_required``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.extensions import db, login_manager
from surveyapp.forms.people import LoginForm
from surveyapp.services.accounts import authenticate, get_user

bp = Blueprint("auth", __name__)
login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see that page."


@login_manager.user_loader
def load_user(user_id: str):  # noqa: ANN201 - Flask-Login's protocol
    # Checked on every request, so a deactivated account loses access at once.
    user = get_user(db.session, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def role_required(*roles: str) -> Callable:
    """Sign-in required, then one of ``roles``: others get 403, whatever they guess."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _home_for(role: str) -> str:
    if role in ("staff", "admin"):
        return url_for("staff.studies")
    return url_for("entry.home") if role == "volunteer" else url_for("public.index")


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.route("/login", methods=["GET", "POST"])
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


@bp.post("/logout")
def logout() -> WerkzeugResponse:
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("public.index"))
