"""Admin views: users and questionnaire versions."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.extensions import db
from surveyapp.forms.people import NewPasswordForm, UserForm
from surveyapp.models import User
from surveyapp.services.accounts import (
    AccountError,
    create_user,
    find_user,
    list_users,
    recent_sign_ins,
    set_active,
    set_password,
)
from surveyapp.services.api import token_state, tokens_of
from surveyapp.services.audit import recent_access
from surveyapp.services.definitions import version_statuses
from surveyapp.web.auth.roles import role_required


@role_required("admin")
def users() -> str | WerkzeugResponse | tuple[str, int]:
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                db.session, form.email.data, form.name.data, form.role.data, form.password.data
            )
        except AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            flash(f"{user.email} can now sign in as {user.role}.")
            return redirect(url_for(".users"))
    return render_template(
        "admin/users.html", title="Users", form=form, users=list_users(db.session)
    ), (400 if form.errors else 200)


@role_required("admin")
def questionnaires() -> str:
    return render_template(
        "admin/questionnaires.html",
        title="Questionnaire versions",
        versions=version_statuses(db.session),
    )


@role_required("admin")
def user(user_id: int) -> str:
    """One person's account: stop or restore their access, set a new password."""
    return _user_page(find_user(db.session, user_id), NewPasswordForm())[0]


@role_required("admin")
def user_access(user_id: int) -> WerkzeugResponse | tuple[str, int]:
    found = find_user(db.session, user_id)
    try:
        set_active(db.session, found, request.form.get("active") == "yes", current_user)
    except AccountError as exc:
        return _user_page(found, NewPasswordForm(formdata=None), str(exc))
    flash(
        f"{found.email} can sign in again."
        if found.active
        else f"{found.email} can no longer sign in, and was signed out everywhere."
    )
    return redirect(url_for(".user", user_id=found.id))


@role_required("admin")
def user_password(user_id: int) -> WerkzeugResponse | tuple[str, int]:
    found = find_user(db.session, user_id)
    form = NewPasswordForm()
    if not form.validate():
        return _user_page(found, form)
    set_password(db.session, found, form.password.data, current_user)
    flash(f"{found.email} has a new password and was signed out everywhere.")
    return redirect(url_for(".user", user_id=found.id))


def _user_page(found: User, form: NewPasswordForm, error: str | None = None) -> tuple[str, int]:
    html = render_template(
        "admin/user.html",
        title=f"{'Error: ' if error or form.errors else ''}{found.email}",
        person=found,
        form=form,
        error=error,
        attempts=recent_sign_ins(db.session, found),
        tokens=tokens_of(db.session, found),
        token_state=token_state,
    )
    return html, (400 if error or form.errors else 200)


@role_required("admin")
def activity() -> str:
    """Who looked at contact details, took files away, or changed accounts, and when."""
    return render_template(
        "admin/activity.html",
        title="Views, downloads and account changes",
        entries=recent_access(db.session),
    )
