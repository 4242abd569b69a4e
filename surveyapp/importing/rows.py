"""A table of returned questionnaires checked against a definition: answers, or what to fix.

:func:`plan_import` maps each column to a question (by id or unique printed number), its
"please specify" text, a grid cell, or a field about the return (reference, serial, ...), then
reads every cell. Every problem is collected, one per bad cell, each saying what to write instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from questionnaires.answers import PARTICIPANT_CODE_LENGTH, GivenAnswer, participant_code
from questionnaires.model import Questionnaire
from questionnaires.text import composed, control_character_problem
from surveyapp.importing.cells import (
    CellError,
    cell_answers,
    norm,
    parse_date,
    parse_text,
    quoted_start,
)
from surveyapp.importing.columns import (
    HEADER_ROW,
    Column,
    Unknown,
    resolve_column,
)
from surveyapp.importing.read import Table, TableRow

META_LIMITS = {"reference": 64, "serial": 32, "participant_code": PARTICIPANT_CODE_LENGTH}
OTHER_MAX_LENGTH = 500  # as online


@dataclass(frozen=True)
class ImportProblem:
    """Something to fix in the file, where it is: ``row`` 1 (the header) or a data row."""

    row: int
    column: str  # "F (referred_by)", or "" for the whole row
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportRow:
    """One returned questionnaire, read without a problem."""

    row: int
    reference: str | None
    serial: str | None
    participant_code: str | None
    timepoint: str | None
    submitted_on: dt.date | None
    answers: tuple[GivenAnswer, ...]
    contact: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportPlan:
    """What importing a table would do: the rows without a problem, and every problem."""

    columns: dict[str, str]
    problems: list[ImportProblem]
    rows: list[ImportRow]
    rejected_rows: int
    unknown_columns: list[str]

    @property
    def header_problems(self) -> list[ImportProblem]:
        """Problems with the columns themselves (row 1); while there are any, import nothing."""
        return [p for p in self.problems if p.row == HEADER_ROW]


class _Problems:
    """Problems as they are found (``where``: the column, ``None`` for the whole row), sorted by
    row then column position at the end."""

    def __init__(self) -> None:
        self._found: list[tuple[int, int, ImportProblem]] = []

    def add(self, row: int, where: Column | None, message: str) -> None:
        problem = ImportProblem(row, where.label if where else "", message)
        self._found.append((row, where.index if where else -1, problem))

    def rows(self) -> set[int]:
        return {row for row, _, _ in self._found}

    def sorted(self) -> list[ImportProblem]:
        return [p for _, _, p in sorted(self._found, key=lambda f: (f[0], f[1]))]


NO_ROWS = (
    "there are no rows of answers under the header row: add one row per returned questionnaire, "
    "or upload the file that holds them"
)
NO_HEADING = (
    "this column has values but no heading: write its question id in the header row, or "
    "delete the column"
)
NO_KEY = (
    "the file has no reference or serial column: add a column named reference holding a value "
    "unique to each row (for example the other tool's response ID, or the row number), or a "
    "column named serial holding each paper form's serial, so that importing the same file "
    "twice adds nothing"
)


def plan_import(table: Table, definition: Questionnaire) -> ImportPlan:
    """Check ``table`` against ``definition``: the rows to import and every problem found.

    Rows are read even when the header has problems (so every problem shows at once), but
    nothing should be imported while ``plan.header_problems`` is not empty.
    """
    problems = _Problems()
    columns, unknown = _map_header(table, definition, problems)
    if not table.rows:
        problems.add(HEADER_ROW, None, NO_ROWS)
    seen: dict[str, dict[str, int]] = {"reference": {}, "serial": {}}
    rows = [_read_row(r, columns, definition, problems, seen) for r in table.rows]
    bad = problems.rows()
    return ImportPlan(
        columns={table.header[c.index]: c.target.key for c in columns},
        problems=problems.sorted(),
        rows=[r for r in rows if r.row not in bad],
        rejected_rows=len(bad - {HEADER_ROW}),
        unknown_columns=unknown,
    )


# --- the header ---------------------------------------------------------------------------------


def _map_header(
    table: Table, definition: Questionnaire, problems: _Problems
) -> tuple[list[Column], list[str]]:
    """The columns that map to something; every other column is a header problem."""
    taken: dict[str, Column] = {}
    unknown: list[str] = []
    at = HEADER_ROW
    for index, name in enumerate(table.header):
        letter = get_column_letter(index + 1)
        target = resolve_column(name, definition) if name else None
        column = Column(index, f"{letter} ({name})" if name else letter, target)
        if not name:
            if any(r.cells[index] for r in table.rows):
                problems.add(at, column, NO_HEADING)
        elif isinstance(target, str):
            if isinstance(target, Unknown):
                unknown.append(name)
            problems.add(at, column, str(target))
        elif target.key in taken:
            first = taken[target.key].label
            problems.add(
                at,
                column,
                f"this column is {target.key} again, like column {first}: "
                "keep one of the two columns",
            )
        else:
            taken[target.key] = column
    if not {"reference", "serial"} & taken.keys():
        problems.add(at, None, NO_KEY)
    return list(taken.values()), unknown


# --- the rows -----------------------------------------------------------------------------------


def _read_row(
    row: TableRow,
    columns: list[Column],
    definition: Questionnaire,
    problems: _Problems,
    seen: dict[str, dict[str, int]],
) -> ImportRow:
    """One data row: its fields, answers and contact details; problems go to ``problems``."""
    meta: dict[str, object] = {}
    given: dict[str, list[GivenAnswer]] = {}
    others: dict[str, tuple[str, Column]] = {}
    contact: dict[str, str] = {}
    failed: set[str] = set()  # questions and fields with a problem already
    for column in columns:
        text, target = row.cells[column.index], column.target
        if not text:
            continue
        try:
            # The rule every input keeps (questionnaires.text), as on the online form.
            text = composed(text)
            problem = control_character_problem(text, "This cell", multiline=True)
            if problem:
                raise CellError(problem)
            if target.kind == "meta":
                meta[target.key] = _meta_value(target.key, text, definition)
            elif target.kind == "other":
                others[target.question.id] = (parse_text(text, OTHER_MAX_LENGTH), column)
            elif target.kind == "contact":
                contact[target.question.id] = parse_text(text, target.question.max_length)
            else:
                given.setdefault(target.question.id, []).extend(
                    cell_answers(target.question, target.item, text)
                )
        except CellError as bad:
            problems.add(row.number, column, str(bad))
            failed.add(target.question.id if target.question else target.key)
    _attach_others(row.number, given, others, definition, problems, failed)
    _check_key(row, meta, columns, problems, seen)
    return ImportRow(
        row=row.number,
        reference=meta.get("reference"),
        serial=meta.get("serial"),
        participant_code=meta.get("participant_code"),
        timepoint=meta.get("timepoint"),
        submitted_on=meta.get("submitted_at"),
        answers=tuple(_in_order(given, definition)),
        contact=contact,
    )


def _meta_value(name: str, text: str, definition: Questionnaire) -> object:
    """A field of the return, checked: a timepoint code, a date, or a code of limited length."""
    if name == "submitted_at":
        return parse_date(text)
    if name == "timepoint":
        codes = {norm(o.code): o.code for o in definition.timepoints}
        codes.update({norm(o.label): o.code for o in definition.timepoints})
        if norm(text) not in codes:
            raise CellError(
                f"'{quoted_start(text)}' is not a timepoint of {definition.label}: write "
                f"{' or '.join(o.code for o in definition.timepoints)}"
            )
        return codes[norm(text)]
    stored = (participant_code(text) or "") if name == "participant_code" else text
    limit = META_LIMITS[name]
    if len(stored) > limit:  # as stored: capitals can be longer than what was typed
        raise CellError(
            f"'{quoted_start(text)}' is {len(stored)} characters long as stored: a {name} holds "
            f"at most {limit}; use a shorter one"
        )
    return stored


def _attach_others(
    row: int,
    given: dict[str, list[GivenAnswer]],
    others: dict[str, tuple[str, Column]],
    definition: Questionnaire,
    problems: _Problems,
    failed: set[str],
) -> None:
    """Put each "please specify" text on the answer choosing the other option, or complain
    (unless the answer itself has a problem already)."""
    for question_id, (text, column) in others.items():
        other = definition.question(question_id).other_option
        answers = given.get(question_id, [])
        if question_id in failed:
            continue
        if not any(a.value_code == other.code for a in answers):
            label = other.label.split(" (")[0].split(". ")[0].rstrip(":")
            label = label if len(label) <= 40 else label[:37].rstrip() + "..."
            msg = (
                f"'{quoted_start(text)}' is written under 'please specify' but {question_id} is "
                f"not '{label}' ({other.code}): choose {other.code}, or move the text"
            )
            problems.add(row, column, msg)
            continue
        given[question_id] = [
            dataclasses.replace(a, other_text=text) if a.value_code == other.code else a
            for a in answers
        ]


def _check_key(
    row: TableRow,
    meta: dict[str, object],
    columns: list[Column],
    problems: _Problems,
    seen: dict[str, dict[str, int]],
) -> None:
    """Each row needs a reference or a serial, not used by an earlier row of the file."""
    keyed = {c.target.key: c for c in columns if c.target.kind == "meta" and c.target.key in seen}
    if not keyed:
        return  # one header problem says so
    if not any(row.cells[c.index] for c in keyed.values()):
        what = " or ".join(f"a {name} in column {c.label}" for name, c in keyed.items())
        msg = f"this row has no reference or serial: write {what}, unique to this row"
        problems.add(row.number, keyed.get("reference") or keyed["serial"], msg)
    for name, column in keyed.items():
        value = meta.get(name)
        # "000012-5" and "0000125" are the same printed serial.
        same = re.sub(r"[\s\-]", "", value).upper() if name == "serial" and value else value
        if same and same in seen[name]:
            msg = (
                f"{name} '{value}' is already on row {seen[name][same]}: give each row its "
                f"own {name}, or delete one of the rows if they are the same return"
            )
            problems.add(row.number, column, msg)
        elif same:
            seen[name][same] = row.number


def _in_order(
    given: dict[str, list[GivenAnswer]], definition: Questionnaire
) -> Iterator[GivenAnswer]:
    """The answers in printed order; grid cells row by row."""
    for question in definition.questions():
        answers = given.get(question.id, [])
        if question.type == "grid":
            items = [f"{r.id}.{c.id}" for r in question.rows for c in question.columns]
            answers = sorted(answers, key=lambda a: items.index(a.item))
        yield from answers
