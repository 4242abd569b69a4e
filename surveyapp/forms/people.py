"""Sign-in and user forms."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovRadioInput, GovTextInput
from wtforms import PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from surveyapp.forms.base import AppForm
from surveyapp.models import EMAIL, MIN_PASSWORD_LENGTH


def _password_field(label: str, advice: str, missing: str) -> PasswordField:
    """A password an admin gives someone: long enough, as the account service requires."""
    return PasswordField(
        label,
        description=f"At least {MIN_PASSWORD_LENGTH} characters. {advice}",
        validators=[
            DataRequired(missing),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=f"The password must be at least {MIN_PASSWORD_LENGTH} characters long",
            ),
        ],
        widget=GovPasswordInput(),
    )


class LoginForm(AppForm):
    email = StringField(
        "Email address",
        validators=[DataRequired("Enter your email address")],
        widget=GovTextInput(),
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password")], widget=GovPasswordInput()
    )


class UserForm(AppForm):
    email = StringField(
        "Email address",
        validators=[
            DataRequired("Enter the person's email address"),
            # The same rule the service applies; no DNS look-up (these machines may be offline).
            Regexp(EMAIL, message="Enter an email address like name@example.org"),
        ],
        widget=GovTextInput(),
    )
    name = StringField(
        "Name", validators=[DataRequired("Enter the person's name")], widget=GovTextInput()
    )
    role = RadioField(
        "Role",
        choices=[
            ("volunteer", "Volunteer: keys paper forms"),
            ("staff", "Staff: runs studies"),
            ("admin", "Admin: manages users and questionnaire versions"),
        ],
        validators=[DataRequired("Choose a role")],
        widget=GovRadioInput(),
    )
    password = _password_field("Password", "Give it to the person safely.", "Enter a password")


class NewPasswordForm(AppForm):
    password = _password_field(
        "New password",
        "Give it to the person safely: they are signed out everywhere.",
        "Enter a new password",
    )
