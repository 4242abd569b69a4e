"""Admin views: users and questionnaire versions."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.extensions import db
from surveyapp.forms.people import UserForm
from surveyapp.services.accounts import AccountError, create_user, list_users
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
