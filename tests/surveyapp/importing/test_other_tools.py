"""Other survey tools' exports read as they come: each tool recognised from its header, the
mapping proposed from the wording (a column per option, the words written for Other, the tool's
own fields skipped or kept), cell texts matched to options, and a file read through a mapping
with every problem named by the export's own row and column."""

from __future__ import annotations

import pytest

from questionnaires.load import load_file
from surveyapp.importing.mapping import ColumnUse, ResponsesMapping, choice_parts, loose
from surveyapp.importing.proposal import propose
from surveyapp.importing.through_source import plan_through_source
from surveyapp.importing.tools import TOOLS, read_export
from surveyapp.models.interchange import SURVEY_TOOLS
from tests.conftest import VALID_DEFINITIONS
from tests.surveyapp.importing import exports as ex

DEFINITION = load_file(VALID_DEFINITIONS / "every_type" / "v1.yaml")


def proposed(data: bytes, name: str = "export.csv"):
    tool, rows, table = read_export(data, name)
    return table, propose(table, DEFINITION, tool, rows)


def uses(proposal) -> dict[str, str | None]:
    return {c.header: c.use.value if c.use else None for c in proposal.columns}


def as_mapping(proposal, name: str, values=None) -> ResponsesMapping:
    columns = {c.header: c.use for c in proposal.columns}
    return ResponsesMapping(
        name, proposal.tool, proposal.header_rows, columns, values or {}, proposal.date_order
    )


def test_every_tool_of_the_model_has_a_layout():
    assert set(TOOLS) == set(SURVEY_TOOLS)


def test_surveymonkey_two_header_rows_a_column_per_option():
    table, proposal = proposed(ex.csv_bytes(ex.SURVEYMONKEY))
    assert (proposal.tool, proposal.header_rows, proposal.date_order) == (
        "surveymonkey",
        2,
        "month-first",
    )
    said = uses(proposal)
    assert said["Respondent ID"] == "reference" and said["End Date"] == "submitted_at"
    assert said["Start Date"] is None and said["IP Address"] is None
    assert said[ex.PLACE] == "question:visit_place"
    assert said[f"{ex.PLACE} / Other (please specify)"] == "other:visit_place"
    assert said[f"{ex.REASONS} / A check-up"] == "option:visit_reasons:check_up"
    assert said[f"{ex.REASONS} / Don't know"] == "option:visit_reasons:dont_know"
    assert said[ex.LIFE] == "question:life_satisfaction"
    assert [(t.question, t.text, t.option) for t in proposal.texts] == [
        ("waiting_ease", "Very hard", None)
    ]
    plan = plan_through_source(table, DEFINITION, as_mapping(proposal, "SM"))
    # Row numbers are the file's own (two header rows: answers start on row 3).
    assert [(r.row, r.reference, str(r.submitted_on)) for r in plan.rows] == [
        (3, "SM:114227001", "2023-03-14"),
        (4, "SM:114227002", "2023-03-15"),
    ]
    first, second = ({a.question_id: a for a in r.answers} for r in plan.rows)
    assert [a.value_code for a in plan.rows[0].answers if a.question_id == "visit_reasons"] == [
        "check_up",
        "prescription",
    ]
    # Other's words alone: Other was chosen, its words kept.
    assert (second["visit_place"].value_code, second["visit_place"].other_text) == (
        "other",
        "The dentist",
    )
    assert first["postcode_area"].text == "BR1"
    assert [str(p) for p in plan.problems] == [
        "Row 5, column P (How easy was it to get an appointment?): 'Very hard' is not an option "
        "of question 4 (waiting_ease): choose the option it means when setting up the source "
        "'SM' again, or correct the file",
        "Row 5, column Q (Overall, how satisfied are you with your life nowadays?): '12' is not "
        "a whole number from 0 to 10: write one of 0, 1, ... 10",
    ]
    assert plan.columns["J (Where did you go?)"] == "question 1 (visit_place)"
    assert plan.columns["L (Why did you go? Tick all that apply. / A check-up)"] == (
        "question 2 (visit_reasons): 'A check-up' ticked"
    )


def test_google_forms_choices_joined_with_commas_and_other_as_the_answer():
    table, proposal = proposed(ex.csv_bytes(ex.GOOGLE_FORMS))
    assert proposal.tool == "google-forms" and proposal.header_rows == 1
    said = uses(proposal)
    assert said["Timestamp"] == "submitted_at"
    assert said[f"1. {ex.PLACE}"] == "question:visit_place"  # the printed number forgiven
    assert said[ex.EASE.upper()] == "question:waiting_ease"  # case forgiven
    assert said[ex.DATE] == "question:visit_date"
    # "Dont know" is "Don't know" (punctuation forgiven); the words for Other are listed.
    assert [(t.question, t.text) for t in proposal.texts] == [("visit_place", "The dentist")]
    values = {"visit_place": {loose("The dentist"): "other"}}
    plan = plan_through_source(table, DEFINITION, as_mapping(proposal, "GF", values))
    assert not plan.problems
    answers = [{a.question_id: a for a in r.answers} for r in plan.rows]
    assert answers[1]["visit_place"].other_text == "The dentist"
    assert answers[1]["visit_reasons"].value_code == "dont_know"
    assert answers[0]["visit_date"].date_value.isoformat() == "2023-03-14"
    # No response id: a row is known by what it says, the same in a later download.
    again = plan_through_source(table, DEFINITION, as_mapping(proposal, "GF", values))
    assert [r.reference for r in plan.rows] == [r.reference for r in again.rows]
    assert all(r.reference.startswith("GF:row-") for r in plan.rows)


