"""The form that makes a personal access token for the read-only API."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from surveyapp.forms.base import AppForm
from surveyapp.models.interchange import TOKEN_LONGEST_DAYS as LONGEST_DAYS
from surveyapp.models.interchange import TOKEN_NAME_LENGTH as NAME_LENGTH


class NewTokenForm(AppForm):
    name = StringField(
        "Name",
        description="What the token is for, so that you can tell it apart later: for "
        "example 'Weekly dashboard'.",
        validators=[
            DataRequired("Enter a name for the token, saying what it is for"),
            Length(max=NAME_LENGTH, message=f"The name must be {NAME_LENGTH} characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    days = StringField(
        "Expires after (days, optional)",
        description=f"A whole number from 1 to {LONGEST_DAYS}. Leave it empty for a token that "
        "works until you revoke it.",
        validators=[
            Optional(),
            Regexp(
                r"^\s*\d{1,3}\s*$",
                message=f"Enter the days as a whole number from 1 to {LONGEST_DAYS}, or leave "
                "it empty",
            ),
        ],
        widget=GovTextInput(),
    )

    def validate_days(self, field: StringField) -> None:
        text = (field.data or "").strip()
        if text.isdigit() and not 1 <= int(text) <= LONGEST_DAYS:
            raise ValidationError(
                f"Enter the days as a whole number from 1 to {LONGEST_DAYS}, or leave it empty"
            )

    @property
    def expiry_days(self) -> int | None:
        text = (self.days.data or "").strip()
        return int(text) if text else None
