"""Which question, "please specify" text, grid cell or field of the return each column of an
imported table holds: by question id, by a printed number that is unique, or by a field name."""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass

from questionnaires.model import Question, Questionnaire

#: The spreadsheet row that names the columns.
HEADER_ROW = 1
META = {
    "reference": "reference",
    "serial": "serial",
    "participant_code": "participant_code",
    "timepoint": "timepoint",
    "submitted_at": "submitted_at",
    "date": "submitted_at",
}
#: Longest value each field of a return may hold (the database columns' sizes).
NUMBERED = re.compile(r"^(?:q(?:uestion)?[\s_.]*)?(\d[0-9a-z]*)\.?$")


@dataclass(frozen=True)
class Target:
    """What a column holds: ``kind`` question, contact, other, cell or meta; ``key`` as in
    ``ImportPlan.columns``; ``item`` a grid cell's "row.column"."""

    kind: str
    key: str
    question: Question | None = None
    item: str = ""


@dataclass(frozen=True)
class Column:
    index: int
    label: str  # "F (referred_by)"
    target: Target | str | None  # what it holds, else why it holds nothing


class Unknown(str):
    """The message for a column that matches nothing at all (one of ``unknown_columns``)."""


def _key(name: str) -> str:
    """A column name as compared: lower case, spaces and hyphens inside as ``_``."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def resolve_column(name: str, definition: Questionnaire) -> Target | str:
    """What the column ``name`` holds, or the message saying why it holds nothing."""
    key = _key(name)
    found = _question_ref(key, definition)
    if isinstance(found, Question):
        target = _question_target(found)
        contact = {q.id for s in definition.sections if s.is_contact for q in s.questions}
        if isinstance(target, Target) and found.id in contact:
            return dataclasses.replace(target, kind="contact")
        return target
    if found is not None:
        return found
    if key.endswith("_other") and (base := _question_ref(key[: -len("_other")], definition)):
        if isinstance(base, str):
            return base
        if base.other_option is None:
            return (
                f"{base.id} has no 'please specify' option, so there is no {base.id}_other "
                "column: put this text in another column, or remove the column"
            )
        return Target("other", f"{base.id}_other", base)
    if key in META:
        return _meta_target(META[key], definition)
    parts = re.split(r"\.|__", key)
    if len(parts) == 3 and (grid := _question_ref(parts[0], definition)):
        return grid if isinstance(grid, str) else _cell_target(grid, parts[1], parts[2])
    return _unknown_column(key, definition)


def _question_ref(key: str, definition: Questionnaire) -> Question | str | None:
    """The question named by id or by its unique printed number (``5``, ``5.``, ``Q5``)."""
    questions = list(definition.questions(include_contact=True))
    by_id = next((q for q in questions if q.id == key), None)
    if by_id is not None:
        return by_id
    number = _number_key(key)
    if number is None:
        return None
    same = [q for q in questions if q.takes_answer and q.number and _number_key(q.number) == number]
    if len(same) > 1:
        ids = [q.id for q in same]
        return (
            f"more than one question of {definition.label} prints {same[0].number}. "
            f"({', '.join(ids)}): name the column by the question id instead, "
            f"{' or '.join(ids)}"
        )
    return same[0] if same else None


def _number_key(text: str) -> str | None:
    """``5`` for "5", "5.", "Q5", "q5.", "Question 5"; ``None`` for anything else."""
    match = NUMBERED.match(_key(text))
    return match.group(1) if match else None


def _question_target(question: Question) -> Target | str:
    if question.type == "info":
        return f"{question.id} is text only and takes no answer: remove the column"
    if question.type == "grid":
        first = f"{question.id}.{question.rows[0].id}.{question.columns[0].id}"
        return (
            f"{question.id} is a grid: give each cell its own column, named "
            f"<question id>.<row>.<column>, like {first}"
        )
    return Target("question", question.id, question)


def _cell_target(grid: Question, row: str, column: str) -> Target | str:
    rows, columns = [r.id for r in grid.rows], [c.id for c in grid.columns]
    if grid.type != "grid":
        return f"{grid.id} is not a grid: name the column {grid.id}"
    if row not in rows or column not in columns:
        return (
            f"{grid.id} has no cell {row}.{column}: its rows are {', '.join(rows)} and its "
            f"columns {', '.join(columns)}, like {grid.id}.{rows[0]}.{columns[0]}"
        )
    return Target("cell", f"{grid.id}.{row}.{column}", grid, f"{row}.{column}")


def _meta_target(name: str, definition: Questionnaire) -> Target | str:
    if name == "participant_code" and not definition.participant_code:
        return f"{definition.label} asks for no participant code: remove the column"
    if name == "timepoint" and not definition.timepoints:
        return f"{definition.label} has no timepoints: remove the column"
    return Target("meta", name)


def _unknown_column(key: str, definition: Questionnaire) -> str:
    """Why a column holds nothing, with the names it could have (and a close one, if any)."""
    questions = [q for q in definition.questions(include_contact=True) if q.takes_answer]
    close = difflib.get_close_matches(key, [q.id for q in questions] + list(META), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    example = next((q for q in questions if q.type != "grid"), questions[0])
    numbered = [q for q in questions if q.number]
    number = next(
        (q.number for q in numbered if sum(o.number == q.number for o in numbered) == 1), None
    )
    names = [f"a question id (like {example.id})"]
    if number:
        names.append(f"a printed number that is unique (like {number})")
    if any(q.other_option for q in questions):
        names.append("<question id>_other for 'please specify' text")
    if any(q.type == "grid" for q in questions):
        names.append("<question id>.<row>.<column> for a grid cell")
    fields = [n for n in META if n != "date" and isinstance(_meta_target(n, definition), Target)]
    return Unknown(
        f"this column matches no question of {definition.label}{hint}: name it by "
        f"{', '.join(names)}, or {', '.join(fields)}; or remove the column"
    )
