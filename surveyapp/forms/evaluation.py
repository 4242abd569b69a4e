"""Forms of a service evaluation."""

from __future__ import annotations

import datetime as dt

from govuk_frontend_wtf.wtforms_widgets import GovTextArea, GovTextInput
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from surveyapp.forms.base import AppForm
from surveyapp.forms.fields import DayMonthYearField


class NotInTheFuture:
    def __call__(self, form: AppForm, field: DayMonthYearField) -> None:
        if field.data is not None and field.data > dt.date.today():
            raise ValidationError("The date consent was given cannot be in the future")
        if field.data is not None and field.data.year < 2000:
            raise ValidationError("The date consent was given must be after 2000: check the year")


class CaseStudyForm(AppForm):
    referral_id = StringField(
        "Referral id",
        description="As the service's records have it, like R00042: the case study is of "
        "that person's support.",
        validators=[DataRequired("Enter the referral id the case study is about"), Length(max=100)],
        widget=GovTextInput(),
    )
    title = StringField(
        "Title",
        description="A few words the report heads it with, like 'Housing and isolation'.",
        validators=[DataRequired("Enter a title for the case study"), Length(max=200)],
        widget=GovTextInput(),
    )
    about = TextAreaField(
        "About the person (optional)",
        description="Without their name: for example, 'a woman in her twenties with a mental "
        "health diagnosis, stable on medication'.",
        validators=[Optional(), Length(max=2000)],
        widget=GovTextArea(),
    )
    needs = TextAreaField(
        "Their needs",
        validators=[DataRequired("Describe the person's needs"), Length(max=5000)],
        widget=GovTextArea(),
    )
    support = TextAreaField(
        "What was done",
        description="The support and the services or activities they were referred to.",
        validators=[DataRequired("Describe what was done"), Length(max=10000)],
        widget=GovTextArea(),
    )
    on_discharge = TextAreaField(
        "Their situation on discharge (optional)",
        validators=[Optional(), Length(max=5000)],
        widget=GovTextArea(),
    )
    own_words = TextAreaField(
        "In their own words (optional)",
        description="What the person said, if they gave words to use.",
        validators=[Optional(), Length(max=5000)],
        widget=GovTextArea(),
    )
    consent_on = DayMonthYearField(
        "Date the person gave consent",
        description="Leave it empty until they have: a case study is published only with "
        "their consent. For example, 27 3 2022.",
        validators=[NotInTheFuture()],
        who="'Date the person gave consent'",
    )
    consent_how = StringField(
        "How consent was given (optional)",
        description="For example, 'signed consent form, kept in the case notes'.",
        validators=[Optional(), Length(max=255)],
        widget=GovTextInput(),
    )

    def values(self) -> dict[str, object]:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
