"""Fields whose messages say what to fix, in the words of the question being answered."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovTextInput,
)
from wtforms import Field, RadioField, SelectMultipleField, StringField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput

THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def format_number(value: float) -> str:
    """A stored number as a person would type it back: 7.5, 12, 1234567 (never 1.23457e+06)."""
    if value.is_integer():
        return str(int(value))
    return repr(value)


def question_name(number: str | None, text: str) -> str:
    """How a message refers to a question: ``question 5`` or the start of its wording."""
    if number:
        return f"question {number}"
    short = text if len(text) <= 60 else text[:57].rstrip() + "..."
    return f"'{short}'"


class ChoiceField(RadioField):
    """One option; an unknown code says which question wants which kind of answer."""

    widget = GovRadioInput()

    def __init__(self, *args: Any, who: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.who = who

    def pre_validate(self, form: Any) -> None:
        if self.data is not None and self.data not in {str(c[0]) for c in self.choices}:
            raise ValidationError(f"Choose one of the options given for {self.who}")


class ChoicesField(SelectMultipleField):
    """Tick boxes; more than one may be chosen, exclusive options alone."""

    widget = GovCheckboxesInput()
    option_widget = CheckboxInput()

    def __init__(self, *args: Any, who: str = "", exclusive: tuple[str, ...] = (), **kw: Any):
        super().__init__(*args, **kw)
        self.who = who
        self.exclusive = exclusive

    def pre_validate(self, form: Any) -> None:
        known = {str(c[0]) for c in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError(f"Choose from the options given for {self.who}")
        chosen = set(self.data or [])
        for code in self.exclusive:
            if code in chosen and len(chosen) > 1:
                label = dict(self.choices)[code]
                raise ValidationError(
                    f"For {self.who}, '{label}' cannot be ticked with other options: "
                    "untick one or the other"
                )


class NumberField(StringField):
    """A number typed as text, so what was typed is shown back when it is not a number."""

    widget = GovTextInput()

    def __init__(
        self,
        *args: Any,
        who: str = "",
        minimum: float | None = None,
        maximum: float | None = None,
        integer: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.who = who
        self.minimum = minimum
        self.maximum = maximum
        self.integer = integer
        self.number: float | None = None

    def pre_validate(self, form: Any) -> None:
        raw = (self.data or "").strip()
        self.number = None
        if not raw:
            return
        if "," in raw:
            if not THOUSANDS.match(raw):
                raise ValidationError(
                    f"For {self.who}, use a point for decimals, like 7.5 (you typed '{raw}')"
                )
            raw = raw.replace(",", "")
        try:
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError(raw)
        except ValueError:
            kind = "a whole number" if self.integer else "a number"
            raise ValidationError(
                f"Enter {kind} for {self.who}, like 12 (you typed '{self.data}')"
            ) from None
        if self.integer and not value.is_integer():
            raise ValidationError(f"Enter a whole number for {self.who}, like 12")
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = (
                f"between {low:g} and {high:g}"
                if low is not None and high is not None
                else f"at least {low:g}"
                if low is not None
                else f"at most {high:g}"
            )
            raise ValidationError(f"The number for {self.who} must be {bounds}")
        self.number = value


class DayMonthYearField(Field):
    """Three boxes (day, month, year); all empty is no answer, anything else must be a date."""

    widget = GovDateInput()

    def __init__(self, *args: Any, who: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.who = who

    def process_formdata(self, valuelist: list[str]) -> None:
        # GovDateInput wants raw_data to be None or exactly [day, month, year].
        self.data = None
        if valuelist and any(v.strip() for v in valuelist):
            self.raw_data = ([v.strip() for v in valuelist] + ["", "", ""])[:3]
        else:
            self.raw_data = None

    def _value(self) -> str:
        return self.data.strftime("%d %m %Y") if self.data else ""

    def pre_validate(self, form: Any) -> None:
        raw = self.raw_data or []
        if not any(raw):
            return
        try:
            day, month, year = (int(v) for v in raw[:3])
            if year < 100:
                raise ValueError
            self.data = dt.date(year, month, day)
        except ValueError:
            raise ValidationError(
                f"Enter a real date for {self.who}: day, month and year, like 27 3 2023"
            ) from None


class AnswerRequired:
    """Stops with a message when a question the definition marks required is not answered."""

    def __init__(self, who: str, message: str | None = None) -> None:
        self.who = who
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        data = field.raw_data if isinstance(field, DayMonthYearField) else field.data
        if data in (None, "", []) or (isinstance(data, str) and not data.strip()):
            field.errors[:] = []
            raise StopValidation(self.message or f"Answer {self.who}: it is needed to take part")
