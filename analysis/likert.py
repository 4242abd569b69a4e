"""Rating scales (Likert): the distribution, top-two and bottom-two boxes and median of one
``scale`` question, as the findings report quotes them ("52% rated their experience 5 (Excellent)
or 4 (Good); 30% rated it 2 (Poor) or 1 (Terrible)", Bromley report, Appendix 10).

Pure functions over the tidy answer frame and a questionnaire definition; no I/O.
"""

from __future__ import annotations

import pandas as pd

from analysis.results import RatingSummary
from analysis.stats import proportion
from analysis.table_layout import percent_half_up
from analysis.tables import question_rows
from questionnaires.model import Option, Question, Questionnaire

__all__ = ["MIN_SCALE_POINTS", "has_boxes", "rating_summary", "scale_points"]

#: Points a scale needs for its top two and bottom two boxes not to overlap.
MIN_SCALE_POINTS = 4


def scale_points(question: Question) -> tuple[Option, ...]:
    """The points of a rating scale, highest first, N/A left out.

    Ordered by ``value`` when every point has one, else as printed (first printed = highest).
    """
    points = [o for o in question.options if not o.na]
    if all(o.value is not None for o in points):
        points.sort(key=lambda o: -(o.value or 0))
    return tuple(points)


def has_boxes(question: Question) -> bool:
    """A rating scale with enough points for separate top-two and bottom-two boxes."""
    return question.type == "scale" and len(scale_points(question)) >= MIN_SCALE_POINTS


def rating_summary(
    frame: pd.DataFrame, definition: Questionnaire, question_id: str, small_base: int = 10
) -> RatingSummary:
    """The summary of one rating scale (the Likert figures behind Appendix 4 and 10 of the
    Bromley report): the distribution in scale order, highest first, as percents of ``n``; the
    top two and bottom two boxes; the median point (the lower one when ``n`` is even).

    ``n`` counts the responses that ticked a point of the scale, in every version of the
    questionnaire in ``frame``; N/A (an ``na`` option, or the state not_applicable) is counted
    apart in ``not_applicable``; blanks, more than one ticked and unreadable are left out.
    """
    question = _scale_question(definition, question_id)
    points = scale_points(question)
    rows = question_rows(frame, definition, question)
    answered = rows.loc[rows["state"].isna() | (rows["state"] == "answered")]
    codes = [o.code for o in points]
    on_scale = answered.loc[answered["value_code"].isin(codes)].drop_duplicates("response_id")
    by_code = on_scale["value_code"].value_counts()
    counts = [int(by_code.get(code, 0)) for code in codes]
    n = sum(counts)
    na_codes = [o.code for o in question.options if o.na]
    not_applicable = set(answered.loc[answered["value_code"].isin(na_codes), "response_id"]) | set(
        rows.loc[rows["state"] == "not_applicable", "response_id"]
    )
    return RatingSummary(
        questionnaire=definition.key,
        question_id=question.id,
        title=question.text,
        distribution=tuple(
            (o.table_text, count, percent_half_up(count, n))
            for o, count in zip(points, counts, strict=True)
        ),
        n=n,
        not_applicable=len(not_applicable - set(on_scale["response_id"])),
        top_two=proportion(sum(counts[:2]), n, small_base),
        bottom_two=proportion(sum(counts[-2:]), n, small_base),
        top_two_labels=(points[0].table_text, points[1].table_text),
        bottom_two_labels=(points[-2].table_text, points[-1].table_text),
        median_label=_lower_median(points, counts),
    )


def _scale_question(definition: Questionnaire, question_id: str) -> Question:
    question = definition.question(question_id)
    if question is None:
        raise ValueError(f"{definition.label} has no question {question_id!r}")
    if question.type != "scale":
        raise ValueError(
            f"Question {question_id!r} of {definition.label} is a {question.type} question, "
            "not a rating scale"
        )
    if len(scale_points(question)) < MIN_SCALE_POINTS:
        raise ValueError(
            f"Question {question_id!r} of {definition.label} has fewer than "
            f"{MIN_SCALE_POINTS} points on its scale: its top two and bottom two would overlap"
        )
    return question


def _lower_median(points: tuple[Option, ...], counts: list[int]) -> str | None:
    """The label of the median point, lowest first; on an even ``n`` the lower of the two."""
    n = sum(counts)
    if n == 0:
        return None
    position = (n - 1) // 2  # 0-based, in the answers sorted from the lowest point up
    seen = 0
    for option, count in zip(reversed(points), reversed(counts), strict=True):
        seen += count
        if seen > position:
            return option.table_text
    return None  # pragma: no cover - unreachable: position < n
