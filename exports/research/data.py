"""A questionnaire's answers one row per response: what the files for researchers hold (the wide
CSV, SPSS .sav and Stata .dta of :mod:`exports.research.stats_files`).

One row per response to the questionnaire, in any of its versions (they pool as the appendix
pools them: a question takes the answers given under the ids it ``replaces``), ordered by
response. Its columns, in printed order:

- ``reference``, ``version``, ``channel``, then ``participant_code`` and ``timepoint`` where the
  questionnaire asks for them, and ``submitted_at`` (UTC);
- a column per question (single choice, scale, 0-10 range, number, date, text);
- a multiple-choice question: a column per option, ``<id>_<code>``, 1 ticked and 0 not;
- ``<id>_other``: what was written beside an option with a line to write on;
- a grid: a column per cell, ``<id>_<row>_<column>``.

**Codes of options.** An option is coded by its ``value`` where the definition gives one (a
rating scale's 1-5); an option without one by the next whole number after the largest value
(the N/A of a scale), and a question whose options have no values by the options' printed
order, 1 for the first box, in the newest version. An option only an older version printed
comes after them, labelled as that version printed it. Two options with one value (a
definition mistake) make the whole question coded by printed order.

**Answer states.** A box left blank, marked not applicable, with more than one box ticked
where one was asked, or unreadable, is held apart from the values (``states``: 1 to 4 in
:data:`STATES`' order, 0 for a value or nothing), so that each file writes them its own way. A
multiple-choice question or a grid with a state has it in every one of its columns. Nothing at
all (a question the version answered did not print) is 0 with no value.

Contact details never reach this frame: the tidy frame has none, and contact sections are not
columns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np
import pandas as pd

from analysis.frames import QuestionRows, check_tidy, rows_of
from exports.research.variable_names import CSV_NAMES, variable_names
from questionnaires.answers import AnswerState
from questionnaires.model import Option, Question, Questionnaire

__all__ = [
    "STATES",
    "ResearchData",
    "Variable",
    "option_numbers",
    "research_data",
]

#: The answer states a cell can hold instead of a value, in the order of their codes.
STATES: Final[tuple[AnswerState, ...]] = (
    "blank",
    "not_applicable",
    "multiple_ticked",
    "unreadable",
)
Kind = Literal["code", "number", "text", "date", "moment"]
Measure = Literal["nominal", "ordinal", "scale"]
TICKED_LABELS: Final = ((0, "Not ticked"), (1, "Ticked"))


@dataclass(frozen=True)
class Variable:
    """One column: its name (unique, from question ids; each file fits it to its own rules),
    the printed question as its label, and ``detail``, what tells the column apart from the
    question's other columns (": Monday, In-Person"), which a label cut short keeps whole.

    ``kind``: ``code`` (an option's number, ``options`` mapping each number to the option's
    code), ``number``, ``text``, ``date`` or ``moment`` (a time, UTC). ``value_labels``: the
    printed label of each number. ``whole``: the values are whole numbers."""

    name: str
    label: str
    detail: str = ""
    kind: Kind = "number"
    measure: Measure = "scale"
    whole: bool = True
    value_labels: tuple[tuple[int, str], ...] = ()
    options: tuple[tuple[int, str], ...] = ()

    @property
    def full_label(self) -> str:
        return self.label + self.detail


@dataclass(frozen=True)
class ResearchData:
    """The columns of :func:`research_data`: ``values`` and ``states`` have one column per
    variable, named as it, and one row per response. ``values`` holds floats (NaN: no value)
    for codes and numbers, text or ``None``, ``datetime.date`` or ``None``, and naive UTC
    times; ``states`` holds 0 or the state's place in :data:`STATES` plus one."""

    title: str
    variables: tuple[Variable, ...]
    values: pd.DataFrame
    states: pd.DataFrame = field(repr=False)

    @property
    def responses(self) -> int:
        return len(self.values)


