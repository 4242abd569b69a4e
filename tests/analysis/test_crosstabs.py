"""Crosstabs on a hand-built tidy frame of the Bromley patient form (v1): the overall rating by
who referred the patient, checked cell by cell and against scipy."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy import stats as scipy_stats

from analysis.crosstabs import crosstab
from analysis.frames import TIDY_COLUMNS
from analysis.stats import proportion
from questionnaires import load_definition
from questionnaires.model import Option, Question, Questionnaire, Section

PATIENT = load_definition("patient", 1)

# (referred_by, overall_rating) per response; None: left blank.
GIVEN = (
    [("gp", "excellent")] * 6
    + [("gp", "good")] * 3
    + [("gp", "poor")]
    + [("self_referral", "excellent")]
    + [("self_referral", "good")] * 2
    + [("self_referral", "okay")] * 2
    + [("other", "okay")]
    + [(None, "excellent"), ("gp", None)]
)


def row(response_id: int, question_id: str, code: str | None, **values) -> dict:
    record = dict.fromkeys(TIDY_COLUMNS)
    record.update(
        response_id=response_id,
        study="bromley",
        questionnaire=values.pop("questionnaire", "patient"),
        version=1,
        question_id=question_id,
        value_code=code,
        state="answered" if code is not None else "blank",
        channel="paper",
    )
    record.update(values)
    return record


def patient_frame(given=GIVEN) -> pd.DataFrame:
    records = []
    for response_id, (referred_by, rating) in enumerate(given, start=1):
        other_text = "pharmacist" if referred_by == "other" else None
        records.append(row(response_id, "referred_by", referred_by, other_text=other_text))
        records.append(row(response_id, "overall_rating", rating))
    return pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))


def test_overall_rating_by_referrer_counts_responses_answering_both():
    result = crosstab(patient_frame(), PATIENT, "overall_rating", "referred_by")
    assert result.row_labels == ("5 (Excellent)", "4 (Good)", "3 (Okay)", "2 (Poor)")
    assert result.column_labels == (
        "GP practice",
        "Self-referral",
        "Other",  # the option's table_label, not the printed sentence
    )
    assert result.counts == ((6, 1, 0), (3, 2, 0), (0, 2, 1), (1, 0, 0))
    assert result.n == 16  # the two responses with a blank are left out
    assert result.small_base is False
    assert crosstab(patient_frame(), PATIENT, "overall_rating", "referred_by", 20).small_base


def test_row_and_column_percents_are_proportions_of_their_own_base():
    result = crosstab(patient_frame(), PATIENT, "overall_rating", "referred_by")
    excellent_gp = result.row_percents[0][0]
    assert excellent_gp == proportion(6, 7)
    assert excellent_gp.percent == 86
    assert result.column_percents[0][0] == proportion(6, 10)
    assert result.row_percents[2][2] == proportion(1, 3)
    assert result.column_percents[2][2] == proportion(1, 1)
    assert result.column_percents[2][2].small_base is True
    for cells, counts in zip(result.row_percents, result.counts, strict=True):
        assert [cell.k for cell in cells] == list(counts)
        assert {cell.n for cell in cells} == {sum(counts)}


def test_the_test_is_scipy_chi_square_on_the_table():
    result = crosstab(patient_frame(), PATIENT, "overall_rating", "referred_by")
    expected = scipy_stats.chi2_contingency([[6, 1, 0], [3, 2, 0], [0, 2, 1], [1, 0, 0]])
    assert result.test == "chi-square"
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue)
    # 16 answers over 12 cells: most expected counts are under 5, and the sentence says so.
    assert result.sentence == (
        f"With 16 answers, the difference could well be chance (chi-square p = "
        f"{expected.pvalue:.2f}). Many cells hold few answers, so read this p-value as "
        "approximate."
    )


def test_a_sparse_two_by_two_gets_fisher_and_its_sentence():
    given = [("gp", "excellent")] * 5 + [("gp", "poor")] + [("self_referral", "poor")] * 4
    result = crosstab(patient_frame(given), PATIENT, "referred_by", "overall_rating")
    assert result.row_labels == ("GP practice", "Self-referral")
    assert result.column_labels == ("5 (Excellent)", "2 (Poor)")
    assert result.counts == ((5, 1), (0, 4))
    expected = scipy_stats.fisher_exact([[5, 1], [0, 4]])
    assert (result.test, result.statistic) == ("Fisher exact", None)  # infinite odds ratio
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.sentence == (
        f"The difference is unlikely to be chance (Fisher exact p = {expected.pvalue:.3f}, n = 10)."
    )
    assert result.small_base is False


def test_one_answer_everywhere_cannot_be_tested():
    given = [("gp", "excellent"), ("self_referral", "excellent")]
    result = crosstab(patient_frame(given), PATIENT, "referred_by", "overall_rating")
    assert result.counts == ((1,), (1,))
    assert (result.test, result.statistic, result.p_value) == ("none", None, None)
    assert result.sentence == "Too few answers, or too few different answers, to test (n = 2)."
    assert result.small_base is True


def test_no_response_answering_both_gives_an_empty_table():
    result = crosstab(
        patient_frame([("gp", None), (None, "good")]), PATIENT, "referred_by", "overall_rating"
    )
    assert (result.row_labels, result.column_labels, result.counts, result.n) == ((), (), (), 0)
    assert result.sentence == "Too few answers to test."


def test_other_states_and_other_questionnaires_are_left_out():
    frame = patient_frame()
    frame.loc[frame.index[1], "state"] = "multiple_ticked"  # response 1: two ratings ticked
    elsewhere = patient_frame().assign(
        questionnaire="professional", response_id=lambda f: f["response_id"] + 100
    )
    result = crosstab(pd.concat([frame, elsewhere]), PATIENT, "overall_rating", "referred_by")
    assert result.n == 15
    assert result.counts[0] == (5, 1, 0)


def test_a_range_question_is_labelled_by_its_points_in_order():
    ons4 = load_definition("ons4", 1)
    records = []
    for response_id, (happy, anxious) in enumerate([(7, 2), (7, 2), (3, 8), (10, 2)], start=1):
        for question_id, score in (("happiness", happy), ("anxiety", anxious)):
            records.append(
                row(response_id, question_id, str(score), questionnaire="ons4", number=float(score))
            )
    frame = pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))
    result = crosstab(frame, ons4, "happiness", "anxiety")
    assert result.row_labels == ("3", "7", "10")
    assert result.column_labels == ("2", "8")
    assert result.counts == ((0, 1), (2, 0), (1, 0))


def test_a_multiple_choice_column_counts_each_ticked_option_without_a_test():
    definition = Questionnaire(
        key="services",
        version=1,
        title="Services",
        content_sha256="0" * 64,
        sections=(
            Section(
                id="s",
                title="S",
                questions=(
                    Question(
                        id="age",
                        type="single",
                        text="Age?",
                        options=(Option("young", "Under 65"), Option("old", "65 or over")),
                    ),
                    Question(
                        id="used",
                        type="multiple",
                        text="Which did you use?",
                        options=(
                            Option("food", "Food bank"),
                            Option("debt", "Debt advice"),
                            Option("walk", "Walking group"),
                        ),
                    ),
                ),
            ),
        ),
    )
    ticks = {1: ("young", ["food", "debt"]), 2: ("young", ["food"]), 3: ("old", ["walk", "food"])}
    records = []
    for response_id, (age, used) in ticks.items():
        records.append(row(response_id, "age", age, questionnaire="services"))
        records += [row(response_id, "used", code, questionnaire="services") for code in used]
    frame = pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))
    result = crosstab(frame, definition, "age", "used")
    assert result.column_labels == ("Food bank", "Debt advice", "Walking group")
    assert result.counts == ((2, 1, 0), (1, 0, 1))
    assert result.row_percents[0][0] == proportion(2, 2)  # of the 2 young people
    assert result.row_percents[0][1] == proportion(1, 2)  # percents add past 100
    assert result.column_percents[0][0] == proportion(2, 3)
    assert result.n == 3
    assert (result.test, result.p_value) == ("none", None)
    assert "more than one" in result.sentence and "n = 3" in result.sentence
    with pytest.raises(ValueError, match="multiple"):
        crosstab(frame, definition, "used", "age")


def test_unknown_or_open_questions_are_refused_with_their_name():
    frame = patient_frame()
    with pytest.raises(KeyError, match="no_such_question"):
        crosstab(frame, PATIENT, "no_such_question", "referred_by")
    with pytest.raises(ValueError, match="referral_reason"):
        crosstab(frame, PATIENT, "overall_rating", "referral_reason")
    with pytest.raises(ValueError, match="two different"):
        crosstab(frame, PATIENT, "overall_rating", "overall_rating")


def test_the_frame_is_not_changed():
    frame = patient_frame()
    before = frame.copy()
    crosstab(frame, PATIENT, "overall_rating", "referred_by")
    pd.testing.assert_frame_equal(frame, before)
