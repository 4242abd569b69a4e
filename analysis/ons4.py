"""Wellbeing outcomes before and after support: the official ONS4 questions (0-10) paired by
participant code, and the agree/disagree variant (One Westminster's "Personal Wellbeing Score")
as a shift of the distribution.

Pure: a tidy answer frame (``analysis.frames``) in, ``Ons4Outcomes`` / ``AgreementShift`` out.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.frames import check_tidy
from analysis.results import AgreementShift, MeasureChange, Ons4Outcomes, Proportion
from analysis.stats import _half_up, proportion
from questionnaires.model import Questionnaire

__all__ = [
    "AFTER",
    "ANXIETY_BANDS",
    "BEFORE",
    "MEASURES",
    "MEASURE_LABELS",
    "ONS4",
    "POSITIVE_BANDS",
    "agreement_shift",
    "band",
    "band_names",
    "measure_change",
    "ons4_outcomes",
]

ONS4 = "ons4"
BEFORE = "before"
AFTER = "after"
MEASURES = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
MEASURE_LABELS = {
    "life_satisfaction": "Life satisfaction",
    "worthwhile": "Worthwhile",
    "happiness": "Happiness",
    "anxiety": "Anxiety",
}

POSITIVE_BANDS = ((0, "Low"), (5, "Medium"), (7, "High"), (9, "Very high"))
"""ONS thresholds for life satisfaction, worthwhile and happiness: (lowest score, band)."""
ANXIETY_BANDS = ((0, "Very low"), (2, "Low"), (4, "Medium"), (6, "High"))
"""ONS thresholds for anxiety: (lowest score, band)."""


def _bands(measure: str) -> tuple[tuple[int, str], ...]:
    if measure not in MEASURES:
        raise ValueError(f"'{measure}' is not an ONS4 measure ({', '.join(MEASURES)})")
    return ANXIETY_BANDS if measure == "anxiety" else POSITIVE_BANDS


def band_names(measure: str) -> tuple[str, ...]:
    """The ONS bands of ``measure``, lowest score first: the rows of the bands figure."""
    return tuple(name for _, name in _bands(measure))


def band(measure: str, score: float) -> str:
    """The official ONS band of a 0-10 score, for the figure of bands before and after.

    Life satisfaction, worthwhile, happiness: 0-4 Low, 5-6 Medium, 7-8 High, 9-10 Very high.
    Anxiety: 0-1 Very low, 2-3 Low, 4-5 Medium, 6-10 High. A score between two whole numbers
    takes the band of the lower one (4.5 is Low).
    """
    bands = _bands(measure)
    if not 0 <= score <= 10:
        raise ValueError(f"A score of {score} is not on the 0-10 scale")
    return next(name for lowest, name in reversed(bands) if score >= lowest)


def _scores(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per response and measure with the score given (number, else the code)."""
    rows = frame[frame["question_id"].isin(MEASURES) & (frame["state"] == "answered")]
    numbers = pd.to_numeric(rows["number"], errors="coerce")
    codes = pd.to_numeric(rows["value_code"], errors="coerce")
    scores = pd.DataFrame(
        {
            "response_id": rows["response_id"],
            "measure": rows["question_id"],
            "score": numbers.fillna(codes).astype(float),
        }
    )
    return scores.dropna(subset=["score"]).drop_duplicates(["response_id", "measure"])