def option_numbers(options: Sequence[Option]) -> dict[str, int]:
    """Each option's code -> its number in the files (see the module's "Codes of options")."""
    valued = [o.value for o in options if o.value is not None]
    use_values = len(set(valued)) == len(valued)
    following = max([0, *valued]) + 1 if use_values else 1
    numbers = {}
    for option in options:
        if use_values and option.value is not None:
            numbers[option.code] = option.value
        else:
            numbers[option.code] = following
            following += 1
    return numbers


def research_data(
    frame: pd.DataFrame, definition: Questionnaire, references: Mapping[int, str]
) -> ResearchData:
    """The answers to ``definition.key`` in the tidy ``frame`` (any version), one row per
    response; ``references``: each response id's reference. ``frame`` is not changed."""
    rows = rows_of(check_tidy(frame), "questionnaire", definition.key)
    first = rows.drop_duplicates("response_id").sort_values("response_id")
    ids = first["response_id"].to_numpy(np.int64)
    columns = _Columns(len(ids))
    _response_columns(columns, first, definition, references)
    split = QuestionRows(rows)
    for question in definition.questions():
        if not question.takes_answer:
            continue
        own = split.rows(question.id, *question.replaces)
        _question_columns(columns, question, _Rows(own, ids))
    return columns.data(definition.title)


class _Columns:
    """The columns as they are made: a variable, its values and its states."""

    def __init__(self, responses: int) -> None:
        self.responses = responses
        self.variables: list[Variable] = []
        self.values: list[np.ndarray] = []
        self.states: list[np.ndarray] = []

    def add(self, variable: Variable, values: np.ndarray, states: np.ndarray | None = None) -> None:
        self.variables.append(variable)
        self.values.append(values)
        self.states.append(states if states is not None else self.no_states())

    def numbers(self) -> np.ndarray:
        return np.full(self.responses, np.nan)

    def objects(self) -> np.ndarray:
        return np.full(self.responses, None, dtype=object)

    def no_states(self) -> np.ndarray:
        return np.zeros(self.responses, dtype=np.int8)

    def data(self, title: str) -> ResearchData:
        names = variable_names([v.name for v in self.variables], CSV_NAMES)
        variables = tuple(
            dataclasses.replace(v, name=name) for v, name in zip(self.variables, names, strict=True)
        )
        return ResearchData(
            title,
            variables,
            pd.DataFrame(dict(zip(names, self.values, strict=True)), copy=False),
            pd.DataFrame(dict(zip(names, self.states, strict=True)), copy=False),
        )


class _Rows:
    """A question's answer rows as arrays: each row's response (by position), state number,
    option code, grid cell, written "Other" text, text, number and date."""

    def __init__(self, rows: pd.DataFrame, ids: np.ndarray) -> None:
        self.at = np.searchsorted(ids, rows["response_id"].to_numpy(np.int64))
        self.state = _state_numbers(rows["state"])
        self.answered = self.state == 0
        self.code = rows["value_code"].astype(object).to_numpy()
        self.label = rows["value_label"].astype(object).to_numpy()
        self.item = rows["item"].astype(object).to_numpy()
        self.other = rows["other_text"].astype(object).to_numpy()
        self.text = rows["text"].astype(object).to_numpy()
        self.number = rows["number"].to_numpy(float)
        self.date = rows["date"].to_numpy(object)

    def stated(self) -> tuple[np.ndarray, np.ndarray]:
        """The responses with a state rather than a value, and their state numbers."""
        found = ~self.answered
        return self.at[found], self.state[found]


def _state_numbers(states: pd.Series) -> np.ndarray:
    """0 for an answer, else the state's place in ``STATES`` plus one; worked out per distinct
    state, not per row."""
    found = pd.Categorical(states)
    lookup = np.asarray(
        [STATES.index(s) + 1 if s in STATES else 0 for s in found.categories], dtype=np.int8
    )
    if not len(lookup):
        return np.zeros(len(found), dtype=np.int8)
    return np.where(found.codes >= 0, lookup[np.maximum(found.codes, 0)], 0).astype(np.int8)


