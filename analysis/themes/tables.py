"""Theme tables of a free-text question, as a findings report prints them: each theme with the
No. and % of answers that raise it (an answer can raise several, so % can add past 100), its
sentiment split, the base n; and the needs table ("the top five issues people needed help
with").

The input is the **coded frame**, one row per free-text answer:

``answer_id, response_id, questionnaire, question_id, text, codes, sentiment, not_applicable,
coded_by``

``codes`` is a tuple of theme keys (``experience.waiting``); ``sentiment`` positive, mixed or
negative; ``coded_by`` ``staff`` (human codes, which always win), the machine's method, or
empty for an answer nobody and nothing has coded yet (it is counted apart, never as "no theme").
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.results import AppendixTable, TableRow
from analysis.table_layout import percent_half_up
from analysis.themes.codebook import Codebook
from analysis.themes.rules import with_ancestors

CODED_COLUMNS = (
    "answer_id",
    "response_id",
    "questionnaire",
    "question_id",
    "text",
    "codes",
    "sentiment",
    "not_applicable",
    "coded_by",
)
SENTIMENT_ORDER = ("positive", "mixed", "negative")
THEMES_SHEET = "themes"


class CodedFrameError(ValueError):
    """A frame that is not a coded frame; the message names what is missing."""


def check_coded(frame: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in CODED_COLUMNS if c not in frame.columns]
    if missing:
        raise CodedFrameError(f"The coded frame lacks the column(s) {', '.join(missing)}")
    return frame


@dataclass(frozen=True)
class ThemeRow:
    key: str
    label: str
    depth: int  # 0 for a top-level theme, 1 for its children...
    count: int
    percent: int  # of the table's base, rounded half up
    positive: int
    mixed: int
    negative: int


@dataclass(frozen=True)
class ThemeTable:
    """The themes of one question on one axis of a codebook."""

    questionnaire: str
    question_id: str
    number: str | None
    title: str  # "Themes: <printed wording>"
    axis: str  # the axis id
    axis_title: str
    rows: tuple[ThemeRow, ...]
    base: int  # answers that say something (not "n/a", "nothing"...)
    answers: int  # every written answer
    not_applicable: int
    by_staff: int  # answers whose codes staff decided
    sentiments: tuple[tuple[str, int, int], ...]  # (sentiment, count, percent of base)
    notes: tuple[str, ...] = ()
    uncoded: int = 0  # written answers not coded yet, left out of the base


def theme_table(
    coded: pd.DataFrame,
    codebook: Codebook,
    axis: str,
    *,
    questionnaire: str,
    question_id: str,
    title: str,
    number: str | None = None,
    order: str = "codebook",
    top: int | None = None,
) -> ThemeTable:
    """The theme table of ``question_id`` (answers in ``coded``) on ``axis``.

    ``order="codebook"`` lists themes as the codebook does, children under their parent (a
    parent counts answers coded to it or to any child); ``"frequency"`` lists them by count,
    with ``top`` keeping the most frequent (the report's "top five"). Themes nobody raised are
    left out.
    """
    check_coded(coded)
    every = coded[(coded["questionnaire"] == questionnaire) & (coded["question_id"] == question_id)]
    rows = every[every["coded_by"].notna()]
    uncoded = len(every) - len(rows)
    said = rows[~rows["not_applicable"].astype(bool)]
    base = len(said)
    counts: dict[str, dict[str, int]] = {}
    # Answers share few distinct (codes, sentiment) pairs: each pair's themes are found once.
    pairs = pd.Series(
        list(zip(said["codes"], said["sentiment"], strict=True)), dtype=object
    ).value_counts(sort=False)
    for (codes, sentiment), n in pairs.items():
        for key in with_ancestors(codebook, codes or ()):
            if not key.startswith(f"{axis}."):
                continue
            tally = counts.setdefault(key, {"all": 0, "positive": 0, "mixed": 0, "negative": 0})
            tally["all"] += int(n)
            if sentiment in SENTIMENT_ORDER:
                tally[sentiment] += int(n)
    themes = [t for t in codebook.themes() if t.axis == axis and t.key in counts]
    if order == "frequency":
        themes.sort(key=lambda t: -counts[t.key]["all"])
        themes = themes[:top] if top else themes
    theme_rows = tuple(
        ThemeRow(
            key=t.key,
            label=t.label,
            depth=0 if order == "frequency" else len(codebook.ancestors(t)),
            count=counts[t.key]["all"],
            percent=percent_half_up(counts[t.key]["all"], base),
            positive=counts[t.key]["positive"],
            mixed=counts[t.key]["mixed"],
            negative=counts[t.key]["negative"],
        )
        for t in themes
    )
    sentiments = tuple(
        (
            s,
            int((said["sentiment"] == s).sum()),
            percent_half_up(int((said["sentiment"] == s).sum()), base),
        )
        for s in SENTIMENT_ORDER
    )
    by_staff = int((rows["coded_by"] == "staff").sum())
    axis_title = next((a.title for a in codebook.axes if a.id == axis), axis)
    notes = (
        f"Base: {base} answers that say something ({len(rows) - base} said nothing to code, "
        "such as 'n/a'). An answer can raise several themes, so percentages can add up to "
        "more than 100.",
        f"Coded with the codebook '{codebook.title}' ({axis_title}): {by_staff} of {len(rows)} "
        "answers coded by staff, the rest suggested automatically and not yet reviewed.",
    ) + (
        (
            f"{uncoded} written answer{'s' if uncoded != 1 else ''} came in since the last "
            "automatic coding and are not counted yet: run the coding on the Themes page.",
        )
        if uncoded
        else ()
    )
    return ThemeTable(
        questionnaire=questionnaire,
        question_id=question_id,
        number=number,
        title=title,
        axis=axis,
        axis_title=axis_title,
        rows=theme_rows,
        base=base,
        answers=len(rows),
        not_applicable=len(rows) - base,
        by_staff=by_staff,
        sentiments=sentiments,
        notes=notes,
        uncoded=uncoded,
    )


def theme_appendix(table: ThemeTable) -> AppendixTable:
    """The theme table as a numbered appendix table (No. and %), a child theme indented under
    its parent, so the workbook and the report's appendix print it like every other table."""
    rows = tuple(
        TableRow(
            label=("– " * row.depth) + row.label,
            count=row.count,
            percent=row.percent,
            shown=str(row.count),
            kind="option",
        )
        for row in table.rows
    )
    return AppendixTable(
        # One "themes" sheet in the workbook: "<instrument> themes" would not fit Excel's 31
        # characters for a sheet's name.
        questionnaire=THEMES_SHEET,
        question_id=f"{table.questionnaire}.{table.question_id}.{table.axis}",
        number=table.number,
        title=table.title,
        rows=rows,
        base=table.base,
        multiple=True,
        notes=table.notes,
    )