def test_microsoft_forms_workbook_with_semicolons():
    table, proposal = proposed(ex.xlsx_bytes(ex.MICROSOFT_FORMS), "export.xlsx")
    assert proposal.tool == "microsoft-forms"
    said = uses(proposal)
    assert said["ID"] == "reference" and said["Completion time"] == "submitted_at"
    assert said["Email"] is None and said["Name"] is None
    plan = plan_through_source(table, DEFINITION, as_mapping(proposal, "MS"))
    assert not plan.problems and not proposal.texts
    assert [r.reference for r in plan.rows] == ["MS:1", "MS:2"]
    reasons = [a.value_code for a in plan.rows[0].answers if a.question_id == "visit_reasons"]
    assert reasons == ["check_up", "prescription"]  # the ";" after the last one is no answer


def test_limesurvey_full_text_headings_a_column_per_subquestion():
    table, proposal = proposed(ex.csv_bytes(ex.LIMESURVEY_TEXT))
    assert proposal.tool == "limesurvey" and proposal.date_order == "year-first"
    said = uses(proposal)
    assert said["id"] == "reference" and said["submitdate"] == "submitted_at"
    assert said["lastpage"] is None and said["seed"] is None
    assert said[f"{ex.REASONS} [A check-up]"] == "option:visit_reasons:check_up"
    assert said[f"{ex.PLACE} [Other]"] == "other:visit_place"
    plan = plan_through_source(table, DEFINITION, as_mapping(proposal, "LS"))
    assert not plan.problems
    second = {a.question_id: a for a in plan.rows[1].answers}
    assert (second["visit_place"].value_code, second["visit_place"].other_text) == (
        "other",
        "The dentist",
    )
    assert second["visit_reasons"].value_code == "dont_know"


def test_limesurvey_codes_are_proposed_by_number_and_left_for_staff_to_map():
    table, proposal = proposed(ex.csv_bytes(ex.LIMESURVEY_CODES))
    said = uses(proposal)
    assert said["Q1"] == "question:visit_place"  # by its printed number, to be checked
    assert said["Q1[other]"] == "other:visit_place"
    assert said["Q2[SQ001]"] is None  # which option SQ001 is, only staff know
    assert said["interviewtime"] is None and said["groupTime12"] is None
    assert said["Q1Time"] is None  # a timing, beside its question
    assert {(t.question, t.text) for t in proposal.texts} == {
        ("visit_place", "A1"), ("visit_place", "-oth-"),
        ("waiting_ease", "A1"), ("waiting_ease", "A2"),
    }  # fmt: skip
    columns = {c.header: c.use for c in proposal.columns}
    for n, code in enumerate(["check_up", "new_problem", "prescription", "dont_know"], 1):
        columns[f"Q2[SQ00{n}]"] = ColumnUse("option", "visit_reasons", code)
    values = {
        "visit_place": {"a1": "gp", "oth": "other"},
        "waiting_ease": {"a1": "very_easy", "a2": "fairly_easy"},
    }
    mapping = ResponsesMapping("LS codes", "limesurvey", 1, columns, values, "year-first")
    plan = plan_through_source(table, DEFINITION, mapping)
    assert not plan.problems
    first, second = ({a.question_id: a for a in r.answers} for r in plan.rows)
    assert first["visit_place"].value_code == "gp"
    assert [a.value_code for a in plan.rows[0].answers if a.question_id == "visit_reasons"] == [
        "check_up",
        "prescription",
    ]
    assert (second["visit_place"].value_code, second["visit_place"].other_text) == (
        "other",
        "The dentist",
    )
    assert second["visit_reasons"].value_code == "dont_know"


def test_smartsurvey_numbered_wording():
    table, proposal = proposed(ex.csv_bytes(ex.SMARTSURVEY))
    assert proposal.tool == "smartsurvey"
    said = uses(proposal)
    assert said["UserID"] == "reference" and said["Ended"] == "submitted_at"
    assert said["UserNo"] is None and said["Tracking Link"] is None
    assert said[f"2. {ex.REASONS}"] == "question:visit_reasons"
    plan = plan_through_source(table, DEFINITION, as_mapping(proposal, "SS"))
    assert not plan.problems
    assert [str(r.submitted_on) for r in plan.rows] == ["2023-03-14", "2023-03-15"]


def test_a_mapped_column_missing_from_a_later_file_blocks_and_new_columns_are_listed():
    table, proposal = proposed(ex.csv_bytes(ex.GOOGLE_FORMS))
    mapping = as_mapping(proposal, "GF")
    later = [[*ex.GOOGLE_FORMS[0][:-1], "A new question"], [*ex.GOOGLE_FORMS[1][:-1], "x"]]
    _tool, _rows, table = read_export(ex.csv_bytes(later), "later.csv", "google-forms")
    plan = plan_through_source(table, DEFINITION, mapping)
    assert [p.row for p in plan.problems] == [1]
    assert "No column 'What is the first part of your postcode?' in this file" in str(
        plan.problems[0]
    )
    assert plan.unknown_columns == ["A new question"] and plan.rows == []


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("A check-up, A prescription", ["A check-up", "A prescription"]),
        ("A check-up", ["A check-up"]),
        ("Pharmacy, late opening, A check-up", ["Pharmacy, late opening", "A check-up"]),
    ],
)
def test_a_label_with_a_comma_in_it_is_kept_whole(cell, parts):
    question = DEFINITION.question("visit_reasons")
    values = {loose("Pharmacy, late opening"): "prescription"}
    assert choice_parts(cell, question, "google-forms", values) == parts