def _response_columns(
    columns: _Columns,
    first: pd.DataFrame,
    definition: Questionnaire,
    references: Mapping[int, str],
) -> None:
    ids = first["response_id"].to_numpy(np.int64)
    text = np.asarray([references.get(int(i), "") for i in ids], dtype=object)
    columns.add(Variable("reference", "Response reference", kind="text", measure="nominal"), text)
    columns.add(
        Variable("version", "Version of the questionnaire answered", measure="nominal"),
        first["version"].to_numpy(float),
    )
    columns.add(
        Variable(
            "channel",
            "How it came in: online, paper, interview, phone or import",
            kind="text",
            measure="nominal",
        ),
        first["channel"].astype(object).to_numpy(),
    )
    if definition.participant_code:
        columns.add(
            Variable("participant_code", "Participant code", kind="text", measure="nominal"),
            first["participant_code"].astype(object).to_numpy(),
        )
    if definition.timepoints:
        numbers = option_numbers(definition.timepoints)
        points = first["timepoint"].astype(object).map(numbers).to_numpy(float)
        columns.add(
            Variable(
                "timepoint",
                "Timepoint",
                kind="code",
                measure="nominal",
                value_labels=tuple((numbers[o.code], o.label) for o in definition.timepoints),
                options=tuple((numbers[o.code], o.code) for o in definition.timepoints),
            ),
            points,
        )
    moments = pd.to_datetime(first["submitted_at"], utc=True).dt.tz_localize(None)
    columns.add(
        Variable("submitted_at", "Submitted (UTC)", kind="moment"),
        moments.to_numpy(),
    )


def _question_columns(columns: _Columns, question: Question, rows: _Rows) -> None:
    label = f"{question.printed_number} {' '.join(question.text.split())}".strip()
    # The columns of an option, a cell or a write-in line add their words after a colon: a
    # question ending in one ("I am filling this in as:") does not print it twice.
    stem = label.rstrip(" :") if question.type in ("multiple", "grid") else label
    if question.type in ("single", "scale"):
        _choice(columns, question, label, rows)
    elif question.type == "multiple":
        _multiple(columns, question, stem, rows)
    elif question.type == "grid":
        _grid(columns, question, stem, rows)
    elif question.type in ("text", "textarea", "date"):
        kind: Kind = "date" if question.type == "date" else "text"
        values = columns.objects()
        given = rows.date if kind == "date" else rows.text
        values[rows.at[rows.answered]] = given[rows.answered]
        measure: Measure = "scale" if kind == "date" else "nominal"
        columns.add(
            Variable(question.id, label, kind=kind, measure=measure), values, _states(columns, rows)
        )
    else:  # range, number
        values = columns.numbers()
        numbers = rows.number.copy()
        if question.type == "range":  # a point keyed as its code only
            coded = pd.to_numeric(pd.Series(rows.code), errors="coerce").to_numpy(float)
            numbers = np.where(np.isnan(numbers), coded, numbers)
        values[rows.at[rows.answered]] = numbers[rows.answered]
        anchors = tuple(
            (int(end), words)
            for end, words in (
                (question.min, question.min_label),
                (question.max, question.max_label),
            )
            if end is not None and words
        )
        columns.add(
            Variable(
                question.id,
                label,
                whole=question.integer or question.type == "range",
                value_labels=anchors,
            ),
            values,
            _states(columns, rows),
        )


def _states(columns: _Columns, rows: _Rows) -> np.ndarray:
    states = columns.no_states()
    at, state = rows.stated()
    states[at] = state
    return states


