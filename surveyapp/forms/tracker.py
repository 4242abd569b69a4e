"""Forms of the recommendation tracker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput

from analysis.tracker import REVIEW_STATE_LABELS, REVIEW_STATES, STANCE_LABELS, STANCES
from surveyapp.forms.base import AppForm
from surveyapp.forms.fields import AnswerRequired, DayMonthYearField, NumberField
from surveyapp.models import EVIDENCE_KINDS

EVIDENCE_LABELS = {
    "table": "Appendix table",
    "finding": "Headline finding",
    "quote": "Quote",
    "other": "Other",
}
# The choices follow the stored values, in their order, with the words the tracker uses.
STANCE_CHOICES = [(stance, STANCE_LABELS[stance]) for stance in STANCES]
REVIEW_CHOICES = [(state, REVIEW_STATE_LABELS[state]) for state in REVIEW_STATES]
EVIDENCE_CHOICES = [(kind, EVIDENCE_LABELS[kind]) for kind in EVIDENCE_KINDS]


FIRST_YEAR = 2000


class PlausibleDate:
    """A tracker date between 2000 and a few years ahead: a typed 9999 or 0203 is a slip."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, form: AppForm, field: DayMonthYearField) -> None:
        last = dt.date.today().year + 5
        if field.data is not None and not FIRST_YEAR <= field.data.year <= last:
            raise ValidationError(
                f"{self.label} must be between {FIRST_YEAR} and {last}; check the year"
            )


def _date(label: str, required: bool = True, hint: str = "") -> DayMonthYearField:
    who = f"'{label}'"
    validators: list = [PlausibleDate(label)]
    if required:
        validators.insert(0, AnswerRequired(who, message=f"Enter the {label.lower()}"))
    return DayMonthYearField(label, validators=validators, description=hint, who=who)


class OrganisationsField(SelectMultipleField):
    """Organisations ticked from the list shown (ids)."""

    widget = GovCheckboxesInput()
    option_widget = CheckboxInput()

    def pre_validate(self, form: AppForm) -> None:
        known = {str(value) for value, _ in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError("Choose organisations from the list")

    @property
    def ids(self) -> list[int]:
        return [int(value) for value in self.data or []]


class ReportForm(AppForm):
    title = StringField(
        "Report title",
        validators=[DataRequired("Enter the report's title"), Length(max=255)],
        widget=GovTextInput(),
    )
    published_on = _date("Publication date", required=False, hint="For example, 4 7 2023")
    study_id = SelectField(
        "Study it came from (if any)", choices=[], validators=[Optional()], widget=GovSelect()
    )


class RecommendationForm(AppForm):
    number = NumberField(
        "Number",
        validators=[DataRequired("Enter the recommendation's number")],
        who="the number",
        minimum=1,
        maximum=999,
        widget=GovTextInput(),
    )
    text = TextAreaField(
        "Recommendation",
        validators=[DataRequired("Enter the recommendation's text")],
        widget=GovTextArea(),
    )
    organisations = OrganisationsField("Addressed to", choices=[])


class ImportForm(AppForm):
    pasted = TextAreaField(
        "Recommendations, one per line",
        description="Numbered ('3. Text' or 'Recommendation 3 Text') or not (numbered after the "
        "last one). Numbers already in the report are skipped.",
        validators=[Optional()],
        widget=GovTextArea(),
    )
    upload = FileField(
        "Or a file",
        description="A .txt file (one per line), or a .csv or .xlsx with the number and the "
        "text in the first two columns.",
        widget=GovFileInput(),
    )

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not (self.pasted.data or "").strip() and not self.upload.data:
            self.pasted.errors.append("Paste the recommendations, or choose a file")
            return False
        return True

    organisations = OrganisationsField("Addressed to", choices=[])


class EvidenceForm(AppForm):
    kind = RadioField("Kind", choices=EVIDENCE_CHOICES, default="table", widget=GovRadioInput())
    label = StringField(
        "What it is",
        description="For example, 'Appendix 10: overall rating of the service'",
        validators=[DataRequired("Say what the evidence is")],
        widget=GovTextInput(),
    )
    base_n = NumberField(
        "Base (number of answers it rests on)",
        who="the base",
        minimum=0,
        maximum=10_000_000,
        widget=GovTextInput(),
    )


class SendForm(AppForm):
    organisation_id = RadioField(
        "Sent to",
        choices=[],
        validators=[DataRequired("Choose who the report was sent to")],
        widget=GovRadioInput(),
    )
    sent_on = _date("Date sent", hint="The 20 working days for a reply start the day after.")
    contact_id = SelectField(
        "Named contact (optional)", choices=[], validators=[Optional()], widget=GovSelect()
    )


class CorrectSendingForm(AppForm):
    sent_on = _date("Date sent")
    reason = StringField(
        "Why it is corrected",
        validators=[DataRequired("Say why the date is corrected")],
        widget=GovTextInput(),
    )


class ContactForm(AppForm):
    organisation_id = SelectField(
        "Organisation",
        choices=[],
        validators=[DataRequired("Choose the organisation")],
        widget=GovSelect(),
    )
    name = StringField(
        "Name", validators=[DataRequired("Enter the name"), Length(max=255)], widget=GovTextInput()
    )
    role = StringField("Role", validators=[Optional(), Length(max=255)], widget=GovTextInput())
    email = StringField("Email", validators=[Optional(), Length(max=255)], widget=GovTextInput())


class ExtensionForm(AppForm):
    extended_to = _date("New deadline")
    reason = StringField(
        "Reason", validators=[DataRequired("Give the reason")], widget=GovTextInput()
    )


class ActionForm(AppForm):
    description = TextAreaField(
        "Action promised", validators=[DataRequired("Describe the action")], widget=GovTextArea()
    )
    owner = StringField("Owner", validators=[Optional(), Length(max=255)], widget=GovTextInput())
    due_on = _date("Due date", required=False)


class ReviewForm(AppForm):
    reviewed_on = _date("Review date")
    state = RadioField(
        "Was it done?",
        choices=REVIEW_CHOICES,
        validators=[DataRequired("Choose done, in progress or not done")],
        widget=GovRadioInput(),
    )
    impact = TextAreaField("Evidence of impact", validators=[Optional()], widget=GovTextArea())


class OrganisationForm(AppForm):
    name = StringField(
        "Organisation",
        validators=[DataRequired("Enter the name"), Length(max=255)],
        widget=GovTextInput(),
    )
    kind = StringField(
        "Kind",
        description="For example ICB, council, NHS trust, PCN, provider",
        validators=[Optional(), Length(max=64)],
        widget=GovTextInput(),
    )


def response_form_class(recommendations: list) -> type[AppForm]:
    """The response form: date and general response, then per recommendation answer + stance."""
    attrs: dict = {
        "received_on": _date("Date the response was received"),
        "general_response": TextAreaField(
            "General response", validators=[Optional()], widget=GovTextArea()
        ),
    }
    for r in recommendations:
        attrs[f"answer_{r.id}"] = TextAreaField(
            f"Answer to recommendation {r.number}", validators=[Optional()], widget=GovTextArea()
        )
        attrs[f"stance_{r.id}"] = RadioField(
            f"Stance on recommendation {r.number}",
            choices=STANCE_CHOICES,
            default="no_response",
            widget=GovRadioInput(),
        )
    return type("ResponseForm", (AppForm,), attrs)
