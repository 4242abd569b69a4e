"""Another tool's export read as returns through a saved mapping (a responses source).

Each row of the export is put in our own columns (``reference``, ``submitted_at``, question ids
holding option codes, ``<id>_other``, grid cells) and checked by :func:`plan_import`, as a file
in our columns is; every problem then names the export's own row and column. A cell text that
is no option (and not mapped by the source) is named where it is. The response's reference is
the source's name and the tool's response id ("SurveyMonkey patients:114227"), or, for a tool
that gives none, what the row says (:func:`surveyapp.importing.tools.row_reference`): the same
export imported again adds nothing. Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from questionnaires.model import Question, Questionnaire
from surveyapp.importing.cells import CellError, parse_date, quoted_start, who
from surveyapp.importing.mapping import (
    ColumnUse,
    ResponsesMapping,
    choice_parts,
    compared_header,
    option_for,
)
from surveyapp.importing.read import Table, TableRow
from surveyapp.importing.rows import ImportPlan, ImportProblem, plan_import
from surveyapp.importing.tools import REFERENCE, SUBMITTED, row_reference

__all__ = ["plan_through_source", "reference_prefix"]

REFERENCE_LENGTH = 64
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")
#: What an option column holds when its option was not ticked.
NOT_TICKED = {"", "n", "no", "0", "false"}


def reference_prefix(name: str) -> str:
    """The start of every reference made through the source ``name``: the name itself, or,
    when long, its start and a hash of it, so that ids of up to 23 characters fit."""
    if len(name) <= 40:
        return name
    return name[:31] + "~" + hashlib.sha256(name.encode()).hexdigest()[:8]


@dataclass
class _Ours:
    """Our columns, and the export's columns each is read from (their labels, for problems)."""

    header: list[str] = field(default_factory=lambda: [REFERENCE, SUBMITTED])
    where: dict[str, list[str]] = field(default_factory=dict)

    def column(self, name: str, label: str) -> int:
        if name not in self.header:
            self.header.append(name)
        self.where.setdefault(name, []).append(label)
        return self.header.index(name)


def plan_through_source(
    table: Table, definition: Questionnaire, mapping: ResponsesMapping
) -> ImportPlan:
    """Check ``table`` (its header rows made one) through ``mapping``: the rows to import and
    every problem, by the export's row and column. ``plan.columns`` says which of the export's
    columns feeds what; ``plan.unknown_columns`` the columns the source does not read."""
    problems: list[ImportProblem] = []
    by_header = {compared_header(h): u for h, u in mapping.columns.items()}
    where: dict[str, int] = {}
    for index, name in enumerate(table.header):
        key = compared_header(name)
        if key and key in where:
            problems.append(
                ImportProblem(
                    1,
                    _label(index, name),
                    f"Two columns are named '{name}' (and {_label(where[key], name)}): rename "
                    "one, so it is clear which is read",
                )
            )
        elif key:
            where[key] = index
    for header, use in mapping.used():
        if compared_header(header) not in where:
            problems.append(
                ImportProblem(
                    1,
                    "",
                    f"No column '{header}' in this file, and the source '{mapping.name}' reads "
                    f"{_said(use, definition)} from it: is this file that tool's export of "
                    f"{definition.label}? If its questions have changed, set the source up again",
                )
            )
    used = [(index, by_header[key]) for key, index in where.items() if by_header.get(key)]
    landing = {
        _label(index, table.header[index]): _said(use, definition)
        for index, use in sorted(used, key=lambda u: u[0])
        if use is not None
    }
    # Columns the source has never seen (a question added to the tool's form since): listed.
    not_read = [h for h in table.header if h and compared_header(h) not in by_header]
    if problems:
        return ImportPlan(landing, problems, [], 0, not_read)
    ours = _Ours()
    spots = [(index, use, _spot(ours, index, table.header[index], use)) for index, use in used]
    for index, feeds in used:  # a tool may write the words for Other in the answer's own cell
        question = definition.question(feeds.question) if feeds and feeds.question else None
        wide = feeds is not None and feeds.kind in ("question", "option")
        if wide and question is not None and question.other_option is not None:
            ours.column(f"{question.id}_other", _label(index, table.header[index]))
    reference_column = next((i for i, u in used if u is not None and u.kind == REFERENCE), None)
    rows, bad = [], {}
    for row in table.rows:
        cells, found = _our_row(row, table, definition, mapping, spots, ours)
        if reference_column is not None and row.cells[reference_column].strip():
            said = row.cells[reference_column].strip()[: REFERENCE_LENGTH - 41]
            cells[0] = f"{reference_prefix(mapping.name)}:{said}"
        else:
            cells[0] = f"{reference_prefix(mapping.name)}:{row_reference(row, table.header)}"
        rows.append(TableRow(row.number, cells))
        if found:
            bad[row.number] = found
            problems += found
    checked = plan_import(Table(header=list(ours.header), rows=rows), definition)
    shown = {
        _label(index, name): ", ".join(ours.where.get(name, []))
        for index, name in enumerate(ours.header)
    }
    problems += [
        ImportProblem(p.row, shown.get(p.column, p.column), p.message) for p in checked.problems
    ]
    problems.sort(key=lambda p: p.row)
    rejected = {p.row for p in problems if p.row != 1}
    return ImportPlan(
        columns=landing,
        problems=problems,
        rows=[r for r in checked.rows if r.row not in rejected],
        rejected_rows=len(rejected),
        unknown_columns=not_read,
    )


