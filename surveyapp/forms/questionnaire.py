"""Definition -> WTForms class, one per section: the type -> field mapping of the online form.

Every question of the section is on the page, follow-ups too (as on paper, with their condition in
the wording); nothing is required unless the definition says so.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovTextArea, GovTextInput
from wtforms import Field, HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from questionnaires.answers import (
    PARTICIPANT_CODE_LENGTH,
    GivenAnswer,
    PageMeta,
    participant_code,
)
from questionnaires.model import Option, Question, Questionnaire, Section
from surveyapp.forms.base import AppForm
from surveyapp.forms.fields import (
    AnswerRequired,
    ChoiceField,
    ChoicesField,
    DayMonthYearField,
    NumberField,
    format_number,
    question_name,
)

PARTICIPANT_CODE = "participant_code"
TIMEPOINT = "timepoint"
MAX_TEXT = 10_000


def other_field_name(question: Question) -> str:
    return f"{question.id}_other"


def cell_field_name(question: Question, row: str, column: str) -> str:
    return f"{question.id}__{row}__{column}"


def _validators(question: Question, who: str) -> list[Any]:
    if question.required:
        return [AnswerRequired(who)]
    # Optional() looks at the first box only, so a date with its day left empty would be let
    # through as no answer; the date field checks its three boxes itself.
    return [] if question.type == "date" else [Optional()]


def _fields_for(question: Question) -> dict[str, Field]:
    """The WTForms fields that take ``question``'s answer."""
    who = question_name(question.number, question.text)
    label = f"{question.printed_number} {question.text}".strip()
    validators = _validators(question, who)
    fields: dict[str, Field] = {}
    if question.type in ("single", "scale"):
        choices = [(o.code, o.label) for o in question.options]
        fields[question.id] = ChoiceField(
            label, choices=choices, validators=validators, description=question.help or "", who=who
        )
    elif question.type == "range":
        hint = f"{question.min:g} = {question.min_label}, {question.max:g} = {question.max_label}"
        if question.help:
            hint = f"{question.help} {hint}"
        choices = [(str(p), str(p)) for p in question.range_points()]
        fields[question.id] = ChoiceField(
            label, choices=choices, validators=validators, description=hint, who=who
        )
    elif question.type == "multiple":
        fields[question.id] = ChoicesField(
            label,
            choices=[(o.code, o.label) for o in question.options],
            validators=validators,
            description=question.help or "",
            who=who,
            exclusive=tuple(o.code for o in question.options if o.exclusive),
        )
    elif question.type == "text":
        fields[question.id] = StringField(
            label,
            validators=[
                *validators,
                Length(max=question.max_length or 500, message=_too_long(who)),
            ],
            description=question.help or "",
            widget=GovTextInput(),
        )
    elif question.type == "textarea":
        limit = question.max_length or MAX_TEXT
        fields[question.id] = TextAreaField(
            label,
            validators=[*validators, Length(max=limit, message=_too_long(who))],
            description=question.help or "",
            widget=GovCharacterCount() if question.max_length else GovTextArea(),
        )
    elif question.type == "number":
        fields[question.id] = NumberField(
            label,
            validators=validators,
            description=question.help or "",
            who=who,
            minimum=question.min,
            maximum=question.max,
            integer=question.integer,
        )
    elif question.type == "date":
        fields[question.id] = DayMonthYearField(
            label, validators=validators, description=question.help or "", who=who
        )
    elif question.type == "grid":
        for row in question.rows:
            for column in question.columns:
                fields[cell_field_name(question, row.id, column.id)] = NumberField(
                    f"{row.label}, {column.label}",
                    validators=[Optional()],
                    who=f"{who} ({row.label}, {column.label})",
                    minimum=question.min,
                    maximum=question.max,
                    integer=question.integer,
                )
    if question.other_option is not None:
        fields[other_field_name(question)] = StringField(
            "Please specify",
            validators=[Optional(), Length(max=500, message=_too_long(who))],
            widget=GovTextInput(),
        )
    return fields


def _too_long(who: str) -> str:
    return f"The answer to {who} is longer than %(max)d characters; shorten it"


def _check_other(question: Question, other: Option) -> Callable[[AppForm, Field], None]:
    """Text written after "please specify" needs its box ticked, or it would be lost."""
    who = question_name(question.number, question.text)

    def check(form: AppForm, field: Field) -> None:
        chosen = form[question.id].data
        chosen = chosen if isinstance(chosen, list) else [chosen]
        if (field.data or "").strip() and other.code not in chosen:
            raise ValidationError(
                f"For {who} you wrote '{field.data.strip()}' under 'please specify' but did not "
                f"choose '{other.label}': choose it, or clear the text"
            )

    return check


class SectionForm(AppForm):
    """Base of every generated section form; knows its definition and section."""

    start_key = HiddenField()
    definition: Questionnaire
    section: Section

    def given_answers(self) -> list[GivenAnswer]:
        """The answers on this page as given (after ``validate()``), in printed order."""
        return list(_given(self, self.section))

    def page_meta(self) -> PageMeta | None:
        """The participant code and timepoint, on the first page of forms that ask for them."""
        if PARTICIPANT_CODE not in self:
            return None
        timepoint = self[TIMEPOINT].data if TIMEPOINT in self else None
        return PageMeta(participant_code=self[PARTICIPANT_CODE].data, timepoint=timepoint)


