"""Rating-scale summaries on hand-built tidy frames of the Bromley patient form (v1)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.frames import TIDY_COLUMNS
from analysis.likert import rating_summary, scale_points
from analysis.stats import proportion
from questionnaires import load_file

ROOT = Path(__file__).resolve().parents[2]
PATIENT = load_file(ROOT / "questionnaires/patient/v1.yaml")


def tidy(question_id: str, given: list[tuple[str | None, int]], state: str = "answered"):
    """One response per tick: (code, count); code None is a blank."""
    records, response_id = [], 1
    for code, count in given:
        for _ in range(count):
            record = dict.fromkeys(TIDY_COLUMNS)
            record.update(
                response_id=response_id,
                study="bromley",
                questionnaire="patient",
                version=1,
                question_id=question_id,
                value_code=code,
                state=state if code is not None else "blank",
                channel="paper",
            )
            records.append(record)
            response_id += 1
    return pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))


RATINGS = [("excellent", 25), ("good", 20), ("okay", 15), ("poor", 12), ("terrible", 14)]


def test_appendix_10_overall_rating_top_two_and_bottom_two():
    summary = rating_summary(
        tidy("overall_rating", [*RATINGS, (None, 4)]), PATIENT, "overall_rating"
    )
    assert summary.n == 86  # blanks left out
    assert summary.distribution == (
        ("5 (Excellent)", 25, 29),
        ("4 (Good)", 20, 23),
        ("3 (Okay)", 15, 17),
        ("2 (Poor)", 12, 14),
        ("1 (Terrible)", 14, 16),
    )
    assert summary.top_two == proportion(45, 86)
    assert summary.top_two.percent == 52
    assert summary.bottom_two == proportion(26, 86)
    assert summary.bottom_two.percent == 30
    assert summary.top_two_labels == ("5 (Excellent)", "4 (Good)")
    assert summary.bottom_two_labels == ("2 (Poor)", "1 (Terrible)")
    assert summary.median_label == "4 (Good)"  # answers 42 and 43 of 86, lowest first
    assert summary.not_applicable == 0
    assert summary.title == "Overall, how do you rate your experience?"
    assert (summary.questionnaire, summary.question_id) == ("patient", "overall_rating")
    assert not summary.top_two.small_base


def test_the_ease_scale_keeps_n_a_out_of_n():
    given = [("very_easy", 30), ("fairly_easy", 20), ("not_very_easy", 10), ("na", 11), (None, 3)]
    summary = rating_summary(tidy("referral_ease", given), PATIENT, "referral_ease")
    assert summary.n == 60
    assert summary.not_applicable == 11
    assert [label for label, _, _ in summary.distribution] == [
        "Very Easy",
        "Fairly Easy",
        "Not Very Easy",
        "Not at all Easy",
    ]
    assert summary.distribution[-1] == ("Not at all Easy", 0, 0)
    assert summary.top_two.k == 50 and summary.top_two.percent == 83
    assert summary.bottom_two.k == 10 and summary.bottom_two.percent == 17
    assert summary.top_two_labels == ("Very Easy", "Fairly Easy")
    assert summary.bottom_two_labels == ("Not Very Easy", "Not at all Easy")
    assert summary.median_label == "Fairly Easy"


def test_the_median_is_the_lower_one_on_an_even_count():
    summary = rating_summary(
        tidy("overall_rating", [("excellent", 2), ("poor", 2)]), PATIENT, "overall_rating"
    )
    assert summary.median_label == "2 (Poor)"


def test_a_small_base_is_flagged_and_no_answers_give_no_median():
    frame = tidy("overall_rating", [("good", 3)])
    small = rating_summary(frame, PATIENT, "overall_rating")
    assert small.top_two.small_base and small.top_two.percent == 100
    assert not rating_summary(frame, PATIENT, "overall_rating", small_base=3).top_two.small_base
    none = rating_summary(tidy("overall_rating", [(None, 2)]), PATIENT, "overall_rating")
    assert none.n == 0 and none.median_label is None and none.top_two.percent == 0


def test_scale_points_run_highest_first_without_n_a():
    ease = PATIENT.question("referral_ease")
    assert [o.code for o in scale_points(ease)] == [
        "very_easy",
        "fairly_easy",
        "not_very_easy",
        "not_at_all_easy",
    ]


def test_only_a_rating_scale_has_a_summary():
    frame = tidy("overall_rating", [("good", 1)])
    with pytest.raises(ValueError, match="is a single question, not a rating scale"):
        rating_summary(frame, PATIENT, "signposted")
    with pytest.raises(ValueError, match="has no question 'nope'"):
        rating_summary(frame, PATIENT, "nope")


def test_categorical_columns_give_the_same_summary():
    frame = tidy("referral_ease", [("very_easy", 3), ("na", 1), (None, 2)])
    categorical = frame.astype({c: "category" for c in ("state", "value_code", "questionnaire")})
    assert rating_summary(categorical, PATIENT, "referral_ease") == rating_summary(
        frame, PATIENT, "referral_ease"
    )


def test_the_frame_is_not_changed():
    frame = tidy("overall_rating", RATINGS)
    before = frame.copy()
    rating_summary(frame, PATIENT, "overall_rating")
    pd.testing.assert_frame_equal(frame, before)
