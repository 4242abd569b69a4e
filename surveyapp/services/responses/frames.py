"""Builds the tidy answer frame (``analysis.frames``) of a study from the database.

Two reads: the counted responses (one row each), and their answers as columns through ADBC
(``surveyapp.services.columns``), one query for the whole study; the response columns are then
spread over the answers by position, and the repeated words (question ids, option codes, states,
labels, channels) become categorical columns. Nothing is built one row at a time: 100,000
responses (2.1 million answers) take a few seconds, not a minute.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Exists, exists, select
from sqlalchemy.orm import Session, undefer

from analysis.frames import TIDY_COLUMNS, check_tidy
from surveyapp.models import (
    HOLDING_RULES,
    Answer,
    QualityIssue,
    QuestionnaireVersion,
    Response,
    Study,
)
from surveyapp.services.columns import read_columns

#: The statuses of responses that count: submitted online, or keyed and (when keyed twice)
#: verified. In progress and void ones never do.
COUNTED = ("submitted", "verified")
ANSWER_COLUMNS = (
    Answer.response_id,
    Answer.id,
    Answer.question_id,
    Answer.item,
    Answer.value_code,
    Answer.other_text,
    Answer.text,
    Answer.number,
    Answer.date_value,
    Answer.state,
    Answer.condition_met,
)


def held_back() -> Exists:
    """Responses kept out of the counts: a data-quality finding staff have not looked at yet
    (a number out of range, a required answer left blank)."""
    return exists().where(
        QualityIssue.response_id == Response.id,
        QualityIssue.status == "open",
        QualityIssue.rule.in_(HOLDING_RULES),
    )


def tidy_frame(
    session: Session,
    study: Study,
    statuses: tuple[str, ...] = COUNTED,
    *,
    with_text: bool = True,
    response_ids: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Every answer of the study's counted responses, one row per value, in ``TIDY_COLUMNS``,
    ordered by response and answer.

    ``value_label`` is the label tables print for the option in the version answered. Responses held
    back by a data-quality finding are left out until staff deal with it. Without
    ``with_text`` the written answers are left out of the ``text`` column (tables and findings
    never read it; a study's written words are most of its bytes). ``response_ids``: only the
    responses whose id is in this range, both ends included (a page of the API's answers).
    """
    counted = (Response.study_id == study.id, Response.status.in_(statuses), ~held_back())
    if response_ids is not None:
        counted = (*counted, Response.id.between(*response_ids))
    responses = read_columns(
        session,
        select(
            Response.id,
            Response.questionnaire_version_id,
            Response.channel,
            Response.submitted_at,
            Response.participant_code,
            Response.timepoint,
        ).where(*counted),
    )
    wanted = [c for c in ANSWER_COLUMNS if with_text or c.name != "text"]
    answers = read_columns(
        session,
        select(*wanted).join(Response, Answer.response_id == Response.id).where(*counted),
    )
    frame = _frame(answers, responses, study_versions(session, study), study.slug)
    return check_tidy(frame)


def study_versions(session: Session, study: Study) -> dict[int, tuple[str, int, dict]]:
    """Version id -> (key, version, {(question id, code): printed label}) of the versions the
    study's responses answer."""
    return {
        v.id: (v.key, v.version, _option_labels(v.content))
        for v in session.scalars(
            select(QuestionnaireVersion)
            .where(
                QuestionnaireVersion.id.in_(
                    select(Response.questionnaire_version_id).where(Response.study_id == study.id)
                )
            )
            .options(undefer(QuestionnaireVersion.content))
        )
    }


def _frame(
    answers: pa.Table,
    responses: pa.Table,
    versions: Mapping[int, tuple[str, int, dict]],
    slug: str,
) -> pd.DataFrame:
    """The tidy frame from the answers' columns and the responses they belong to."""
    answers = answers.take(
        pc.sort_indices(answers, [("response_id", "ascending"), ("id", "ascending")])
    )
    responses = responses.sort_by("id")
    response_ids = answers.column("response_id").to_numpy().astype(np.int64)
    # Each answer's response, by position in ``responses`` (ordered by id). An answer whose
    # response stopped counting between the two reads is left out.
    known = responses.column("id").to_numpy().astype(np.int64)
    at = np.clip(np.searchsorted(known, response_ids), 0, max(len(known) - 1, 0))
    kept = known[at] == response_ids if len(known) else np.zeros(len(at), dtype=bool)
    if not kept.all():
        answers, at, response_ids = answers.filter(pa.array(kept)), at[kept], response_ids[kept]

    # The responses' own columns, per response first (few), then spread by position.
    order = sorted(versions)
    position = {v: i for i, v in enumerate(order)}
    version_at = np.asarray(
        [position[v] for v in responses.column("questionnaire_version_id").to_pylist()],
        dtype=np.int32,
    )
    version_codes = version_at[at]
    columns: dict[str, object] = {
        "response_id": response_ids,
        "study": pd.Categorical.from_codes(np.zeros(len(at), dtype=np.int8), [slug]),
        "questionnaire": _spread(version_codes, [versions[v][0] for v in order]),
        "version": np.asarray([versions[v][1] for v in order], dtype=np.int64)[version_codes]
        if order
        else np.zeros(0, dtype=np.int64),
        "channel": _words(responses.column("channel")).take(at),
        "submitted_at": _moments(responses.column("submitted_at"))[at],
        "participant_code": _words(responses.column("participant_code")).take(at),
        "timepoint": _words(responses.column("timepoint")).take(at),
    }
    for name in ("question_id", "item", "value_code", "state"):
        columns[name] = _words(answers.column(name))
    for name in ("other_text", "text"):
        columns[name] = (
            _sparse_text(answers.column(name))
            if name in answers.column_names
            else pd.Series(pa.nulls(len(at), pa.string()).to_pandas())
        )
    columns["number"] = answers.column("number").to_numpy(zero_copy_only=False).astype(float)
    columns["date"] = _dates(answers.column("date_value"))
    columns["condition_met"] = (
        pc.cast(answers.column("condition_met"), pa.bool_())
        .to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get)
        .array
    )
    columns["value_label"] = _labels(version_codes, columns, [versions[v][2] for v in order])
    return pd.DataFrame({name: columns[name] for name in TIDY_COLUMNS})


