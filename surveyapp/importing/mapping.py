"""A responses source's mapping: what each column of another tool's export feeds (a question, one
option of it, its "please specify" text, a grid cell, the response's id or its submitted date, or
nothing) and which option each of the tool's cell texts means. How it is stored (the JSON of
:class:`surveyapp.models.ResponsesSource`), how it is checked before it is saved, and how cell
texts are compared with options: case, spacing and punctuation forgiven. Nothing here touches
the database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from questionnaires.model import Question, Questionnaire
from surveyapp.importing.cells import STATES, norm
from surveyapp.importing.tools import REFERENCE, SUBMITTED, TOOLS, header_key
from surveyapp.models.evaluation import DATE_ORDERS

__all__ = [
    "ColumnUse",
    "ResponsesMapping",
    "choice_parts",
    "loose",
    "mapping_problems",
    "option_for",
]

KINDS = ("question", "option", "other", "cell", REFERENCE, SUBMITTED)
#: A printed number before the wording: "3. ", "Q3) ", "Question 3: ".
_NUMBER_FIRST = re.compile(r"^(?:q(?:uestion)?\s*)?\d+[a-z]?\s*[.):]\s*")
#: The marker some tools put after a required question's wording.
_REQUIRED_MARK = re.compile(r"\s*\*+$")


def loose(text: str) -> str:
    """Text as compared with wording and labels: case, spacing, punctuation and a printed
    number before it forgiven ("3. How easy was it?" and "how easy was it" are the same)."""
    text = _REQUIRED_MARK.sub("", norm(text))
    text = _NUMBER_FIRST.sub("", text).replace("'", "")
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@dataclass(frozen=True)
class ColumnUse:
    """What one column feeds: ``kind`` is question, option (``option`` ticked when the cell
    holds anything but "N", "No", "0" or "FALSE"), other (the text written for "Other"), cell
    (a grid cell, ``option`` its "row.column"), reference (the tool's response id) or
    submitted_at (the date it was submitted)."""

    kind: str
    question: str = ""
    option: str = ""

    @property
    def value(self) -> str:
        """As a form's select says it: "question:visit_reasons", "option:visit_reasons:gp"."""
        return ":".join(part for part in (self.kind, self.question, self.option) if part)

    @classmethod
    def parse(cls, value: str) -> ColumnUse | None:
        """A form's choice back (``None`` for "skip" or nothing chosen)."""
        kind, _, rest = value.strip().partition(":")
        if kind not in KINDS:
            return None
        question, _, option = rest.partition(":")
        return cls(kind, question, option)

    def as_json(self) -> dict[str, str | None]:
        """As :attr:`ResponsesSource.columns` keeps it."""
        if self.kind in (REFERENCE, SUBMITTED):
            return {"meta": self.kind}
        part = self.kind if self.kind in ("other", "cell") else None
        item = self.option if self.kind == "cell" else None
        option = self.option if self.kind == "option" else None
        return {"question": self.question, "option": option, "part": part, "item": item}

    @classmethod
    def from_json(cls, kept: dict | None) -> ColumnUse | None:
        if not kept:
            return None
        if kept.get("meta"):
            return cls(str(kept["meta"]))
        part = kept.get("part")
        if part == "other":
            return cls("other", str(kept["question"]))
        if part == "cell":
            return cls("cell", str(kept["question"]), str(kept.get("item") or ""))
        if kept.get("option"):
            return cls("option", str(kept["question"]), str(kept["option"]))
        return cls("question", str(kept["question"]))


@dataclass(frozen=True)
class ResponsesMapping:
    """A source as the reader needs it: ``columns`` their header -> what it feeds (``None``:
    skipped); ``values`` question id -> {their cell text, as :func:`loose` gives it -> option
    code}; how the tool writes dates."""

    name: str
    tool: str
    header_rows: int
    columns: dict[str, ColumnUse | None]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_order: str = "day-first"

    def used(self) -> Iterator[tuple[str, ColumnUse]]:
        return ((h, u) for h, u in self.columns.items() if u is not None)


def option_for(question: Question, text: str, values: dict[str, str]) -> str | None:
    """The option ``text`` means: the source's own mapping first, then an option's code or
    printed label (forgiven as :func:`loose` forgives); ``None`` when none."""
    key = loose(text)
    if key in values:
        return values[key]
    for option in question.options:
        if key in (loose(option.code), loose(option.label)):
            return option.code
    for option in question.options:  # "GP practice" for a table label, as tables print it
        if option.table_label and key == loose(option.table_label):
            return option.code
    return None


def choice_parts(text: str, question: Question, tool: str, values: dict[str, str]) -> list[str]:
    """The choices one cell gives: the whole cell when it is one option, else the parts
    between the tool's separators, adjacent parts joined back where together they make one
    option (a label with a comma in it, split by Google Forms' ", ")."""
    if question.type != "multiple" or option_for(question, text, values) or _state(text):
        return [text.strip()]
    for separator in TOOLS[tool].separators:
        if separator.strip() in text:
            pieces = [p.strip() for p in text.split(separator.strip())]
            break
    else:
        return [text.strip()]
    pieces = [p for p in pieces if p]
    parts: list[str] = []
    start = 0
    while start < len(pieces):
        end = len(pieces)
        while end > start + 1:  # the longest run of pieces that is one option
            joined = f"{separator.strip()} ".join(pieces[start:end])
            if option_for(question, joined, values):
                break
            end -= 1
        parts.append(f"{separator.strip()} ".join(pieces[start:end]))
        start = end
    return parts


def _state(text: str) -> bool:
    return " ".join(text.lower().split()) in STATES


def mapping_problems(mapping: ResponsesMapping, definition: Questionnaire) -> list[tuple[str, str]]:
    """What is wrong with a mapping before it is saved: (their header, or ``date_order`` or a
    question id for its texts, and what to do). Each question, option, write-in and grid cell
    is fed by one column at most, the response id and its date too; a whole question is not
    fed by one column and its options by others."""
    problems: list[tuple[str, str]] = []
    fed: dict[tuple[str, str, str], str] = {}
    whole: dict[str, str] = {}
    by_option: dict[str, str] = {}
    for header, use in mapping.used():
        problem = _use_problem(use, definition)
        if problem:
            problems.append((header, problem))
            continue
        key = (use.kind, use.question, use.option)
        if key in fed:
            problems.append((header, f"'{fed[key]}' feeds this already: choose one of the two"))
            continue
        fed[key] = header
        if use.kind == "question":
            whole[use.question] = header
        elif use.kind == "option":
            by_option.setdefault(use.question, header)
    for fed_id, header in whole.items():
        if fed_id in by_option:
            problems.append(
                (
                    by_option[fed_id],
                    f"'{header}' feeds the whole of {fed_id}: choose that column or a "
                    "column per option, not both",
                )
            )
    if mapping.date_order not in DATE_ORDERS:
        problems.append(("date_order", f"Choose how dates are written: {', '.join(DATE_ORDERS)}"))
    for question_id, texts in mapping.values.items():
        question = definition.question(question_id)
        if question is None or not question.is_choice:
            problems.append((question_id, f"{question_id} is not a choice question"))
            continue
        codes = {o.code for o in question.options}
        for text, code in texts.items():
            if code not in codes:
                problems.append((question_id, f"'{text}': choose one of {question_id}'s options"))
    return problems


def _use_problem(use: ColumnUse, definition: Questionnaire) -> str | None:
    """Why a column cannot feed ``use`` (a question of another questionnaire, an option it
    does not have ...), or ``None``."""
    if use.kind in (REFERENCE, SUBMITTED):
        return None
    question = definition.question(use.question)
    if question is None or not question.takes_answer:
        return f"{use.question or 'That'} is not a question of {definition.label}: choose another"
    if use.kind == "question" and question.type == "grid":
        return f"{question.id} is a grid: choose one of its cells for this column"
    if use.kind == "option" and question.option(use.option) is None:
        return f"{question.id} has no option {use.option}: choose one of its options"
    if use.kind == "other" and question.other_option is None:
        return f"{question.id} has no 'please specify': choose another"
    if use.kind == "cell":
        items = {f"{r.id}.{c.id}" for r in question.rows for c in question.columns}
        if use.option not in items:
            return f"{question.id} has no cell {use.option}: choose one of its cells"
    return None


def compared_header(name: str) -> str:
    """A header as a saved source and a later file are compared (see :func:`header_key`)."""
    return header_key(name)
