"""Headline findings on a hand-built tidy frame of the Bromley patient and link-worker forms."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.findings import SMALL_BASE_WARNING, headline_findings
from analysis.frames import TIDY_COLUMNS
from analysis.results import Finding
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


def by_key(findings: list[Finding]) -> dict[str, Finding]:
    return {finding.key: finding for finding in findings}


def test_the_largest_answer_of_each_answered_question_with_its_base():
    findings = by_key(headline_findings(FRAME, [PATIENT, LINK_WORKER]))
    assert findings["patient.filling_in_as.largest"] == Finding(
        key="patient.filling_in_as.largest",
        text=(
            "44% (38 of 86) of patient survey respondents answered 'Someone who has previously "
            "been supported by a social prescriber' to 'I am filling this in as:'."
        ),
        base=86,
        questionnaire="patient",
        question_id="filling_in_as",
        small_base=False,
    )
    assert findings["patient.overall_rating.largest"].text.startswith("29% (25 of 86) of ")
    # questions nobody answered have no finding
    assert "patient.signposted.largest" not in findings


def test_a_rating_scale_has_its_top_two_and_bottom_two_sentence():
    finding = by_key(headline_findings(FRAME, [PATIENT]))["patient.overall_rating.top_two"]
    assert finding.text == (
        "'Overall, how do you rate your experience?': 52% rated it 5 (Excellent) or 4 (Good); "
        "30% rated it 2 (Poor) or 1 (Terrible) (base 86)."
    )
    assert finding.base == 86
    assert not finding.small_base


def test_findings_follow_the_printed_order_of_each_questionnaire():
    keys = [f.key for f in headline_findings(FRAME, [PATIENT, LINK_WORKER])]
    assert keys == [
        "patient.filling_in_as.largest",
        "patient.overall_rating.largest",
        "patient.overall_rating.top_two",
        # The frame's response ids line the two questions up, so the rating differs by who
        # filled the form in: a notable difference, said after the instrument's own findings.
        "patient.overall_rating.by.filling_in_as",
        "link_worker.time_in_role.largest",
    ]


def test_a_small_base_is_flagged_and_said():
    finding = by_key(headline_findings(FRAME, [LINK_WORKER], small_base=20))[
        "link_worker.time_in_role.largest"
    ]
    assert finding.small_base
    assert finding.base == 16
    assert finding.text == (
        f"50% (8 of 16) of link worker survey respondents answered '1-3 years' to "
        f"'How long have you been in the role?'{SMALL_BASE_WARNING}."
    )
    assert SMALL_BASE_WARNING == " (small base: treat with caution)"
    assert not by_key(headline_findings(FRAME, [LINK_WORKER]))[
        "link_worker.time_in_role.largest"
    ].small_base


def test_versions_of_one_questionnaire_pool_into_one_finding():
    frame = tidy(
        answers("patient", "signposted", [("yes", 3), ("no", 1)]),
        [
            {**r, "response_id": f"v2-{r['response_id']}"}
            for r in answers("patient", "signposted", [("no", 4)], version=2)
        ],
    )
    findings = headline_findings(frame, [PATIENT, PATIENT_V2])
    assert [f.key for f in findings] == ["patient.signposted.largest"]
    assert findings[0].text.startswith("63% (5 of 8) of patient survey respondents answered 'No'")
    assert findings[0].small_base


def test_nothing_answered_gives_no_findings():
    blank_only = tidy(answers("patient", "signposted", [(None, 5)]))
    assert headline_findings(blank_only, [PATIENT]) == []


def test_a_difference_beyond_chance_becomes_a_finding_and_chance_does_not():
    """Overall rating by who referred: GP referrals rate high, self-referrals low (n = 60)."""
    from analysis.findings import notable_differences
    from questionnaires import load_file

    definition = load_file("questionnaires/patient/v1.yaml")
    rows = []
    answers = [("gp", "excellent")] * 25 + [("gp", "good")] * 5
    answers += [("self_referral", "terrible")] * 25 + [("self_referral", "poor")] * 5
    for rid, (referrer, rating) in enumerate(answers, start=1):
        for question, code in (("referred_by", referrer), ("overall_rating", rating)):
            rows.append(_row(rid, question, code))
    frame = pd.DataFrame(rows)
    found = notable_differences(frame, definition)
    assert [f.key for f in found] == ["patient.overall_rating.by.referred_by"]
    assert found[0].base == 60 and "unlikely to be chance" in found[0].text
    even = [("gp", "excellent"), ("self_referral", "excellent")] * 15
    rows = [
        _row(rid, q, c)
        for rid, (r, g) in enumerate(even, start=1)
        for q, c in (("referred_by", r), ("overall_rating", g))
    ]
    assert notable_differences(pd.DataFrame(rows), definition) == []


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
