"""Percentages with Wilson intervals, the association test and its sentence, checked against
published values and against scipy called directly on the same tables."""

from __future__ import annotations

import math

import pytest
from scipy import stats as scipy_stats

from analysis.results import Proportion
from analysis.stats import (
    _half_up,
    association_test,
    format_p,
    plain_english,
    proportion,
    wilson_interval,
)


def wilson_by_hand(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """statsmodels' ``proportion_confint(method='wilson')``, written out."""
    p = k / n
    denominator = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denominator
    return (centre - half, centre + half)


@pytest.mark.parametrize(("count", "base", "percent"), [(2, 16, 13), (1, 8, 13), (1, 3, 33)])
def test_percent_is_a_whole_number_rounded_half_up(count, base, percent):
    assert _half_up(count, base) == percent


def test_percent_edges():
    assert _half_up(0, 0) == 0
    assert _half_up(5, 5) == 100
    assert _half_up(1, 200) == 1  # 0.5 -> 1, not banker's 0
    assert _half_up(1, 400) == 0


@pytest.mark.parametrize(("k", "n"), [(38, 86), (0, 10), (10, 10), (2, 16), (1, 1), (50, 300)])
def test_wilson_interval_matches_the_formula_and_scipy(k, n):
    low, high = wilson_interval(k, n)
    by_hand = wilson_by_hand(k, n)
    scipy_ci = scipy_stats.binomtest(k, n).proportion_ci(method="wilson")
    assert low == pytest.approx(max(0.0, by_hand[0]), abs=1e-12)
    assert high == pytest.approx(min(1.0, by_hand[1]), abs=1e-12)
    assert low == pytest.approx(scipy_ci.low, abs=1e-12)
    assert high == pytest.approx(scipy_ci.high, abs=1e-12)


def test_wilson_interval_published_values():
    # 38 of 86: 0.3416 to 0.5471 (statsmodels proportion_confint, method="wilson").
    low, high = wilson_interval(38, 86)
    assert (round(low, 4), round(high, 4)) == (0.3416, 0.5471)
    # None of 10 and all of 10: the interval touches the end of the scale.
    assert wilson_interval(0, 10)[0] == 0.0
    assert round(wilson_interval(0, 10)[1], 4) == 0.2775
    assert round(wilson_interval(10, 10)[0], 4) == 0.7225
    assert wilson_interval(10, 10)[1] == 1.0


def test_wilson_interval_without_answers_and_other_confidences():
    assert wilson_interval(0, 0) == (0.0, 1.0)
    narrow = wilson_interval(38, 86, confidence=0.90)
    wide = wilson_interval(38, 86, confidence=0.99)
    assert wide[0] < narrow[0] < narrow[1] < wide[1]
    assert narrow[0] == pytest.approx(
        scipy_stats.binomtest(38, 86).proportion_ci(0.90, method="wilson").low
    )


@pytest.mark.parametrize(("k", "n"), [(-1, 5), (6, 5), (0, -1)])
def test_wilson_interval_refuses_impossible_counts(k, n):
    with pytest.raises(ValueError, match="not a proportion"):
        wilson_interval(k, n)


def test_proportion_percent_interval_and_small_base():
    assert proportion(38, 86) == Proportion(38, 86, 44, 34.2, 54.7, False)
    small = proportion(2, 16, small_base=20)
    assert (small.percent, small.small_base) == (13, True)
    assert proportion(2, 16).small_base is False
    assert proportion(9, 9).small_base is True  # 9 answers < 10
    assert proportion(10, 10).small_base is False
    assert proportion(0, 0) == Proportion(0, 0, 0, 0.0, 100.0, True)


def test_a_big_table_gets_chi_square_as_scipy_computes_it():
    table = [[20, 15], [10, 30]]
    expected = scipy_stats.chi2_contingency(table)  # Yates' correction on 2x2, scipy's default
    assert association_test(table) == (
        "chi-square",
        pytest.approx(expected.statistic),
        pytest.approx(expected.pvalue),
    )
    wide = [[12, 8, 5], [6, 11, 14], [9, 9, 9]]
    expected = scipy_stats.chi2_contingency(wide)
    assert association_test(wide) == (
        "chi-square",
        pytest.approx(expected.statistic),
        pytest.approx(expected.pvalue),
    )


def test_a_sparse_two_by_two_gets_fisher_exact():
    table = [[1, 5], [6, 2]]  # expected counts 3 and 3.5 < 5
    expected = scipy_stats.fisher_exact(table)
    assert association_test(table) == (
        "Fisher exact",
        pytest.approx(expected.statistic),
        pytest.approx(expected.pvalue),
    )


def test_an_infinite_odds_ratio_is_none_and_a_zero_one_is_kept():
    test, statistic, p_value = association_test([[5, 0], [2, 6]])
    assert (test, statistic) == ("Fisher exact", None)
    assert p_value == pytest.approx(scipy_stats.fisher_exact([[5, 0], [2, 6]]).pvalue)
    assert association_test([[0, 5], [6, 2]])[1] == 0.0


def test_empty_rows_and_columns_are_dropped_first():
    padded = [[1, 0, 5], [0, 0, 0], [6, 0, 2]]
    assert association_test(padded) == association_test([[1, 5], [6, 2]])
    # A 3x2 table with an empty row is a 2x2 one: Fisher, not chi-square.
    assert association_test([[1, 5], [0, 0], [6, 2]])[0] == "Fisher exact"
    # A larger sparse table stays chi-square.
    assert association_test([[1, 2, 0], [3, 0, 1], [0, 1, 2]])[0] == "chi-square"


@pytest.mark.parametrize(
    "table", [[], [[]], [[0, 0], [0, 0]], [[3, 4]], [[3], [4]], [[3, 0], [4, 0]]]
)
def test_a_table_with_one_row_or_column_cannot_be_tested(table):
    assert association_test(table) == ("none", None, None)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        association_test([[1, -1], [2, 3]])


def test_association_test_does_not_change_its_table():
    table = [[1, 0, 5], [0, 0, 0], [6, 0, 2]]
    association_test(table)
    assert table == [[1, 0, 5], [0, 0, 0], [6, 0, 2]]


@pytest.mark.parametrize(
    ("p_value", "shown"),
    [(0.0004, "p < 0.001"), (0.0034, "p = 0.003"), (0.049, "p = 0.049"), (0.41, "p = 0.41")],
)
def test_p_values_are_printed_to_a_sensible_precision(p_value, shown):
    assert format_p(p_value) == shown


def test_plain_english_states_the_verdict_and_the_sample_size():
    assert plain_english("chi-square", 0.0031, 86) == (
        "The difference is unlikely to be chance (chi-square p = 0.003, n = 86)."
    )
    assert plain_english("Fisher exact", 0.41, 16) == (
        "With 16 answers, the difference could well be chance (Fisher exact p = 0.41)."
    )
    assert plain_english("Fisher exact", 0.05, 20).startswith("With 20 answers")
    assert plain_english("none", None, 0) == "Too few answers to test."
    assert plain_english("none", None, 4) == (
        "Too few answers, or too few different answers, to test (n = 4)."
    )


def test_sparse_tables_are_named_so_the_p_value_is_read_as_approximate():
    from analysis.stats import sparse

    assert sparse([[1, 2, 0], [3, 1, 2], [0, 1, 4]])
    assert not sparse([[30, 20], [25, 35]])
    assert not sparse([[5]])
