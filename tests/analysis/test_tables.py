"""Appendix tables on hand-built tidy frames, checked against the Bromley report's appendices."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.frames import TIDY_COLUMNS
from analysis.results import TableRow
from analysis.tables import (
    MULTIPLE_NOTE,
    NHS_DISCLOSURE,
    Suppression,
    appendix_table,
    appendix_tables,
    percent_half_up,
    suppression_marking,
)
from questionnaires import load_file

ROOT = Path(__file__).resolve().parents[2]
PATIENT = load_file(ROOT / "questionnaires/patient/v1.yaml")
PATIENT_V2 = load_file(ROOT / "questionnaires/patient/v2.yaml")
LINK_WORKER = load_file(ROOT / "questionnaires/link_worker/v1.yaml")
PROFESSIONAL = load_file(ROOT / "questionnaires/professional/v1.yaml")
ONS4 = load_file(ROOT / "questionnaires/ons4/v1.yaml")
EVERY_TYPE = load_file(ROOT / "tests/fixtures/questionnaires/valid/every_type/v1.yaml")


def answer(
    response_id: int,
    question_id: str,
    code: str | None = None,
    *,
    other: str | None = None,
    state: str = "answered",
    questionnaire: str = "patient",
    version: int = 1,
    number: float | None = None,
) -> dict:
    record = dict.fromkeys(TIDY_COLUMNS)
    record.update(
        response_id=response_id,
        study="bromley",
        questionnaire=questionnaire,
        version=version,
        question_id=question_id,
        value_code=code,
        other_text=other,
        number=number,
        state=state,
        channel="paper",
    )
    return record


def ticks(question_id: str, given: list[tuple], *, start: int = 1, **fields) -> list[dict]:
    """One response per entry of ``given``: (code, count) or (code, count, other_text);
    code None with other_text None is a blank."""
    records, response_id = [], start
    for code, count, *other in given:
        for _ in range(count):
            state = "blank" if code is None else "answered"
            text = other[0] if other else None
            records.append(
                answer(response_id, question_id, code, other=text, state=state, **fields)
            )
            response_id += 1
    return records


def tidy(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))


def shown(table) -> list[tuple[str, str, int | None]]:
    return [(row.label, row.shown, row.percent) for row in table.rows]


def test_percent_is_whole_and_rounded_half_up():
    assert percent_half_up(2, 16) == 13
    assert percent_half_up(1, 16) == 6
    assert percent_half_up(13, 44) == 30
    assert percent_half_up(0, 16) == 0
    assert percent_half_up(3, 0) == 0


def test_appendix_1_who_is_filling_in_the_patient_form():
    """The on-behalf option keeps its count under its table label; the capacities written on
    its line are listed under the table, never made answers of "I am filling this in as"."""
    behalf = ["Carer", "carer ", "Daughter", "Parent", "Son"]
    given = [("previous", 38), ("current", 31), ("on_behalf", 1)] + [
        ("on_behalf", 1, behalf[i % 5]) for i in range(16)
    ]
    table = appendix_table(
        tidy(ticks("filling_in_as", given)), PATIENT, "filling_in_as", order="frequency"
    )
    assert shown(table) == [
        ("Someone who has previously been supported by a social prescriber", "38", 44),
        ("Someone who is currently being supported by a social prescriber", "31", 36),
        ("On behalf of someone else", "17", 20),
    ]
    assert table.written is not None
    assert table.written.heading == "Written beside 'On behalf of someone else'"
    # "Carer" and "carer " are one answer; one of the 17 wrote nothing.
    assert [(row.label, row.count) for row in table.written.answers] == [
        ("Carer", 7),
        ("Daughter", 3),
        ("Parent", 3),
        ("Son", 3),
    ]
    assert table.base == 86
    assert table.title == "I am filling this in as:"
    assert table.number is None
    assert table.questionnaire == "patient"
    assert not table.multiple
    assert table.notes == ("Base: all 86 responses to the patient survey",)


def test_an_on_behalf_answer_without_text_keeps_its_own_label():
    given = [("previous", 38), ("current", 31), ("on_behalf", 17)]
    table = appendix_table(tidy(ticks("filling_in_as", given)), PATIENT, "filling_in_as")
    assert shown(table) == [
        ("Someone who is currently being supported by a social prescriber", "31", 36),
        ("Someone who has previously been supported by a social prescriber", "38", 44),
        ("On behalf of someone else", "17", 20),
    ]
    assert table.rows[-1].kind == "option"
    assert table.written is not None and table.written.answers == ()


def test_an_other_nobody_specified_prints_as_its_label():
    given = [("gp", 68), ("self_referral", 3), ("other", 2)]
    table = appendix_table(tidy(ticks("referred_by", given)), PATIENT, "referred_by")
    # The report's labels (table_label): "GP practice", and "Other" for the long printed one.
    assert shown(table) == [("GP practice", "68", 93), ("Self-referral", "3", 4), ("Other", "2", 3)]
    assert table.written is None


def test_other_not_specified_stands_only_beside_what_others_wrote():
    given = [("gp", 10), ("other", 2), ("other", 3, "Social Worker"), ("other", 1, "No one")]
    table = appendix_table(
        tidy(ticks("referred_by", given)), PATIENT, "referred_by", order="frequency"
    )
    assert shown(table) == [
        ("GP practice", "10", 63),
        ("Social Worker", "3", 19),
        ("Other - Not specified", "2", 13),
        ("No one", "1", 6),
    ]


def test_appendix_25_link_workers_time_in_role_rounds_half_up():
    given = [
        ("under_3_months", 1),
        ("under_12_months", 5),
        ("years_1_to_3", 8),
        ("years_3_plus", 2),
    ]
    frame = tidy(ticks("time_in_role", given, questionnaire="link_worker"))
    table = appendix_table(frame, LINK_WORKER, "time_in_role")
    assert shown(table) == [
        ("under 3 months", "1", 6),
        ("under 12 months", "5", 31),
        ("1-3 years", "8", 50),
        ("3+ years", "2", 13),
    ]
    assert table.base == 16
    assert table.number == "2"
    assert table.notes == ("Base: all 16 responses to the link worker survey",)


APPENDIX_22 = [
    ("gp", 13),
    ("practice_manager", 8),
    ("other", 5),
    ("pcn_manager", 2),
    ("other", 1, "Pharmacist"),
    ("other", 1, "pharmacist "),
    ("other", 2, "Receptionist"),
    ("other", 2, "Practice Administrator"),
    ("other", 1, "Advanced Nurse Practitioner (ANP)"),
    ("other", 1, "Assistant Practice Manager"),
    ("other", 1, "Care Co-ordinator"),
    ("other", 1, "Clinical admin"),
    ("clinical_director", 1),
    ("other", 1, "Mental  Health Practitioner"),
    ("other", 1, "Operations Manager"),
    ("other", 1, "Patient Services Manager"),
    ("other", 1, "Practice Nurse"),
    ("other", 1, "Reception Manager"),
]


def professional_frame() -> pd.DataFrame:
    return tidy(ticks("filling_in_as", APPENDIX_22, questionnaire="professional"))


def test_appendix_22_written_answers_are_rows_by_frequency():
    table = appendix_table(
        professional_frame(),
        PROFESSIONAL,
        "filling_in_as",
        order="frequency",
        other_groups={"PHARMACIST": "Pharmacist"},
    )
    assert [(row.label, row.shown) for row in table.rows] == [
        ("GP", "13"),
        ("Practice Manager", "8"),
        ("Other - Not specified", "5"),
        ("Primary Care Network Manager", "2"),
        ("Pharmacist", "2"),
        ("Practice Administrator", "2"),
        ("Receptionist", "2"),
        ("Clinical Director", "1"),
        ("Advanced Nurse Practitioner (ANP)", "1"),
        ("Assistant Practice Manager", "1"),
        ("Care Co-ordinator", "1"),
        ("Clinical admin", "1"),
        ("Mental Health Practitioner", "1"),
        ("Operations Manager", "1"),
        ("Patient Services Manager", "1"),
        ("Practice Nurse", "1"),
        ("Reception Manager", "1"),
    ]
    assert table.base == 44
    assert sum(row.count for row in table.rows) == 44
    assert table.rows[0].percent == 30  # "30% of responses came from GPs"
    assert table.rows[2].kind == "other_not_specified"
    assert table.rows[4] == TableRow("Pharmacist", 2, 5, "2", "other_text")


def test_printed_order_keeps_every_option_and_puts_written_answers_at_other():
    table = appendix_table(professional_frame(), PROFESSIONAL, "filling_in_as")
    labels = [row.label for row in table.rows]
    assert labels[:4] == [
        "Clinical Director",
        "GP",
        "Practice Manager",
        "Primary Care Network Manager",
    ]
    assert labels[-1] == "Other - Not specified"
    # Ungrouped, spellings differing only in case are still one row, as first written.
    assert labels.count("Pharmacist") == 1 and "pharmacist" not in labels
    # Written answers by frequency (two each first), ties in alphabetical order.
    assert labels[4:8] == [
        "Pharmacist",
        "Practice Administrator",
        "Receptionist",
        "Advanced Nurse Practitioner (ANP)",
    ]


def test_zero_options_are_listed_in_printed_order_only():
    frame = tidy(ticks("signposted", [("yes", 3), ("no", 1)]))
    printed = appendix_table(frame, PATIENT, "signposted")
    assert shown(printed) == [("Yes", "3", 75), ("No", "1", 25), ("Not sure", "0", 0)]
    by_frequency = appendix_table(frame, PATIENT, "signposted", order="frequency")
    assert shown(by_frequency) == [("Yes", "3", 75), ("No", "1", 25)]


def test_a_written_answer_grouped_as_a_printed_option_counts_in_that_option():
    given = [("gp", 2), ("other", 1, "my gp"), ("other", 1, "Nurse")]
    table = appendix_table(
        tidy(ticks("referred_by", given)), PATIENT, "referred_by", other_groups={"My GP": "GP"}
    )
    assert shown(table) == [
        ("GP practice", "3", 75),
        ("Self-referral", "0", 0),
        ("Nurse", "1", 25),
    ]


SIGNPOSTED = [("yes", 36), ("no", 29), ("not_sure", 11), (None, 10)]


def test_blanks_are_a_left_blank_row_in_the_base():
    table = appendix_table(tidy(ticks("signposted", SIGNPOSTED)), PATIENT, "signposted")
    assert shown(table) == [
        ("Yes", "36", 42),
        ("No", "29", 34),
        ("Not sure", "11", 13),
        ("Left blank", "10", 12),
    ]
    assert table.rows[-1].kind == "blank"
    assert table.base == 86


def test_blanks_can_be_excluded_from_the_base():
    table = appendix_table(
        tidy(ticks("signposted", SIGNPOSTED)), PATIENT, "signposted", exclude_blank=True
    )
    assert shown(table) == [("Yes", "36", 47), ("No", "29", 38), ("Not sure", "11", 14)]
    assert table.base == 76
    assert table.notes == ("Base: 76 responses to the patient survey, excluding 10 left blank",)


def test_frequency_order_breaks_ties_as_printed_and_keeps_blank_last():
    given = [("yes", 2), ("no", 5), ("not_sure", 5), (None, 9)]
    table = appendix_table(
        tidy(ticks("signposted", given)), PATIENT, "signposted", order="frequency"
    )
    assert [row.label for row in table.rows] == ["No", "Not sure", "Yes", "Left blank"]


def test_two_ticks_and_unreadable_answers_have_rows_before_left_blank():
    frame = tidy(
        [
            *ticks("signposted", [("yes", 3), (None, 1)]),
            answer(10, "signposted", state="multiple_ticked"),
            answer(11, "signposted", state="unreadable"),
            answer(12, "signposted", state="unreadable"),
        ]
    )
    table = appendix_table(frame, PATIENT, "signposted")
    assert [(row.label, row.count, row.kind) for row in table.rows[3:]] == [
        ("More than one ticked", 1, "multiple_ticked"),
        ("Unreadable", 2, "unreadable"),
        ("Left blank", 1, "blank"),
    ]
    assert table.base == 7


def test_nhs_suppression_marks_small_counts_and_states_the_rule():
    given = [("under_3_months", 3), ("under_12_months", 5), ("years_1_to_3", 8)]
    frame = tidy(ticks("time_in_role", given, questionnaire="link_worker"))
    table = appendix_table(frame, LINK_WORKER, "time_in_role", suppression=NHS_DISCLOSURE)
    assert [(row.shown, row.count, row.percent) for row in table.rows] == [
        ("<5", None, None),
        ("5", 5, 31),
        ("8", 8, 50),
        ("0", 0, 0),
    ]
    assert NHS_DISCLOSURE.rule in table.notes
    assert NHS_DISCLOSURE.rule == (
        "Counts from 1 to 4 are shown as <5 to protect identities (NHS disclosure control)."
    )


def test_a_suppression_marking_of_our_own():
    marking = suppression_marking(3)
    assert marking == Suppression(
        3, "*", "Counts from 1 to 2 are shown as * to protect identities."
    )
    frame = tidy(ticks("signposted", [("yes", 2), ("no", 3)]))
    table = appendix_table(frame, PATIENT, "signposted", suppression=marking)
    assert [row.shown for row in table.rows] == ["*", "3", "0"]
    with pytest.raises(ValueError, match="threshold must be 2 or more"):
        suppression_marking(1)


def test_multiple_choice_percentages_can_add_past_100():
    records = [
        answer(1, "visit_reasons", "check_up", questionnaire="every_type"),
        answer(1, "visit_reasons", "prescription", questionnaire="every_type"),
        answer(2, "visit_reasons", "check_up", questionnaire="every_type"),
        answer(2, "visit_reasons", "check_up", questionnaire="every_type"),  # keyed twice
        answer(2, "visit_reasons", "new_problem", questionnaire="every_type"),
        answer(3, "visit_reasons", "dont_know", questionnaire="every_type"),
        answer(4, "visit_reasons", state="blank", questionnaire="every_type"),
    ]
    table = appendix_table(tidy(records), EVERY_TYPE, "visit_reasons")
    assert table.multiple
    assert shown(table) == [
        ("A check-up", "2", 50),
        ("A new health problem", "1", 25),
        ("A prescription", "1", 25),
        ("Don't know", "1", 25),
        ("Left blank", "1", 25),
    ]
    assert sum(row.percent for row in table.rows) > 100
    assert table.notes == ("Base: all 4 responses to the every type survey", MULTIPLE_NOTE)
    assert MULTIPLE_NOTE == (
        "Respondents could choose more than one answer, "
        "so percentages can add up to more than 100%."
    )


def test_versions_with_the_same_question_ids_pool():
    v1 = ticks("signposted", [("yes", 3), ("no", 1)], version=1)
    v2 = ticks("signposted", [("yes", 1), ("not_sure", 3)], start=100, version=2)
    table = appendix_table(tidy(v1 + v2), PATIENT_V2, "signposted")
    assert table.base == 8
    assert shown(table) == [("Yes", "4", 50), ("No", "1", 13), ("Not sure", "3", 38)]


def test_the_base_is_every_response_to_the_instrument_and_only_that_instrument():
    frame = tidy(
        [
            *ticks("signposted", [("yes", 3)]),
            answer(9, "overall_rating", "good"),  # answered another question only
            *ticks("time_in_role", [("years_3_plus", 5)], start=50, questionnaire="link_worker"),
        ]
    )
    table = appendix_table(frame, PATIENT, "signposted")
    assert table.base == 4
    assert table.rows[0].percent == 75


def test_a_range_question_has_a_row_per_point():
    records = [
        answer(1, "life_satisfaction", "7", questionnaire="ons4", number=7.0),
        answer(2, "life_satisfaction", None, questionnaire="ons4", number=7.0),
        answer(3, "life_satisfaction", "10", questionnaire="ons4", number=10.0),
        answer(4, "life_satisfaction", "0", questionnaire="ons4", number=0.0),
    ]
    table = appendix_table(tidy(records), ONS4, "life_satisfaction")
    assert [row.label for row in table.rows] == [str(p) for p in range(11)]
    assert [row.count for row in table.rows] == [1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1]


def test_a_scale_question_lists_n_a_as_printed():
    frame = tidy(ticks("referral_ease", [("very_easy", 2), ("na", 2)]))
    table = appendix_table(frame, PATIENT, "referral_ease")
    assert [row.label for row in table.rows][-1] == "N/A"
    assert table.rows[-1].count == 2


def test_open_questions_are_not_tabulated():
    frame = tidy(ticks("signposted", [("yes", 1)]))
    with pytest.raises(ValueError, match="is a textarea question: its answers are themed"):
        appendix_table(frame, PATIENT, "referral_reason")
    with pytest.raises(ValueError, match="is a grid question"):
        appendix_table(frame, EVERY_TYPE, "support_hours")
    with pytest.raises(ValueError, match="has no question 'nope'"):
        appendix_table(frame, PATIENT, "nope")
    with pytest.raises(ValueError, match="Unknown table order"):
        appendix_table(frame, PATIENT, "signposted", order="alphabetical")


def test_appendix_tables_cover_every_closed_question_in_printed_order():
    frame = tidy(ticks("signposted", [("yes", 1)]))
    tables = appendix_tables(frame, PATIENT, order="frequency")
    ids = [table.question_id for table in tables]
    assert ids[:8] == [
        "filling_in_as",
        "referred_by",
        "referral_ease",
        "signposted",
        "used_service",
        "service_easy_access",
        "referral_helpful",
        "overall_rating",
    ]
    assert "age_band" in ids and "referral_reason" not in ids
    assert tables[3].rows == (TableRow("Yes", 1, 100, "1"),)


def test_categorical_columns_give_the_same_tables():
    frame = professional_frame()
    categorical = frame.astype(
        {c: "category" for c in ("state", "value_code", "other_text", "question_id")}
    )
    assert appendix_tables(categorical, PROFESSIONAL) == appendix_tables(frame, PROFESSIONAL)


def test_the_frame_is_not_changed():
    frame = professional_frame()
    before = frame.copy()
    appendix_table(frame, PROFESSIONAL, "filling_in_as", order="frequency", exclude_blank=True)
    pd.testing.assert_frame_equal(frame, before)


def test_a_follow_up_gives_both_bases():
    """'If Yes, was the service(s) easy to access?' over every respondent (as the report
    prints it, those not asked in Left blank) and over the six who said they used it."""
    used = ticks("used_service", [("yes", 6), ("no", 4)])
    easy = ticks("service_easy_access", [("yes", 4), ("no", 1), (None, 5)])
    table = appendix_table(tidy(used + easy), PATIENT, "service_easy_access")
    assert shown(table) == [
        ("Yes", "4", 40),
        ("No", "1", 10),
        ("Not sure", "0", 0),
        ("Left blank", "5", 50),
    ]
    assert table.base == 10 and table.routed_base == 6
    assert [(r.routed_count, r.routed_percent) for r in table.rows] == [
        (4, 67),
        (1, 17),
        (0, 0),
        (1, 17),
    ]
    assert table.notes[-1] == (
        "% of those asked: of the 6 respondents who answered 'Yes' to "
        "'Did you use the service(s) that you were referred to?'"
    )
    # A question asked of everyone has no second base.
    plain = appendix_table(tidy(used + easy), PATIENT, "used_service")
    assert plain.routed_base is None and plain.rows[0].routed_percent is None


def test_a_follow_up_answered_by_someone_not_asked_counts_only_among_everyone():
    used = ticks("used_service", [("yes", 2), ("no", 2)])
    easy = ticks("service_easy_access", [("yes", 2), ("no", 1), (None, 1)])
    table = appendix_table(tidy(used + easy), PATIENT, "service_easy_access")
    no = next(r for r in table.rows if r.label == "No")
    assert (no.count, no.routed_count) == (1, 0)
