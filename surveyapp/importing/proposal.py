"""The mapping proposed for a first file of another tool's export: each header to a question by
its wording, to one option of it (a column per option: "Why did you go? / A check-up",
"Why did you go? [A check-up]"), to its "please specify" text, or to a field of the tool (its
response id, its submitted date, or skipped: start time, IP address ...); and each cell text
that is not an option's label to the option it most likely means. Staff confirm or correct it
once (see :mod:`surveyapp.services.responses.sources`). Nothing here touches the database."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from questionnaires.model import Question, Questionnaire
from surveyapp.importing.columns import NUMBERED
from surveyapp.importing.mapping import (
    ColumnUse,
    ResponsesMapping,
    choice_parts,
    compared_header,
    loose,
    option_for,
)
from surveyapp.importing.read import Table
from surveyapp.importing.tools import REFERENCE, SKIP, SUBMITTED, TOOLS, field_of

__all__ = ["ColumnProposal", "Proposal", "TextProposal", "propose"]

#: How alike two wordings must be (difflib's ratio) to be proposed as the same.
CLOSE = 0.85
#: Cell texts offered per question: past that, the column is likely not a choice.
SHOWN_TEXTS = 30
EXAMPLES = 3
#: "Why did you go? [A check-up]" (LimeSurvey) and "Why did you go? / A check-up" (two rows).
_BRACKETED = re.compile(r"^(.*?)\s*\[([^\]]+)\]$")
#: LimeSurvey's "Question code & question text" heading: "Q2[SQ001]. Why did you go? ...".
_CODE_FIRST = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\[[A-Za-z0-9_]+\])?\.\s+")
_OTHER = {"other", "other please specify", "other specify", "please specify", "other text"}


@dataclass(frozen=True)
class ColumnProposal:
    """One column of the file: what it is proposed to feed (``None``: skipped), how that was
    found, in words, and the first values under it (so staff can tell)."""

    index: int
    header: str
    use: ColumnUse | None
    how: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class TextProposal:
    """A cell text of a question's column that is no option's label: the option proposed for
    it (``None`` when nothing is alike), how, and how many cells say it."""

    question: str
    text: str
    option: str | None
    how: str
    cells: int


@dataclass(frozen=True)
class Proposal:
    tool: str
    header_rows: int
    date_order: str
    columns: list[ColumnProposal]
    texts: list[TextProposal]


def propose(
    table: Table,
    definition: Questionnaire,
    tool: str,
    header_rows: int,
    *,
    start: ResponsesMapping | None = None,
    chosen: dict[int, ColumnUse | None] | None = None,
) -> Proposal:
    """What each column of ``table`` (its header rows made one) most likely feeds, and the
    options its cell texts mean. ``start``: a saved source, whose choices come first;
    ``chosen``: the columns as a form chose them (by index), whose texts are then listed."""
    saved = {compared_header(h): u for h, u in (start.columns.items() if start else [])}
    values = start.values if start else {}
    columns: list[ColumnProposal] = []
    taken: set[tuple[str, str, str]] = set()
    for index, header in enumerate(table.header):
        examples = _examples(table, index)
        if chosen is not None:
            use, how = chosen.get(index), "as chosen"
        elif compared_header(header) in saved:
            use, how = saved[compared_header(header)], "as the saved source reads it"
        else:
            use, how = _proposed_use(header, definition, tool, table.header)
            if use is not None and (use.kind, use.question, use.option) in taken:
                how = f"skipped: another column is {_said(use)} already"
                use = None
        if use is not None:
            taken.add((use.kind, use.question, use.option))
        columns.append(ColumnProposal(index, header, use, how, examples))
    texts = _texts(table, definition, tool, columns, values)
    date_order = start.date_order if start else TOOLS[tool].date_order
    return Proposal(tool, header_rows, date_order, columns, texts)


def _said(use: ColumnUse) -> str:
    return f"{use.question} {use.option}".strip() if use.question else use.kind


def _examples(table: Table, index: int) -> tuple[str, ...]:
    seen: list[str] = []
    for row in table.rows:
        cell = row.cells[index]
        if cell and cell not in seen:
            seen.append(cell if len(cell) <= 40 else cell[:37].rstrip() + "...")
            if len(seen) == EXAMPLES:
                break
    return tuple(seen)


def _proposed_use(
    header: str, definition: Questionnaire, tool: str, all_headers: list[str]
) -> tuple[ColumnUse | None, str]:
    """A header's proposed use and why, in words."""
    own = field_of(header, tool, all_headers)
    if own == REFERENCE:
        return ColumnUse(REFERENCE), f"{TOOLS[tool].name}'s response id"
    if own == SUBMITTED:
        return ColumnUse(SUBMITTED), f"when {TOOLS[tool].name} says it was submitted"
    if own == SKIP:
        return None, f"skipped: a field of {TOOLS[tool].name}'s, not an answer"
    name = _CODE_FIRST.sub("", header.strip()) or header
    found = _question(name, definition, close=False)
    if found is not None:
        return _whole(found[0]), found[1]
    stem, sub = _split(name)
    stemmed = _question(stem, definition) if stem and sub else None
    if stemmed is not None:
        question, how = stemmed
        if loose(sub) in _OTHER and question.other_option is not None:
            return ColumnUse("other", question.id), f"{how}; the words written for Other"
        option = _option(question, sub)
        if option is not None:
            return ColumnUse("option", question.id, option[0]), f"{how}; {option[1]}"
        return None, f"skipped: '{sub}' is no option of {question.id} (choose it below)"
    found = _question(name, definition)
    if found is not None:
        return _whole(found[0]), found[1]
    return None, "skipped: matches no question's wording (choose one if it is an answer)"


