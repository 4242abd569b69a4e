"""Results the export tests share, shaped like the Bromley report's (built by hand)."""

from __future__ import annotations

from analysis.results import AppendixTable, Proportion, RatingSummary, TableRow
from analysis.stats import proportion as wilson_proportion


def proportion(k: int, n: int) -> Proportion:
    """k of n with its real Wilson interval; under 30 answers counts as a small base here."""
    return wilson_proportion(k, n, small_base=30)


# The Bromley report's "I am filling this in as": 38, 31 and 17 of 86.
FILLING_IN_AS = AppendixTable(
    questionnaire="patient",
    question_id="filling_in_as",
    number="1",
    title="I am filling this in as",
    rows=(
        TableRow("A patient", 38, 44, "38"),
        TableRow("A carer", 31, 36, "31"),
        TableRow("Someone else", 17, 20, "17"),
    ),
    base=86,
)

CARER = AppendixTable(
    questionnaire="carer",
    question_id="caring_hours",
    number=None,
    title="Hours caring each week",
    rows=(TableRow("Under 20", 12, 60, "12"), TableRow("20 or more", 8, 40, "8")),
    base=20,
)

OVERALL = RatingSummary(
    questionnaire="patient",
    question_id="overall",
    title="Overall, how would you rate the service?",
    distribution=(
        ("Very poor", 2, 5),
        ("Poor", 4, 10),
        ("Neither good nor poor", 6, 15),
        ("Good", 14, 35),
        ("Very good", 14, 35),
    ),
    n=40,
    not_applicable=3,
    top_two=proportion(28, 40),
    bottom_two=proportion(6, 40),
    top_two_labels=("Very good", "Good"),
    bottom_two_labels=("Very poor", "Poor"),
    median_label="Good",
)
