"""The base of every form in the app: the text rule (``questionnaires.text``) checked on each
box as the form is validated, the message naming the box by its label."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import TextAreaField

from questionnaires.text import control_character_problem
from surveyapp.forms.fields import question_name


class AppForm(FlaskForm):
    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            values = field.data if isinstance(field.data, list) else [field.data]
            texts = [v for v in values if isinstance(v, str)]
            for text in texts:
                problem = control_character_problem(
                    text,
                    question_name(None, field.label.text if field.label else field.name),
                    multiline=isinstance(field, TextAreaField),
                )
                if problem:
                    field.errors = [*field.errors, problem]
                    valid = False
                    break
        return valid