def _options(question: Question, rows: _Rows) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """(code, printed label) of every option, those only older versions printed after the
    newest version's, and each code's number."""
    printed = [(o.code, o.label) for o in question.options]
    known = {code for code, _ in printed}
    older: dict[str, str] = {}
    for code, label in zip(rows.code[rows.answered], rows.label[rows.answered], strict=True):
        if isinstance(code, str) and code and code not in known and code not in older:
            older[code] = label if isinstance(label, str) else code
    numbers = option_numbers(question.options)
    following = max([0, *numbers.values()]) + 1
    for number, code in enumerate(sorted(older), start=following):
        numbers[code] = number
    return printed + sorted(older.items()), numbers


def _choice(columns: _Columns, question: Question, label: str, rows: _Rows) -> None:
    options, numbers = _options(question, rows)
    values = columns.numbers()
    chosen = rows.answered & pd.notna(rows.code)
    values[rows.at[chosen]] = [numbers.get(c, np.nan) for c in rows.code[chosen]]
    measure: Measure = "ordinal" if question.type == "scale" else "nominal"
    columns.add(
        Variable(
            question.id,
            label,
            kind="code",
            measure=measure,
            value_labels=tuple((numbers[code], text) for code, text in options),
            options=tuple((numbers[code], code) for code, _ in options),
        ),
        values,
        _states(columns, rows),
    )
    _written(columns, question, label, rows)


def _multiple(columns: _Columns, question: Question, label: str, rows: _Rows) -> None:
    options, _numbers = _options(question, rows)
    place = {code: i for i, (code, _) in enumerate(options)}
    values = np.full((columns.responses, len(options)), np.nan)
    states = np.zeros((columns.responses, len(options)), dtype=np.int8)
    values[np.unique(rows.at), :] = 0
    ticked = rows.answered & np.isin(rows.code, list(place))
    values[rows.at[ticked], [place[c] for c in rows.code[ticked]]] = 1
    at, state = rows.stated()
    values[at, :] = np.nan
    states[at, :] = state[:, None]
    for i, (code, text) in enumerate(options):
        columns.add(
            Variable(
                f"{question.id}_{code}",
                label,
                f": {text}",
                measure="nominal",
                value_labels=TICKED_LABELS,
            ),
            values[:, i].copy(),
            states[:, i].copy(),
        )
    _written(columns, question, label, rows)


def _grid(columns: _Columns, question: Question, label: str, rows: _Rows) -> None:
    cells = [(r, c) for r in question.rows for c in question.columns]
    place = {f"{r.id}.{c.id}": i for i, (r, c) in enumerate(cells)}
    values = np.full((columns.responses, len(cells)), np.nan)
    states = np.zeros((columns.responses, len(cells)), dtype=np.int8)
    in_cell = np.asarray([isinstance(i, str) and i in place for i in rows.item], dtype=bool)
    where = np.asarray([place.get(i, 0) if isinstance(i, str) else 0 for i in rows.item])
    given = rows.answered & in_cell
    values[rows.at[given], where[given]] = rows.number[given]
    stated = ~rows.answered & in_cell
    states[rows.at[stated], where[stated]] = rows.state[stated]
    whole = ~rows.answered & ~in_cell  # a state of the whole grid (left blank): every cell
    states[rows.at[whole], :] = rows.state[whole][:, None]
    for i, (row, column) in enumerate(cells):
        columns.add(
            Variable(
                f"{question.id}_{row.id}_{column.id}",
                label,
                f": {row.label}, {column.label}",
                whole=question.integer,
            ),
            values[:, i].copy(),
            states[:, i].copy(),
        )


def _written(columns: _Columns, question: Question, label: str, rows: _Rows) -> None:
    """``<id>_other``: what was written beside the option with a line to write on."""
    other = question.other_option
    if other is None:
        return
    label = label.rstrip(" :")
    values = columns.objects()
    written = pd.notna(rows.other)
    values[rows.at[written]] = rows.other[written]
    columns.add(
        Variable(
            f"{question.id}_other",
            label,
            f': written beside "{other.table_text}"',
            kind="text",
            measure="nominal",
        ),
        values,
    )