def _code_fits(_form: AppForm, field: Field) -> None:
    """The code's length as stored (in capitals, which can be longer than what was typed)."""
    stored = participant_code(field.data)
    if stored and len(stored) > PARTICIPANT_CODE_LENGTH:
        raise ValidationError(
            f"Shorten the participant code: it can be at most {PARTICIPANT_CODE_LENGTH} letters "
            "and digits"
        )


#: Form classes kept per process, keyed by the version's hash: a published version cannot
#: change, so neither can its pages' classes, and building one per request was a measurable
#: share of a patient's page (see benchmarks/serving.py). Bounded: a few dozen versions' pages.
_KEPT_CLASSES: OrderedDict[tuple[str, int, str, str, bool], type] = OrderedDict()
MAX_KEPT_CLASSES = 512


def section_form_class(definition: Questionnaire, section: Section, *, first: bool) -> type:
    """A ``SectionForm`` subclass with one field (or several, for grids) per question."""
    key = (definition.key, definition.version, definition.content_sha256, section.id, first)
    kept = _KEPT_CLASSES.get(key)
    if kept is None:
        kept = _KEPT_CLASSES[key] = _section_form_class(definition, section, first=first)
        if len(_KEPT_CLASSES) > MAX_KEPT_CLASSES:
            _KEPT_CLASSES.popitem(last=False)
    return kept


def _section_form_class(definition: Questionnaire, section: Section, *, first: bool) -> type:
    attrs: dict[str, Any] = {"definition": definition, "section": section}
    for question in section.questions:
        if not question.takes_answer:
            continue
        fields = _fields_for(question)
        attrs.update(fields)
        if question.other_option is not None:
            # WTForms looks inline validators up on the class and calls them as (form, field).
            check = _check_other(question, question.other_option)
            attrs[f"validate_{other_field_name(question)}"] = staticmethod(check)
    if first and definition.participant_code:
        attrs[PARTICIPANT_CODE] = StringField(
            "Your participant code",
            validators=[Optional(), _code_fits],
            description="The code you were given, so that your answers before and after "
            "support can be compared without your name. Leave it empty if you have none.",
            widget=GovTextInput(),
        )
        if definition.timepoints:
            attrs[TIMEPOINT] = ChoiceField(
                "When are you answering?",
                choices=[(o.code, o.label) for o in definition.timepoints],
                validators=[Optional()],
                who="'When are you answering?'",
            )
    return type(f"{definition.key.title()}{section.id.title()}Form", (SectionForm,), attrs)


def _given(form: SectionForm, section: Section) -> Iterator[GivenAnswer]:
    for q in section.questions:
        if not q.takes_answer:
            continue
        if q.type == "grid":
            for row in q.rows:
                for column in q.columns:
                    field = form[cell_field_name(q, row.id, column.id)]
                    if field.number is not None:
                        yield GivenAnswer(q.id, item=f"{row.id}.{column.id}", number=field.number)
            continue
        field = form[q.id]
        other_text = None
        if q.other_option is not None:
            other_text = (form[other_field_name(q)].data or "").strip() or None
        other_code = q.other_option.code if q.other_option else None
        if q.type == "multiple":
            for code in field.data or []:
                yield GivenAnswer(
                    q.id, value_code=code, other_text=other_text if code == other_code else None
                )
        elif q.type in ("single", "scale"):
            if field.data:
                yield GivenAnswer(
                    q.id,
                    value_code=field.data,
                    other_text=other_text if field.data == other_code else None,
                )
        elif q.type == "range":
            if field.data not in (None, ""):
                yield GivenAnswer(q.id, value_code=str(field.data), number=float(field.data))
        elif q.type == "number":
            if field.number is not None:
                yield GivenAnswer(q.id, number=field.number)
        elif q.type == "date":
            if field.data is not None:
                yield GivenAnswer(q.id, date_value=field.data)
        else:
            text = (field.data or "").strip()
            if text:
                yield GivenAnswer(q.id, text=text)


def form_data(section: Section, answers: list[Any]) -> dict[str, Any]:
    """Field data for ``section`` from stored answers, to show a page again as it was saved.
    (The contact page is never shown filled in: whoever holds the form's link could read it.)"""
    data: dict[str, Any] = {}
    by_question: dict[str, list[Any]] = {}
    for answer in answers:
        if answer.state == "answered":
            by_question.setdefault(answer.question_id, []).append(answer)
    for q in section.questions:
        rows = by_question.get(q.id, [])
        if not rows:
            continue
        if q.type == "grid":
            for a in rows:
                row, _, column = a.item.partition(".")
                data[cell_field_name(q, row, column)] = format_number(a.number)
        elif q.type == "multiple":
            data[q.id] = [a.value_code for a in rows]
        elif q.type in ("single", "scale", "range"):
            data[q.id] = rows[0].value_code
        elif q.type == "number":
            data[q.id] = format_number(rows[0].number)
        elif q.type == "date":
            data[q.id] = rows[0].date_value
        else:
            data[q.id] = rows[0].text
        other = next((a.other_text for a in rows if a.other_text), None)
        if other:
            data[other_field_name(q)] = other
    return data