def _whole(question: Question) -> ColumnUse | None:
    return None if question.type == "grid" else ColumnUse("question", question.id)


def _split(header: str) -> tuple[str, str]:
    """A header's question part and option part, if it has both."""
    if " / " in header:
        stem, _, sub = header.rpartition(" / ")
        return stem, sub
    bracketed = _BRACKETED.match(header)
    if bracketed:
        return bracketed.group(1), bracketed.group(2)
    return "", ""


def _question(
    header: str, definition: Questionnaire, *, close: bool = True
) -> tuple[Question, str] | None:
    """The question a header names: by its wording (forgiven), by its printed number alone
    ("Q3", unique), or (with ``close``) by a close wording; and how, in words."""
    questions = [q for q in definition.questions(include_contact=True) if q.takes_answer]
    key = loose(header)
    if not key:
        return None
    same = [q for q in questions if loose(q.text) == key]
    if len(same) == 1:
        return same[0], "by its wording"
    number = NUMBERED.match(re.sub(r"[\s\-]+", "_", header.strip().lower()))
    if number:
        printed = [q for q in questions if q.number and q.number.lower() == number.group(1)]
        if len(printed) == 1:
            return printed[0], "by its printed number"
    if not close:
        return None
    scored = sorted(
        ((difflib.SequenceMatcher(None, key, loose(q.text)).ratio(), q) for q in questions),
        key=lambda pair: -pair[0],
    )
    if scored and scored[0][0] >= CLOSE and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1], f"by a close wording ({scored[0][0]:.0%} alike): check it"
    return None


def _option(question: Question, text: str) -> tuple[str, str] | None:
    """The option ``text`` names, exactly (forgiven) or closely; and how, in words."""
    code = option_for(question, text, {})
    if code is not None:
        return code, "by its label"
    key = loose(text)
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, key, loose(o.label)).ratio(), o.code)
            for o in question.options
        ),
        reverse=True,
    )
    if scored and scored[0][0] >= CLOSE and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1], f"by a close label ({scored[0][0]:.0%} alike): check it"
    return None


def _texts(
    table: Table,
    definition: Questionnaire,
    tool: str,
    columns: list[ColumnProposal],
    values: dict[str, dict[str, str]],
) -> list[TextProposal]:
    """Every cell text of a whole-question column that is no option's code or label, with the
    option proposed for it: the saved source's choice, else a close label, else none."""
    found: list[TextProposal] = []
    for column in columns:
        use = column.use
        if use is None or use.kind != "question":
            continue
        question = definition.question(use.question)
        if question is None or not question.is_choice:
            continue
        saved = values.get(question.id, {})
        counts: dict[str, tuple[str, int]] = {}
        for row in table.rows:
            cell = row.cells[column.index]
            if not cell:
                continue
            for part in choice_parts(cell, question, tool, saved):
                if option_for(question, part, {}) is None:
                    shown, n = counts.get(loose(part), (part, 0))
                    counts[loose(part)] = (shown, n + 1)
        for key, (text, n) in list(counts.items())[:SHOWN_TEXTS]:
            if key in saved:
                found.append(TextProposal(question.id, text, saved[key], "as saved", n))
                continue
            close = _option(question, text)
            option, how = close if close else (None, "no option is alike: choose one")
            found.append(TextProposal(question.id, text, option, how, n))
    return found
