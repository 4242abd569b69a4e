"""Statistics behind the figures of a findings report: percentages with their confidence
interval, a test of association for a crosstab, and the plain-English sentence under it.

Pure functions of counts; no frames, no I/O. The percent rule is the appendix tables' one (a whole
number, rounded half up: 2 of 16 is 13%), kept here privately so this module depends on nothing
but scipy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import numpy as np

from analysis.results import Proportion

__all__ = [
    "CHI_SQUARE",
    "FISHER",
    "NO_TEST",
    "SIGNIFICANCE",
    "association_test",
    "format_p",
    "plain_english",
    "proportion",
    "wilson_interval",
]

CHI_SQUARE = "chi-square"
FISHER = "Fisher exact"
NO_TEST = "none"
SIGNIFICANCE = 0.05
"""The p-value under which a difference is reported as unlikely to be chance."""


def _half_up(count: int, base: int) -> int:
    """``count`` as a whole percent of ``base``, rounded half up (2 of 16 is 13); 0 for base 0.

    The same rule as the appendix tables' ``percent_half_up``, for every percent printed beside
    a count in a report (crosstab cells, ONS4 shares, agreement distributions).
    """
    if base == 0:
        return 0
    exact = Decimal(count) * 100 / Decimal(base)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=16)
def _z(confidence: float) -> float:
    """The normal quantile of a two-sided ``confidence`` (1.96 for 95%), worked out once."""
    from scipy import stats as scipy_stats

    return float(scipy_stats.norm.ppf(0.5 + confidence / 2))


def wilson_interval(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of ``k`` of ``n`` as proportions (0..1): the error bars of
    every percentage in the report. No answers (``n`` = 0) tell nothing: (0.0, 1.0)."""
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"A count of {k} of {n} is not a proportion")
    if not 0 < confidence < 1:
        raise ValueError(f"A confidence of {confidence} is not between 0 and 1")
    if n == 0:
        return (0.0, 1.0)
    z = _z(confidence)
    z2 = z * z
    centre = (k + z2 / 2) / (n + z2)
    half = z * math.sqrt(k * (n - k) / n + z2 / 4) / (n + z2)
    return (max(0.0, centre - half), min(1.0, centre + half))


def proportion(k: int, n: int, small_base: int = 10) -> Proportion:
    """``k`` of ``n`` as a whole percent (half up) with its Wilson 95% interval in percent points
    (one decimal): each percentage of a crosstab, an ONS4 share or an agreement box. The figure
    is flagged ``small_base`` when it rests on fewer than ``small_base`` answers."""
    low, high = wilson_interval(k, n)
    return Proportion(
        k=k,
        n=n,
        percent=_half_up(k, n),
        low=round(low * 100, 1),
        high=round(high * 100, 1),
        small_base=n < small_base,
    )


def _without_empty_lines(table: Sequence[Sequence[int]]) -> np.ndarray:
    """The table as an array, without its all-zero rows and columns."""
    array = np.asarray(table, dtype=float)
    if array.ndim != 2 or array.size == 0:
        return np.zeros((0, 0))
    if (array < 0).any():
        raise ValueError("A table of counts cannot hold a negative count")
    array = array[array.sum(axis=1) > 0]
    return array[:, array.sum(axis=0) > 0]


def association_test(table: Sequence[Sequence[int]]) -> tuple[str, float | None, float | None]:
    """The test printed under a crosstab: (test name, statistic, p-value).

    All-zero rows and columns are dropped first. A 2x2 table with an expected count under 5 gets
    Fisher's exact test (statistic: the sample odds ratio, None when it is infinite or undefined);
    any other table of at least 2x2 gets the chi-square test of independence (scipy's default:
    Yates' correction on 2x2). Fewer than two rows or columns left: ("none", None, None).
    """
    from scipy import stats as scipy_stats
    from scipy.stats.contingency import expected_freq

    counts = _without_empty_lines(table)
    if counts.shape[0] < 2 or counts.shape[1] < 2:
        return (NO_TEST, None, None)
    if counts.shape == (2, 2) and (expected_freq(counts) < 5).any():
        result = scipy_stats.fisher_exact(counts.astype(int))
        odds = float(result.statistic)
        return (FISHER, odds if math.isfinite(odds) else None, float(result.pvalue))
    result = scipy_stats.chi2_contingency(counts)
    return (CHI_SQUARE, float(result.statistic), float(result.pvalue))


SPARSE_SHARE = 0.2


def sparse(table: Sequence[Sequence[int]]) -> bool:
    """Whether a chi-square p-value on ``table`` is only approximate: more than a fifth of the
    expected counts are under 5 (Cochran's rule), once empty rows and columns are dropped."""
    from scipy.stats.contingency import expected_freq

    counts = _without_empty_lines(table)
    if counts.shape[0] < 2 or counts.shape[1] < 2:
        return False
    return float((expected_freq(counts) < 5).mean()) > SPARSE_SHARE


def format_p(p_value: float) -> str:
    """A p-value as the report's sentences print it: "p < 0.001", three decimals under 0.1
    ("p = 0.049", not 0.05), two decimals otherwise ("p = 0.41")."""
    if p_value < 0.001:
        return "p < 0.001"
    if p_value < 0.1:
        return f"p = {p_value:.3f}"
    return f"p = {p_value:.2f}"


def plain_english(test: str, p_value: float | None, n: int) -> str:
    """The sentence under a crosstab: whether the difference is beyond chance, at this sample
    size, e.g. "The difference is unlikely to be chance (chi-square p = 0.003, n = 86)."."""
    if test == NO_TEST or p_value is None or n == 0:
        if n == 0:
            return "Too few answers to test."
        return f"Too few answers, or too few different answers, to test (n = {n})."
    if p_value < SIGNIFICANCE:
        return f"The difference is unlikely to be chance ({test} {format_p(p_value)}, n = {n})."
    answers = "answer" if n == 1 else "answers"
    return f"With {n} {answers}, the difference could well be chance ({test} {format_p(p_value)})."
