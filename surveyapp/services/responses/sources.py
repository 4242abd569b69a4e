"""Responses sources: another survey tool's export of one questionnaire, read as returns through
the mapping staff confirm once (see :mod:`surveyapp.importing.proposal` and
:mod:`surveyapp.importing.through_source`). The form that proposes it from a first file; saved,
listed, read, deleted per study and name; its mapping for the import of later files."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from questionnaires.text import composed, control_character_problem
from surveyapp.importing.mapping import (
    ColumnUse,
    ResponsesMapping,
    choice_parts,
    loose,
    mapping_problems,
    option_for,
)
from surveyapp.importing.proposal import Proposal, propose
from surveyapp.importing.read import ImportFileError, Table
from surveyapp.importing.tools import TOOLS, read_export
from surveyapp.models import ResponsesSource, Study
from surveyapp.models.base import utcnow
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.files import kept_file
from surveyapp.services.studies import get_study, open_instrument, parse_instrument

__all__ = [
    "SourceError",
    "SourceForm",
    "delete_responses_source",
    "get_responses_source",
    "list_responses_sources",
    "responses_mapping",
    "save_responses_source",
    "source_form",
]

NAME_LENGTH = 100


class SourceError(ServiceError):
    """A source that cannot be saved: ``problems`` holds (form field, what to do) for each."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


@dataclass
class SourceForm:
    """What the page confirming a source shows: the file's columns and what each is proposed
    to feed, the cell texts to match to options, and what a select may offer."""

    study: Study
    filename: str
    instrument: str
    definition: Questionnaire
    proposal: Proposal
    name: str
    #: (select value, words) for each column's select: every question, option, write-in and
    #: grid cell of the questionnaire, and the response's id and date.
    uses: list[tuple[str, str]]

    @property
    def tool_name(self) -> str:
        return TOOLS[self.proposal.tool].name

    def options_of(self, question_id: str) -> list[tuple[str, str]]:
        question = self.definition.question(question_id)
        return [(o.code, o.label) for o in question.options] if question else []


def list_responses_sources(session: Session, slug: str) -> list[ResponsesSource]:
    study = get_study(session, slug)
    return list(
        session.scalars(
            select(ResponsesSource).filter_by(study_id=study.id).order_by(ResponsesSource.name)
        )
    )


def get_responses_source(session: Session, slug: str, name: str) -> ResponsesSource:
    study = get_study(session, slug)
    found = session.scalar(select(ResponsesSource).filter_by(study_id=study.id, name=name.strip()))
    if found is None:
        saved = ", ".join(s.name for s in list_responses_sources(session, slug)) or "none yet"
        raise NotFoundError(
            f"No responses source is saved as '{name}' for this study (saved: {saved}); set "
            "one up on the study's import page, from a file of that tool"
        )
    return found


def responses_mapping(source: ResponsesSource) -> ResponsesMapping:
    """A saved source as the reader needs it."""
    columns = {h: ColumnUse.from_json(kept) for h, kept in dict(source.columns).items()}
    submitted = next(
        (kept for kept in dict(source.columns).values() if kept and kept.get("date_order")), {}
    )
    order = str(submitted.get("date_order") or TOOLS[source.tool].date_order)
    values = {q: dict(texts) for q, texts in dict(source.values).items()}
    return ResponsesMapping(source.name, source.tool, source.header_rows, columns, values, order)


def delete_responses_source(session: Session, slug: str, source_id: int) -> str:
    """Delete a saved source of study ``slug`` (returns imported through it stay); its name."""
    study = get_study(session, slug)
    found = session.get(ResponsesSource, source_id)
    if found is None or found.study_id != study.id:
        raise NotFoundError("That source is not saved for this study")
    name = found.name
    session.execute(delete(ResponsesSource).where(ResponsesSource.id == source_id))
    session.commit()
    return name


def _definition(session: Session, slug: str, instrument: str) -> tuple[str, Questionnaire]:
    key, version = parse_instrument(instrument)
    _, _, definition = open_instrument(session, slug, key, version)
    return f"{key}/v{version}", definition


def _table(session: Session, upload: str, tool: str | None) -> tuple[str, str, int, Table]:
    kept = kept_file(session, upload, upload=True)
    try:
        found, rows, table = read_export(kept.data, kept.name, tool)
    except ImportFileError as exc:
        raise ServiceError(str(exc)) from None
    return kept.name, found, rows, table


def source_form(
    session: Session,
    slug: str,
    upload: str,
    instrument: str,
    *,
    tool: str | None = None,
    source: str | None = None,
    chosen: dict[int, str] | None = None,
) -> SourceForm:
    """The page confirming a source for the kept ``upload`` (an export of ``instrument``):
    proposed from the file, or from the saved ``source`` when named; ``chosen`` (column
    index -> select value) when the page comes back with what was chosen on it."""
    study = get_study(session, slug)
    start = responses_mapping(get_responses_source(session, slug, source)) if source else None
    if start is not None:
        tool = start.tool
    filename, found, rows, table = _table(session, upload, tool)
    instrument, definition = _definition(session, slug, instrument)
    picked = None
    if chosen is not None:
        picked = {i: ColumnUse.parse(chosen.get(i, "")) for i in range(len(table.header))}
    proposal = propose(table, definition, found, rows, start=start, chosen=picked)
    return SourceForm(
        study,
        filename,
        instrument,
        definition,
        proposal,
        start.name if start else "",
        _uses(definition),
    )