def _label(index: int, name: str) -> str:
    """How a problem names a column: its letter and header, "F (Why did you go?)"."""
    return f"{get_column_letter(index + 1)} ({name})" if name else get_column_letter(index + 1)


def _said(use: ColumnUse, definition: Questionnaire) -> str:
    """What a column feeds, in words: "question 2 (visit_reasons): A check-up, ticked"."""
    if use.kind == REFERENCE:
        return "the response's id (its reference here)"
    if use.kind == SUBMITTED:
        return "the date it was submitted"
    question = definition.question(use.question)
    if question is None:
        return use.question
    named = who(question)
    if use.kind == "option":
        option = question.option(use.option)
        return f"{named}: '{option.label if option else use.option}' ticked"
    if use.kind == "other":
        return f"{named}: the words written for Other"
    if use.kind == "cell":
        return f"{named}: cell {use.option}"
    return named


def _spot(ours: _Ours, index: int, header: str, use: ColumnUse | None) -> int:
    """Which of our columns the export's column ``index`` feeds."""
    label = _label(index, header)
    if use is None:
        return -1
    if use.kind in (REFERENCE, SUBMITTED):
        return ours.column(use.kind, label)
    if use.kind == "other":
        return ours.column(f"{use.question}_other", label)
    if use.kind == "cell":
        return ours.column(f"{use.question}.{use.option}", label)
    return ours.column(use.question, label)


def _our_row(
    row: TableRow,
    table: Table,
    definition: Questionnaire,
    mapping: ResponsesMapping,
    spots: list[tuple[int, ColumnUse | None, int]],
    ours: _Ours,
) -> tuple[list[str], list[ImportProblem]]:
    """One export row in our columns (codes joined with ";"), and the problems of its cells."""
    cells = [""] * len(ours.header)
    # Where the words for Other have a column of their own, the answer's cell holds a code.
    apart = {use.question for _, use, _ in spots if use is not None and use.kind == "other"}
    chosen: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    found: list[ImportProblem] = []
    for index, use, spot in spots:
        text = row.cells[index].strip()
        if use is None or not text:
            continue
        label = _label(index, table.header[index])
        question = definition.question(use.question) if use.question else None
        try:
            if use.kind == SUBMITTED:
                cells[spot] = _day(text, mapping.date_order)
            elif use.kind == "option" and question is not None:
                if text.lower() not in NOT_TICKED:
                    chosen.setdefault(question.id, []).append(use.option)
                    if question.id not in apart:
                        _keep_written(question, use.option, text, others)
            elif use.kind == "question" and question is not None and question.is_choice:
                values = mapping.values.get(question.id, {})
                for part in choice_parts(text, question, mapping.tool, values):
                    code = option_for(question, part, values)
                    if code is None and part.lower() in ("more than one ticked", "unreadable"):
                        code = part
                    if code is None:
                        raise CellError(
                            f"'{quoted_start(part)}' is not an option of {who(question)}: "
                            f"choose the option it means when setting up the source "
                            f"'{mapping.name}' again, or correct the file"
                        )
                    chosen.setdefault(question.id, []).append(code)
                    if question.id not in apart:
                        _keep_written(question, code, part, others)
            elif use.kind == "other":
                others.setdefault(use.question, []).append(text)
            elif use.kind != REFERENCE:
                cells[spot] = text
        except CellError as exc:
            found.append(ImportProblem(row.number, label, str(exc)))
    for question_id, texts in others.items():
        question = definition.question(question_id)
        other = question.other_option if question else None
        if other is not None and not chosen.get(question_id):
            chosen[question_id] = [other.code]  # the words alone say Other was chosen
        cells[ours.header.index(f"{question_id}_other")] = "; ".join(texts)
    for question_id, codes in chosen.items():
        cells[ours.header.index(question_id)] = ";".join(dict.fromkeys(codes))
    return cells, found


def _keep_written(question: Question, code: str, text: str, others: dict[str, list[str]]) -> None:
    """The words a tool writes in the answer's own cell for "Other" (Google Forms does), kept
    as the "please specify" text: any text there that is not the option's label or a tick."""
    option = question.option(code)
    if option is None or not option.other or option_for(question, text, {}) == code:
        return
    if text.lower() in ("y", "yes", "1", "true", "x"):
        return
    others.setdefault(question.id, []).append(text)


def _day(text: str, order: str) -> str:
    """The date a submitted time gives, in ISO ("03/14/2023 10:22:33 AM", month first ->
    2023-03-14); its time is not kept, as a return's submitted date is not."""
    stripped = text.strip()
    first = stripped if ISO_TIME.match(stripped) else stripped.split()[0]
    return parse_date(first, order).isoformat()
