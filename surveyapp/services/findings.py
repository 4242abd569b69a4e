"""A study's findings: tidy answers to ``analysis``, results on to ``exports``, staff's edits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.crosstabs import crosstab
from analysis.findings import headline_findings
from analysis.likert import MIN_SCALE_POINTS, rating_summary, scale_points
from analysis.ons4 import agreement_shift, ons4_outcomes
from analysis.results import AppendixTable, Crosstab, FindingsContent
from analysis.tables import appendix_tables
from questionnaires import Questionnaire
from surveyapp.models import EditedFinding, Study, User
from surveyapp.services import ServiceError
from surveyapp.services.audit import audit
from surveyapp.services.definitions import served_definition
from surveyapp.services.frames import tidy_frame
from surveyapp.services.studies import returns_overview

ONS4 = "ons4"
MAX_KEY = 200


def study_definitions(session: Session, study: Study) -> list[Questionnaire]:
    """One definition per instrument key, the newest version attached, in the study's order.
    Answers to older versions pool with it: a question keeps its id across versions."""
    newest: dict[str, Questionnaire] = {}
    for instrument in study.instruments:
        version = instrument.questionnaire_version
        if version.key not in newest or newest[version.key].version < version.version:
            newest[version.key] = served_definition(session, version)
    return list(newest.values())


def _chosen(definitions: list[Questionnaire], study: Study, keys: Iterable[str] | None):
    keys = [k for k in (keys or []) if k]
    if not keys:
        return definitions
    unknown = set(keys) - {d.key for d in definitions}
    if unknown:
        raise ServiceError(f"Study '{study.slug}' has no instrument {', '.join(sorted(unknown))}")
    return [d for d in definitions if d.key in keys]


def chosen_definitions(
    session: Session, study: Study, keys: Iterable[str] | None
) -> list[Questionnaire]:
    return _chosen(study_definitions(session, study), study, keys)


def _threshold() -> int:
    return int(current_app.config["SMALL_BASE"])


def study_tables(
    frame: pd.DataFrame,
    definitions: list[Questionnaire],
    progress: Callable[[int], None] | None = None,
) -> list[AppendixTable]:
    """Every closed question's appendix table, in questionnaire order across the instruments.
    An instrument without answers still has its tables (base 0), so numbers do not shift."""
    tables: list[AppendixTable] = []
    for definition in definitions:
        tables += appendix_tables(frame[frame["questionnaire"] == definition.key], definition)
        if progress:
            progress(1)
    return tables


def appendix_for(
    session: Session,
    study: Study,
    keys: Iterable[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[AppendixTable]:
    """Just the appendix tables (what the workbook needs), from one read of the answers."""
    definitions = chosen_definitions(session, study, keys)
    tables = study_tables(tidy_frame(session, study), definitions, progress)
    return tables + _theme_appendices(session, study, [d.key for d in definitions])


def _theme_appendices(session: Session, study: Study, keys: list[str]) -> list[AppendixTable]:
    # Imported here: the coding services read the study's definitions from this module.
    from surveyapp.services.coding_results import theme_appendices, theme_tables

    return theme_appendices(theme_tables(session, study, keys))


def write_appendix(
    session: Session,
    study: Study,
    keys: Iterable[str] | None,
    destination,  # noqa: ANN001 - a path or a binary file
    progress: Callable[[int], None] | None = None,
) -> int:
    """The appendix workbook of the chosen instruments (theme tables and their split by
    sentiment included) written to ``destination``; returns how many tables it holds."""
    from exports.workbook import appendix_workbook
    from surveyapp.services.coding_results import theme_appendices, theme_tables

    definitions = chosen_definitions(session, study, keys)
    themes = theme_tables(session, study, [d.key for d in definitions])
    tables = study_tables(tidy_frame(session, study), definitions, progress)
    return appendix_workbook(
        tables + theme_appendices(themes),
        destination,
        title=f"{study.name}: appendix tables",
        organisation=str(current_app.config["ORG_NAME"]),
        themes=themes,
    )


def _has_boxes(question) -> bool:  # noqa: ANN001 - a Question
    return question.type == "scale" and len(scale_points(question)) >= MIN_SCALE_POINTS


def findings_content(
    session: Session,
    study: Study,
    keys: Iterable[str] | None = None,
    progress: Callable[[int], None] | None = None,
    frame: pd.DataFrame | None = None,
    definitions: list[Questionnaire] | None = None,
) -> FindingsContent:
    """Everything the findings page and report show for the chosen instruments."""
    definitions = definitions or chosen_definitions(session, study, keys)
    frame = tidy_frame(session, study) if frame is None else frame
    frame = frame[frame["questionnaire"].isin([d.key for d in definitions])]
    threshold = _threshold()
    tables = study_tables(frame, definitions, progress)
    ratings, shifts = [], []
    for definition in definitions:
        own = frame[frame["questionnaire"] == definition.key]
        for question in definition.questions():
            if not _has_boxes(question):
                continue
            answered = own[(own["question_id"] == question.id) & (own["state"] == "answered")]
            if answered.empty:
                continue
            if definition.timepoints:  # asked before and after: the shift is the finding
                shifts.append(agreement_shift(own, definition, question.id, threshold))
            else:
                ratings.append(rating_summary(own, definition, question.id, threshold))
    ons4_frame = frame[frame["questionnaire"] == ONS4]
    edits = _edits(session, study)
    findings = [
        dataclasses.replace(f, text=edits[f.key].text) if f.key in edits else f
        for f in headline_findings(frame, definitions, threshold)
    ]
    # The comparisons behind "notable difference" findings go into the report in full.
    by_key = {d.key: d for d in definitions}
    comparisons = []
    for finding in findings:
        questionnaire, scale, _by, group = (finding.key.split(".") + ["", "", ""])[:4]
        if _by == "by" and questionnaire in by_key:
            own = frame[frame["questionnaire"] == questionnaire]
            comparisons.append(crosstab(own, by_key[questionnaire], group, scale, threshold))
    keys_shown = {d.key for d in definitions}
    channels = [
        (row.label, channel, n)
        for row in returns_overview(session, study)
        if row.key in keys_shown
        for channel, n in row.by_channel.items()
        if n
    ]
    # Imported here: the coding services read the study's definitions from this module.
    from surveyapp.services.coding_results import report_quotes, theme_appendices, theme_tables

    themes = theme_tables(session, study, [d.key for d in definitions])
    return FindingsContent(
        study=study.name,
        organisation=str(current_app.config["ORG_NAME"]),
        findings=tuple(findings),
        tables=tuple(tables + theme_appendices(themes)),
        themes=tuple(themes),
        quotes=report_quotes(session, study, [d.key for d in definitions]),
        ratings=tuple(ratings),
        ons4=ons4_outcomes(ons4_frame, threshold) if not ons4_frame.empty else None,
        shifts=tuple(shifts),
        crosstabs=tuple(comparisons),
        responses_by_channel=tuple(channels),
    )


@dataclass(frozen=True)
class FindingsPage:
    """What the Findings page shows: the content, the instruments to choose from, which edited
    findings no longer match the numbers, and a comparison when one was asked for."""

    content: FindingsContent
    definitions: list[Questionnaire]
    stale: frozenset[str]
    comparison: Crosstab | None


def findings_page(
    session: Session, study: Study, keys: Iterable[str] | None, row: str, column: str
) -> FindingsPage:
    everything = study_definitions(session, study)
    chosen = _chosen(everything, study, keys)
    frame = tidy_frame(session, study)
    content = findings_content(session, study, frame=frame, definitions=chosen)
    generated = {f.key: f.text for f in headline_findings(frame, chosen, _threshold())}
    stale = frozenset(
        key
        for key, edit in _edits(session, study).items()
        if key in generated and edit.generated != generated[key]
    )
    comparison = compare(everything, frame, row, column) if row and column else None
    return FindingsPage(content, everything, stale, comparison)


def _edits(session: Session, study: Study) -> dict[str, EditedFinding]:
    return {e.key: e for e in session.scalars(select(EditedFinding).filter_by(study_id=study.id))}


def save_finding(session: Session, study: Study, key: str, text: str, user: User | None) -> None:
    """Staff's wording of a headline finding (audited); an empty text restores the generated
    one. The generated text is kept beside it, so a later change in the numbers is noticed."""
    definitions = study_definitions(session, study)
    generated = {
        f.key: f.text
        for f in headline_findings(tidy_frame(session, study), definitions, _threshold())
    }
    if len(key) > MAX_KEY or key not in generated:
        raise ServiceError("That finding is not one of this study's; reload the page")
    edit = session.scalar(select(EditedFinding).filter_by(study_id=study.id, key=key))
    old = edit.text if edit is not None else generated[key]
    new = text.strip() or generated[key]
    if not text.strip():
        if edit is not None:
            session.delete(edit)
    elif edit is None:
        session.add(
            EditedFinding(
                study_id=study.id,
                key=key,
                text=new,
                generated=generated[key],
                edited_by_id=user.id if user else None,
            )
        )
    else:
        edit.text, edit.generated = new, generated[key]
        edit.edited_by_id = user.id if user else None
    if old != new:
        audit(session, user, "study", study.id, None, f"Finding {key} edited", {"text": (old, new)})
    session.commit()


def compare(
    definitions: list[Questionnaire], frame: pd.DataFrame, row: str, column: str
) -> Crosstab:
    """A crosstab of two closed questions ("instrument.question" each) of one instrument."""
    row_key, _, row_question = row.partition(".")
    column_key, _, column_question = column.partition(".")
    if row_key != column_key:
        raise ServiceError("Compare two questions of the same questionnaire")
    definition = next((d for d in definitions if d.key == row_key), None)
    if definition is None:
        raise ServiceError(f"This study has no instrument '{row_key}'")
    own = frame[frame["questionnaire"] == row_key]
    try:
        return crosstab(own, definition, row_question, column_question, _threshold())
    except (KeyError, ValueError) as exc:
        raise ServiceError(f"Those two questions cannot be compared: {exc}") from exc