def _uses(definition: Questionnaire) -> list[tuple[str, str]]:
    """Every choice a column's select offers, in printed order."""
    uses = [
        (ColumnUse("reference").value, "The response's id in the tool (its reference here)"),
        (ColumnUse("submitted_at").value, "The date it was submitted"),
    ]
    for question in definition.questions(include_contact=True):
        if not question.takes_answer:
            continue
        said = f"{question.number}. " if question.number else ""
        words = question.text if len(question.text) <= 70 else question.text[:67] + "..."
        named = f"{said}{words} ({question.id})"
        if question.type == "grid":
            for row in question.rows:
                for column in question.columns:
                    item = f"{row.id}.{column.id}"
                    use = ColumnUse("cell", question.id, item)
                    uses.append((use.value, f"{named}: {row.label}, {column.label}"))
            continue
        uses.append((ColumnUse("question", question.id).value, f"{named}: the answer"))
        if question.type == "multiple":
            for option in question.options:
                use = ColumnUse("option", question.id, option.code)
                uses.append((use.value, f"{named}: '{option.label}' ticked"))
        if question.other_option is not None:
            use = ColumnUse("other", question.id)
            uses.append((use.value, f"{named}: the words written for Other"))
    return uses


def save_responses_source(
    session: Session,
    slug: str,
    name: str,
    *,
    upload: str,
    instrument: str,
    tool: str,
    date_order: str,
    columns: dict[int, str],
    texts: list[tuple[str, str, str]],
) -> ResponsesSource:
    """Save (or replace, by ``name``) how the kept ``upload``'s tool exports ``instrument``:
    ``columns`` column index -> select value ("" or "skip" to skip it); ``texts`` (question
    id, cell text, option code or "") for the cell texts the page listed. Raises
    :class:`SourceError` naming each field to fix: the columns chosen must read every cell
    text listed (choosing another question lists others: the page is shown again)."""
    study = get_study(session, slug)
    name = composed(name).strip()
    if tool not in TOOLS:
        raise ServiceError(f"'{tool}' is not a tool whose exports are read here")
    _, found, rows, table = _table(session, upload, tool)
    instrument, definition = _definition(session, slug, instrument)
    uses = {h: ColumnUse.parse(columns.get(i, "")) for i, h in enumerate(table.header) if h}
    values: dict[str, dict[str, str]] = {}
    listed = set()
    for question_id, text, code in texts:
        listed.add((question_id, loose(text)))
        question = definition.question(question_id)
        if code and question is not None and option_for(question, text, {}) is None:
            values.setdefault(question_id, {})[loose(text)] = code
    mapping = ResponsesMapping(name, found, rows, uses, values, date_order)
    field = {h: f"column-{i}" for i, h in enumerate(table.header)}
    problems = _name_problems(name) + [
        (field.get(where, where if where == "date_order" else "texts"), message)
        for where, message in mapping_problems(mapping, definition)
    ]
    unlisted = _texts_not_listed(table, definition, mapping, listed)
    if unlisted:
        problems.append(
            (
                "texts",
                f"The columns chosen read answers not matched yet ({', '.join(unlisted[:3])}): "
                "choose the option each means, listed below",
            )
        )
    if problems:
        raise SourceError(problems)
    source = session.scalar(select(ResponsesSource).filter_by(study_id=study.id, name=name))
    if source is None:
        source = ResponsesSource(study_id=study.id, name=name)
        session.add(source)
    kept = {}
    for header, use in uses.items():
        entry = use.as_json() if use else None
        if use is not None and use.kind == "submitted_at" and entry is not None:
            entry["date_order"] = date_order
        kept[header] = entry
    source.tool, source.instrument, source.header_rows = found, instrument, rows
    source.columns, source.values = kept, values
    source.updated_at = utcnow()
    session.commit()
    return source


def _texts_not_listed(
    table: Table, definition: Questionnaire, mapping: ResponsesMapping, listed: set
) -> list[str]:
    """Cell texts the chosen columns read that are no option and were not on the page."""
    missing: list[str] = []
    index = {h: i for i, h in enumerate(table.header)}
    for header, use in mapping.used():
        question = definition.question(use.question) if use.kind == "question" else None
        if question is None or not question.is_choice or header not in index:
            continue
        values = mapping.values.get(question.id, {})
        for row in table.rows:
            cell = row.cells[index[header]]
            for part in choice_parts(cell, question, mapping.tool, values) if cell else []:
                if option_for(question, part, values) is None and (
                    (question.id, loose(part)) not in listed and part not in missing
                ):
                    missing.append(part)
    return missing


def _name_problems(name: str) -> list[tuple[str, str]]:
    if not name:
        return [("name", "Give the source a name, such as the tool and the questionnaire")]
    if len(name) > NAME_LENGTH or control_character_problem(name, "The name", multiline=False):
        return [("name", f"Give the source a name of at most {NAME_LENGTH} plain characters")]
    return []
