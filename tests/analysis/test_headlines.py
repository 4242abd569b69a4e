"""Headlines on hand-built tidy frames of the Bromley patient and link-worker forms: worded as a
report words them, ranked by what matters, chosen by staff."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.frames import TIDY_COLUMNS
from analysis.headlines import (
    DEFAULT_HEADLINES,
    SMALL_BASE_WARNING,
    headlines,
    notable_comparisons,
    published,
)
from analysis.results import Finding
from analysis.stats import format_p
from questionnaires import load_file

ROOT = Path(__file__).resolve().parents[2]
PATIENT = load_file(ROOT / "questionnaires/patient/v1.yaml")
PATIENT_V2 = load_file(ROOT / "questionnaires/patient/v2.yaml")
LINK_WORKER = load_file(ROOT / "questionnaires/link_worker/v1.yaml")


def answers(
    questionnaire: str, question_id: str, given: list[tuple[str | None, int]], version: int = 1
) -> list[dict]:
    """Response ids 1, 2, ... in order, one per tick: (code, count); code None is a blank."""
    records, response_id = [], 1
    for code, count in given:
        for _ in range(count):
            record = dict.fromkeys(TIDY_COLUMNS)
            record.update(
                response_id=f"{questionnaire}-{response_id}",
                study="bromley",
                questionnaire=questionnaire,
                version=version,
                question_id=question_id,
                value_code=code,
                state="answered" if code is not None else "blank",
                channel="paper",
            )
            records.append(record)
            response_id += 1
    return records


def tidy(*groups: list[dict]) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        [r for group in groups for r in group], columns=list(TIDY_COLUMNS)
    )


FRAME = tidy(
    answers("patient", "filling_in_as", [("previous", 38), ("current", 31), ("on_behalf", 17)]),
    answers(
        "patient",
        "overall_rating",
        [("excellent", 25), ("good", 20), ("okay", 15), ("poor", 12), ("terrible", 14)],
    ),
    answers(
        "link_worker",
        "time_in_role",
        [("under_3_months", 1), ("under_12_months", 5), ("years_1_to_3", 8), ("years_3_plus", 2)],
    ),
)


def by_key(findings) -> dict[str, Finding]:
    return {finding.key: finding for finding in findings}


def ranked(frame, definitions, small_base=10) -> list[Finding]:
    return list(headlines(frame, definitions, small_base).ranked)


def test_the_largest_answer_reads_like_a_report():
    found = by_key(ranked(FRAME, [PATIENT, LINK_WORKER]))
    assert found["patient.filling_in_as.largest"] == Finding(
        key="patient.filling_in_as.largest",
        text=(
            "44% of patients answered 'Someone who has previously been supported by a social "
            "prescriber' to 'I am filling this in as:'; base 86."
        ),
        base=86,
        questionnaire="patient",
        question_id="filling_in_as",
        small_base=False,
        kind="answer",
        suggested=True,
    )
    # Questions nobody answered have no headline; nor does a rating scale's largest answer.
    assert "patient.signposted.largest" not in found
    assert "patient.overall_rating.largest" not in found


def test_a_rating_scale_says_most_and_names_its_boxes_in_words():
    finding = by_key(ranked(FRAME, [PATIENT]))["patient.overall_rating.top_two"]
    assert finding.text == (
        "Most patients (52%) rated 'Overall, how do you rate your experience?' as good or "
        "excellent, and 30% as poor or terrible; base 86."
    )
    assert finding.base == 86 and finding.kind == "rating" and not finding.small_base


def test_headlines_rank_rating_scales_then_differences_then_other_answers():
    keys = [f.key for f in ranked(FRAME, [PATIENT, LINK_WORKER])]
    assert keys == [
        "patient.overall_rating.top_two",
        # The frame's response ids line the two questions up, so the rating differs by who
        # filled the form in: a difference beyond chance.
        "patient.overall_rating.by.filling_in_as",
        "patient.filling_in_as.largest",
        "link_worker.time_in_role.largest",
    ]


def test_a_small_base_is_flagged_and_said():
    finding = by_key(ranked(FRAME, [LINK_WORKER], small_base=20))[
        "link_worker.time_in_role.largest"
    ]
    assert finding.small_base and finding.base == 16
    assert finding.text == (
        "Half of link workers (50%) answered '1-3 years' to 'How long have you been in the "
        f"role?'; base 16{SMALL_BASE_WARNING}."
    )
    assert SMALL_BASE_WARNING == " (small base: treat with caution)"
    assert not by_key(ranked(FRAME, [LINK_WORKER]))["link_worker.time_in_role.largest"].small_base


def test_versions_of_one_questionnaire_pool_into_one_headline():
    frame = tidy(
        answers("patient", "signposted", [("yes", 3), ("no", 1)]),
        [
            {**r, "response_id": f"v2-{r['response_id']}"}
            for r in answers("patient", "signposted", [("no", 4)], version=2)
        ],
    )
    (finding,) = ranked(frame, [PATIENT, PATIENT_V2])
    assert finding.key == "patient.signposted.largest"
    # A key question of the study (key_question: true in the definition).
    assert finding.kind == "key" and finding.suggested
    assert finding.text.startswith("Most patients (63%) answered 'No' to 'Did the social")
    assert finding.small_base


def test_a_follow_up_speaks_of_those_it_was_for():
    frame = tidy(
        answers("patient", "used_service", [("yes", 6), ("no", 4)]),
        answers("patient", "service_easy_access", [("yes", 4), ("no", 1), (None, 5)]),
    )
    finding = by_key(ranked(frame, [PATIENT], small_base=5))["patient.service_easy_access.largest"]
    assert finding.text == (
        "Of the 6 patients who answered 'Yes' to 'Did you use the service(s) that you were "
        "referred to?', most (67%) answered 'Yes' to 'If Yes, was the service(s) easy to "
        "access?'; base 6."
    )
    assert finding.base == 6


def test_equality_monitoring_and_routing_questions_only_when_staff_ask():
    frame = tidy(
        answers("patient", "age_band", [("under_18", 5), ("age_18_24", 3)]),
        answers("patient", "filling_in_as", [("current", 8)]),
    )
    found = ranked(frame, [PATIENT])
    age = by_key(found)["patient.age_band.largest"]
    assert age.kind == "equality" and not age.suggested
    assert [f.key for f in found] == ["patient.filling_in_as.largest", "patient.age_band.largest"]
    assert [f.key for f in published(found, None)] == ["patient.filling_in_as.largest"]
    chosen = ["patient.age_band.largest", "patient.gone.largest", "patient.filling_in_as.largest"]
    assert [f.key for f in published(found, chosen)] == [chosen[0], chosen[2]]
    assert published(found, []) == []


def test_no_more_than_the_default_number_are_published_unless_chosen():
    findings = [Finding(key=f"k{i}", text="t", base=1, questionnaire="q") for i in range(12)]
    assert len(published(findings, None)) == DEFAULT_HEADLINES


def test_nothing_answered_gives_no_headlines():
    blank_only = tidy(answers("patient", "signposted", [(None, 5)]))
    assert ranked(blank_only, [PATIENT]) == []


def test_a_difference_beyond_chance_becomes_a_headline_and_chance_does_not():
    """Overall rating by who referred: GP referrals rate high, self-referrals low (n = 60)."""
    rows = []
    given = [("gp", "excellent")] * 25 + [("gp", "good")] * 5
    given += [("self_referral", "terrible")] * 25 + [("self_referral", "poor")] * 5
    for rid, (referrer, rating) in enumerate(given, start=1):
        for question, code in (("referred_by", referrer), ("overall_rating", rating)):
            rows.append(_row(rid, question, code))
    found = notable_comparisons(pd.DataFrame(rows), PATIENT)
    assert [f.key for f, _ in found] == ["patient.overall_rating.by.referred_by"]
    finding, table = found[0]
    assert finding.base == 60 and table.n == 60
    assert finding.text == (
        "Patients who answered 'GP practice' to 'Who referred you, or the person you care for, "
        "to a social prescriber?' rated 'Overall, how do you rate your experience?' higher (100% "
        "good or excellent) than those who answered 'Self-referral' (0%); unlikely to be "
        f"chance (chi-square {format_p(table.p_value)}); base 60."
    )
    even = [("gp", "excellent"), ("self_referral", "excellent")] * 15
    rows = [
        _row(rid, q, c)
        for rid, (r, g) in enumerate(even, start=1)
        for q, c in (("referred_by", r), ("overall_rating", g))
    ]
    assert notable_comparisons(pd.DataFrame(rows), PATIENT) == []


def _row(response_id: int, question_id: str, code: str) -> dict:
    record = dict.fromkeys(TIDY_COLUMNS)
    record.update(
        response_id=response_id,
        study="bromley",
        questionnaire="patient",
        version=1,
        question_id=question_id,
        value_code=code,
        state="answered",
        channel="online",
    )
    return record