def _words(values: pa.ChunkedArray) -> pd.Categorical:
    """A column of few distinct words as categories; an empty word is a missing value (the
    database stores "no grid cell" and "no option" as "")."""
    encoded = pc.dictionary_encode(values.cast(pa.string())).to_pandas()
    words = pd.Categorical(encoded)
    return words.remove_categories([""]) if "" in words.categories else words


def _sparse_text(values: pa.ChunkedArray) -> pd.Series:
    """Text that only some answers have, kept in Arrow's string column (pandas' ``str``)."""
    return values.cast(pa.string()).to_pandas()


def _moments(values: pa.ChunkedArray) -> np.ndarray:
    """Timestamps in UTC (SQLite hands them over as the text it stores, naive UTC)."""
    if pa.types.is_timestamp(values.type):
        return pd.to_datetime(values.to_pandas(), utc=True).to_numpy()
    text = values.cast(pa.string()).to_pandas()
    return pd.to_datetime(text, utc=True, format="ISO8601").to_numpy()


def _spread(codes: np.ndarray, names: list[str]) -> pd.Categorical:
    """Categories ``names`` by position (``codes``), as a categorical column."""
    unique = list(dict.fromkeys(names))
    remap = np.asarray([unique.index(n) for n in names], dtype=np.int32)
    return pd.Categorical.from_codes(remap[codes] if len(names) else codes, unique)


def _labels(
    version_codes: np.ndarray, columns: Mapping[str, object], labels: list[dict]
) -> pd.Categorical:
    """Each answer's printed option label in the version answered; worked out once per
    distinct (version, question, code), not once per row."""
    questions = pd.Categorical(columns["question_id"])
    codes = pd.Categorical(columns["value_code"])
    width_q, width_c = len(questions.categories) + 1, len(codes.categories) + 1
    combined = (version_codes.astype(np.int64) * width_q + questions.codes + 1) * width_c
    combined += codes.codes + 1
    position, distinct = pd.factorize(combined)
    found: list[str | None] = []
    for value in distinct:
        version, rest = divmod(int(value), width_q * width_c)
        question, code = divmod(rest, width_c)
        if not question or not code:
            found.append(None)
            continue
        key = (questions.categories[question - 1], codes.categories[code - 1])
        found.append(labels[version].get(key))
    # Codes straight from the few distinct labels: no string is made per row.
    names = sorted({label for label in found if label is not None})
    index = {label: i for i, label in enumerate(names)}
    label_codes = np.asarray([-1 if f is None else index[f] for f in found], dtype=np.int32)
    return pd.Categorical.from_codes(
        label_codes[position] if len(found) else np.zeros(0, dtype=np.int32), names
    )


def _dates(values: pa.ChunkedArray) -> np.ndarray:
    """Dates as ``datetime.date`` (SQLite hands them over as text, PostgreSQL as dates)."""
    found = np.full(len(values), None, dtype=object)
    present = np.flatnonzero(values.is_valid().to_numpy(zero_copy_only=False))
    if not len(present):
        return found
    chosen = values.take(pa.array(present))
    if not pa.types.is_date(chosen.type):
        chosen = pc.cast(pc.strptime(chosen.cast(pa.string()), "%Y-%m-%d", "s"), pa.date32())
    found[present] = chosen.to_pylist()
    return found


def _option_labels(content: dict) -> dict[tuple[str, str], str]:
    found = {}
    for section in content.get("sections", []):
        for question in section.get("questions", []):
            for option in question.get("options", []):
                # The label tables print: the shorter table_label where the definition has one.
                found[(question["id"], str(option["code"]))] = option.get(
                    "table_label", option["label"]
                )
    return found