def _responses(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per response: response_id, code (stripped; None when absent), timepoint,
    submitted_at."""
    responses = frame.drop_duplicates("response_id")[
        ["response_id", "participant_code", "timepoint", "submitted_at"]
    ]
    codes = responses["participant_code"].map(
        lambda code: (str(code).strip() or None) if pd.notna(code) else None
    )
    return pd.DataFrame(
        {
            "response_id": responses["response_id"],
            "code": codes,
            "timepoint": responses["timepoint"],
            "submitted_at": pd.to_datetime(responses["submitted_at"]),
        }
    )


def _latest(responses: pd.DataFrame, timepoint: str) -> pd.Series:
    """Participant code -> the response id of their latest ``timepoint`` response."""
    chosen = responses[responses["code"].notna() & (responses["timepoint"] == timepoint)]
    chosen = chosen.sort_values(["submitted_at", "response_id"], na_position="first")
    return chosen.drop_duplicates("code", keep="last").set_index("code")["response_id"]


def _mean_interval(changes: np.ndarray) -> tuple[float | None, float | None]:
    """The 95% t-interval of the mean of ``changes`` (None with fewer than two)."""
    from scipy import stats as scipy_stats

    if len(changes) < 2:
        return (None, None)
    mean = float(changes.mean())
    error = float(changes.std(ddof=1)) / math.sqrt(len(changes))
    if error == 0:
        return (mean, mean)
    margin = float(scipy_stats.t.ppf(0.975, len(changes) - 1)) * error
    return (mean - margin, mean + margin)


def _wilcoxon(changes: np.ndarray) -> tuple[float | None, float | None]:
    """Wilcoxon signed-rank (zero differences dropped): (statistic, p), or (None, None) with
    fewer than two pairs or when nobody's score changed."""
    from scipy import stats as scipy_stats

    if len(changes) < 2 or not changes.any():
        return (None, None)
    result = scipy_stats.wilcoxon(changes, zero_method="wilcox")
    return (float(result.statistic), float(result.pvalue))


def _band_counts(measure: str, scores: np.ndarray) -> tuple[tuple[str, int], ...]:
    given = [band(measure, float(score)) for score in scores]
    return tuple((name, given.count(name)) for name in band_names(measure))


def measure_change(
    measure: str, before: np.ndarray, after: np.ndarray, small_base: int = 10
) -> MeasureChange:
    """One row of the ONS4 outcomes figure: ``measure`` over paired scores (``before[i]`` and
    ``after[i]`` are one person's). Anxiety improves when it goes down."""
    before = np.asarray(before, dtype=float)
    after = np.asarray(after, dtype=float)
    pairs = len(before)
    changes = after - before
    low, high = _mean_interval(changes)
    statistic, p_value = _wilcoxon(changes)
    better = changes < 0 if measure == "anxiety" else changes > 0
    worse = changes > 0 if measure == "anxiety" else changes < 0

    def share(k: int) -> Proportion | None:
        return proportion(k, pairs, small_base) if pairs else None

    return MeasureChange(
        measure=measure,
        label=MEASURE_LABELS[measure],
        pairs=pairs,
        mean_before=float(before.mean()) if pairs else None,
        mean_after=float(after.mean()) if pairs else None,
        mean_change=float(changes.mean()) if pairs else None,
        change_low=low,
        change_high=high,
        improved=share(int(better.sum())),
        unchanged=share(int((changes == 0).sum())),
        worse=share(int(worse.sum())),
        wilcoxon_statistic=statistic,
        p_value=p_value,
        bands_before=_band_counts(measure, before),
        bands_after=_band_counts(measure, after),
        small_base=pairs < small_base,
    )


def ons4_outcomes(frame: pd.DataFrame, small_base: int = 10) -> Ons4Outcomes:
    """The ONS4 outcomes figure: each measure before and after support, over participants with
    both (paired by participant code; a code answered twice at one timepoint counts its latest
    submission). Also who cannot be paired: codes with only a before or only an after, and
    responses with no code. Rows of other questionnaires in ``frame`` are ignored."""
    check_tidy(frame)
    own = frame[frame["questionnaire"] == ONS4]
    responses = _responses(own)
    before_ids = _latest(responses, BEFORE)
    after_ids = _latest(responses, AFTER)
    paired = sorted(set(before_ids.index) & set(after_ids.index))
    scores = _scores(own).set_index(["response_id", "measure"])["score"].to_dict()
    measures = []
    for measure in MEASURES:
        both = [
            (scores[(before_ids[code], measure)], scores[(after_ids[code], measure)])
            for code in paired
            if (before_ids[code], measure) in scores and (after_ids[code], measure) in scores
        ]
        before = np.array([b for b, _ in both], dtype=float)
        after = np.array([a for _, a in both], dtype=float)
        measures.append(measure_change(measure, before, after, small_base))
    return Ons4Outcomes(
        measures=tuple(measures),
        paired_participants=len(paired),
        unpaired_before=tuple(sorted(set(before_ids.index) - set(after_ids.index))),
        unpaired_after=tuple(sorted(set(after_ids.index) - set(before_ids.index))),
        without_code=int(responses["code"].isna().sum()),
    )


def _distribution(
    answers: pd.DataFrame, options: list[tuple[str, str]]
) -> tuple[tuple[tuple[str, int, int], ...], int]:
    """(label, count, percent of n) per option in printed order, and n."""
    n = len(answers)
    counts = answers["value_code"].value_counts().to_dict()
    return (
        tuple(
            (label, int(counts.get(code, 0)), _half_up(int(counts.get(code, 0)), n))
            for code, label in options
        ),
        n,
    )


def agreement_shift(
    frame: pd.DataFrame, definition: Questionnaire, question_id: str, small_base: int = 10
) -> AgreementShift:
    """The agreement-shift figure of the agree/disagree wellbeing statements: the distribution
    of answers before and after support (by timepoint, every response counted, not paired),
    each a percent of that side's n, and the share agreeing (the top two options: strongly agree
    and agree). Blanks and N/A are left out of n. Unknown questions raise KeyError; a question
    without a scale, ValueError."""
    check_tidy(frame)
    question = definition.question(question_id)
    if question is None:
        raise KeyError(f"{definition.label} has no question '{question_id}'")
    scale = [option for option in question.options if not option.na and not option.other]
    if question.type not in ("scale", "single") or len(scale) < 2:
        raise ValueError(f"'{question_id}' is not an agree/disagree scale")
    values = {o.code: o.value for o in scale if o.value is not None}
    if len(values) == len(scale):
        top_two = set(sorted(values, key=lambda code: values[code], reverse=True)[:2])
    else:
        top_two = {o.code for o in scale[:2]}
    options = [(option.code, option.table_text) for option in scale]
    rows = frame[
        (frame["questionnaire"] == definition.key)
        & (frame["question_id"] == question_id)
        & (frame["state"] == "answered")
        & frame["value_code"].isin([code for code, _ in options])
    ].drop_duplicates(["response_id", "value_code"])
    sides = {}
    for timepoint in (BEFORE, AFTER):
        answers = rows[rows["timepoint"] == timepoint]
        distribution, n = _distribution(answers, options)
        agree = int(answers["value_code"].isin(top_two).sum())
        sides[timepoint] = (distribution, n, proportion(agree, n, small_base))
    return AgreementShift(
        question_id=question_id,
        title=question.text,
        before=sides[BEFORE][0],
        after=sides[AFTER][0],
        n_before=sides[BEFORE][1],
        n_after=sides[AFTER][1],
        agree_before=sides[BEFORE][2],
        agree_after=sides[AFTER][2],
    )
