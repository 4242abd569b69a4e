"""ONS4 outcomes: the official bands at every edge, eight people paired by code worked by hand
and against scipy, who cannot be paired, and the agree/disagree variant's shift."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from analysis.frames import TIDY_COLUMNS
from analysis.ons4 import agreement_shift, band, band_names, ons4_outcomes
from analysis.stats import proportion
from questionnaires import load_definition

DAY = dt.datetime(2022, 3, 1, 10, 0)

# Eight people, before and after support (worked by hand in the tests below).
LIFE = ([4, 5, 3, 6, 7, 2, 5, 8], [6, 7, 5, 6, 8, 5, 4, 9])  # changes 2 2 2 0 1 3 -1 1
ANXIETY = ([7, 6, 8, 5, 4, 9, 3, 6], [4, 6, 5, 6, 2, 7, 3, 3])  # changes -3 0 -3 1 -2 -2 0 -3
HAPPY = ([6, 6, 7, 5, 8, 4, 6, 7], [6, 6, 7, 5, 8, 4, 6, 7])  # nobody changed
WORTH = ([5, 6, 4, 7, 6, 3, 5, None], [7, 6, 6, 8, 6, 5, 6, 8])  # person 8 left it blank


def answer(response_id, question_id, score, code, timepoint, when, questionnaire="ons4") -> dict:
    record = dict.fromkeys(TIDY_COLUMNS)
    record.update(
        response_id=response_id,
        study="westminster",
        questionnaire=questionnaire,
        version=1,
        question_id=question_id,
        value_code=None if score is None else str(score),
        value_label=None,
        number=None if score is None else float(score),
        state="blank" if score is None else "answered",
        channel="paper",
        submitted_at=when,
        participant_code=code,
        timepoint=timepoint,
    )
    return record


def response(response_id, code, timepoint, when, scores: dict) -> list[dict]:
    return [
        answer(response_id, question_id, score, code, timepoint, when)
        for question_id, score in scores.items()
    ]


def people_frame(extra: list[dict] = ()) -> pd.DataFrame:
    records = []
    for person in range(8):
        code = f"P{person + 1}"
        for side, timepoint in enumerate(("before", "after")):
            scores = {
                "life_satisfaction": LIFE[side][person],
                "worthwhile": WORTH[side][person],
                "happiness": HAPPY[side][person],
                "anxiety": ANXIETY[side][person],
            }
            when = DAY + dt.timedelta(days=90 * side)
            records += response(person * 2 + side + 1, code, timepoint, when, scores)
    records += list(extra)
    return pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))


def measure(outcomes, name):
    return next(m for m in outcomes.measures if m.measure == name)


# --- bands -------------------------------------------------------------------------------


@pytest.mark.parametrize("measure_id", ["life_satisfaction", "worthwhile", "happiness"])
@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, "Low"),
        (4, "Low"),
        (5, "Medium"),
        (6, "Medium"),
        (7, "High"),
        (8, "High"),
        (9, "Very high"),
        (10, "Very high"),
    ],
)
def test_positive_measures_follow_the_ons_thresholds(measure_id, score, expected):
    assert band(measure_id, score) == expected


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, "Very low"),
        (1, "Very low"),
        (2, "Low"),
        (3, "Low"),
        (4, "Medium"),
        (5, "Medium"),
        (6, "High"),
        (10, "High"),
    ],
)
def test_anxiety_follows_the_ons_thresholds(score, expected):
    assert band("anxiety", score) == expected


def test_band_order_fractions_and_refusals():
    assert band_names("happiness") == ("Low", "Medium", "High", "Very high")
    assert band_names("anxiety") == ("Very low", "Low", "Medium", "High")
    assert band("happiness", 4.5) == "Low"
    assert band("anxiety", 1.9) == "Very low"
    with pytest.raises(ValueError, match="0-10"):
        band("happiness", 11)
    with pytest.raises(ValueError, match="0-10"):
        band("anxiety", -1)
    with pytest.raises(ValueError, match="not an ONS4 measure"):
        band("not_anxious", 3)


# --- paired outcomes ---------------------------------------------------------------------


def test_life_satisfaction_worked_by_hand():
    life = measure(ons4_outcomes(people_frame()), "life_satisfaction")
    assert (life.label, life.pairs) == ("Life satisfaction", 8)
    assert (life.mean_before, life.mean_after, life.mean_change) == (5.0, 6.25, 1.25)
    # Changes 2 2 2 0 1 3 -1 1: sum of squared deviations 11.5, sd sqrt(11.5 / 7),
    # t(0.975, 7) = 2.3646: 1.25 +/- 1.0716.
    assert life.change_low == pytest.approx(0.1784, abs=1e-4)
    assert life.change_high == pytest.approx(2.3216, abs=1e-4)
    assert (life.improved, life.unchanged, life.worse) == (
        proportion(6, 8),
        proportion(1, 8),
        proportion(1, 8),
    )
    assert life.improved.percent == 75 and life.unchanged.percent == 13  # 12.5 half up
    # Ranks of |changes| without the zero: the 1s share rank 2, the 2s rank 5, the 3 rank 7;
    # the one fall (-1) has rank 2, so W- = 2 is the smaller sum.
    assert life.wilcoxon_statistic == 2.0
    assert life.bands_before == (("Low", 3), ("Medium", 3), ("High", 2), ("Very high", 0))
    assert life.bands_after == (("Low", 1), ("Medium", 4), ("High", 2), ("Very high", 1))
    assert life.small_base is True  # 8 pairs < 10


def test_life_satisfaction_matches_scipy():
    life = measure(ons4_outcomes(people_frame()), "life_satisfaction")
    before, after = np.array(LIFE[0]), np.array(LIFE[1])
    interval = scipy_stats.ttest_rel(after, before).confidence_interval(0.95)
    assert (life.change_low, life.change_high) == (
        pytest.approx(interval.low),
        pytest.approx(interval.high),
    )
    expected = scipy_stats.wilcoxon(after, before, zero_method="wilcox")
    assert life.wilcoxon_statistic == pytest.approx(expected.statistic)
    assert life.p_value == pytest.approx(expected.pvalue)


def test_anxiety_improves_when_it_goes_down():
    anxiety = measure(ons4_outcomes(people_frame()), "anxiety")
    assert anxiety.mean_change == -1.5
    assert (anxiety.improved.k, anxiety.unchanged.k, anxiety.worse.k) == (5, 2, 1)
    expected = scipy_stats.wilcoxon(
        np.array(ANXIETY[1]), np.array(ANXIETY[0]), zero_method="wilcox"
    )
    assert anxiety.p_value == pytest.approx(expected.pvalue)
    assert anxiety.bands_before == (("Very low", 0), ("Low", 1), ("Medium", 2), ("High", 5))
    assert anxiety.bands_after == (("Very low", 0), ("Low", 3), ("Medium", 2), ("High", 3))


def test_nobody_changing_has_no_wilcoxon_and_a_zero_width_interval():
    happy = measure(ons4_outcomes(people_frame()), "happiness")
    assert (happy.mean_change, happy.change_low, happy.change_high) == (0.0, 0.0, 0.0)
    assert (happy.wilcoxon_statistic, happy.p_value) == (None, None)
    assert happy.unchanged == proportion(8, 8)


def test_a_blank_score_leaves_that_person_out_of_that_measure_only():
    outcomes = ons4_outcomes(people_frame())
    worth = measure(outcomes, "worthwhile")
    assert worth.pairs == 7
    assert worth.mean_before == pytest.approx(36 / 7)
    assert worth.mean_after == pytest.approx(44 / 7)
    assert outcomes.paired_participants == 8
    assert [m.measure for m in outcomes.measures] == [
        "life_satisfaction",
        "worthwhile",
        "happiness",
        "anxiety",
    ]


def test_unpaired_people_and_responses_without_a_code_are_reported():
    scores = {"life_satisfaction": 1, "worthwhile": 1, "happiness": 1, "anxiety": 9}
    extra = (
        response(101, "P9", "before", DAY, scores)
        + response(102, "P10", "after", DAY, scores)
        + response(103, None, "before", DAY, scores)
        + response(104, "  ", "after", DAY, scores)
        + [answer(105, "happiness", 1, "P11", "before", DAY, questionnaire="wellbeing_agree")]
    )
    outcomes = ons4_outcomes(people_frame(extra))
    assert outcomes.paired_participants == 8
    assert outcomes.unpaired_before == ("P9",)
    assert outcomes.unpaired_after == ("P10",)
    assert outcomes.without_code == 2
    assert measure(outcomes, "life_satisfaction").pairs == 8


def test_a_code_answered_twice_at_a_timepoint_counts_its_latest_submission():
    low = {"life_satisfaction": 0, "worthwhile": 0, "happiness": 0, "anxiety": 10}
    extra = response(201, "P1", "before", DAY - dt.timedelta(days=30), low) + response(
        202, "P2", "after", DAY + dt.timedelta(days=120), {"life_satisfaction": 10}
    )
    life = measure(ons4_outcomes(people_frame(extra)), "life_satisfaction")
    # P1's earlier before is ignored; P2's later after (10 instead of 7) replaces the first.
    assert life.mean_before == 5.0
    assert life.mean_after == pytest.approx((50 - 7 + 10) / 8)
    # P2's later after answered life satisfaction only: P2 has no worthwhile pair any more.
    assert measure(ons4_outcomes(people_frame(extra)), "worthwhile").pairs == 6


def test_one_pair_and_no_pairs():
    one = people_frame()
    one = one[one["participant_code"] == "P1"]
    life = measure(ons4_outcomes(one), "life_satisfaction")
    assert (life.pairs, life.mean_change) == (1, 2.0)
    assert (life.change_low, life.change_high, life.p_value) == (None, None, None)
    assert life.improved == proportion(1, 1)

    empty = ons4_outcomes(people_frame().iloc[0:0])
    assert empty.paired_participants == 0 and empty.without_code == 0
    nothing = measure(empty, "anxiety")
    assert (nothing.pairs, nothing.mean_before, nothing.improved, nothing.p_value) == (
        0,
        None,
        None,
        None,
    )
    assert nothing.bands_before == (("Very low", 0), ("Low", 0), ("Medium", 0), ("High", 0))
    assert nothing.small_base is True


def test_small_base_threshold_and_the_frame_is_not_changed():
    frame = people_frame()
    before = frame.copy()
    outcomes = ons4_outcomes(frame, small_base=8)
    assert measure(outcomes, "life_satisfaction").small_base is False
    assert measure(outcomes, "worthwhile").small_base is True
    assert measure(outcomes, "life_satisfaction").improved.small_base is False
    pd.testing.assert_frame_equal(frame, before)


# --- agree/disagree variant --------------------------------------------------------------

AGREE = load_definition("wellbeing_agree", 1)


def statement_frame() -> pd.DataFrame:
    given = {
        "before": ["strongly_agree"]
        + ["agree"] * 2
        + ["neither_agree_nor_disagree"] * 3
        + ["disagree"] * 3
        + ["strongly_disagree"]
        + [None],
        "after": ["strongly_agree"] * 3 + ["agree"] * 4 + ["neither_agree_nor_disagree"],
    }
    records = []
    response_id = 0
    for timepoint, codes in given.items():
        for code in codes:
            response_id += 1
            record = answer(
                response_id,
                "life_satisfaction",
                None,
                f"W{response_id}",
                timepoint,
                DAY,
                questionnaire="wellbeing_agree",
            )
            record.update(value_code=code, number=None, state="answered" if code else "blank")
            records.append(record)
    return pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))


def test_agreement_shift_before_and_after():
    shift = agreement_shift(statement_frame(), AGREE, "life_satisfaction")
    assert (shift.question_id, shift.title) == ("life_satisfaction", "I am satisfied with my life")
    assert shift.before == (
        ("Strongly agree", 1, 10),
        ("Agree", 2, 20),
        ("Neither agree nor disagree", 3, 30),
        ("Disagree", 3, 30),
        ("Strongly disagree", 1, 10),
    )
    assert shift.after == (
        ("Strongly agree", 3, 38),  # 37.5 half up
        ("Agree", 4, 50),
        ("Neither agree nor disagree", 1, 13),  # 12.5 half up
        ("Disagree", 0, 0),
        ("Strongly disagree", 0, 0),
    )
    assert (shift.n_before, shift.n_after) == (10, 8)  # the blank is not in the base
    assert shift.agree_before == proportion(3, 10)
    assert shift.agree_after == proportion(7, 8)
    assert shift.agree_after.small_base is True


def test_agreement_shift_ignores_other_questionnaires_and_refuses_unknown_questions():
    frame = statement_frame()
    elsewhere = frame.assign(questionnaire="ons4")
    shift = agreement_shift(pd.concat([frame, elsewhere]), AGREE, "life_satisfaction", 5)
    assert (shift.n_before, shift.n_after) == (10, 8)
    assert shift.agree_after.small_base is False
    with pytest.raises(KeyError, match="anxiety"):
        agreement_shift(frame, AGREE, "anxiety")
    empty = agreement_shift(frame.iloc[0:0], AGREE, "not_anxious")
    assert (empty.n_before, empty.agree_before) == (0, proportion(0, 0))
    assert empty.title == "I was NOT anxious yesterday"
