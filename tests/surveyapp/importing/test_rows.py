"""Bulk import, the pure part: a CSV or XLSX file read into cells, checked against a definition."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from questionnaires import load_definition, load_file
from questionnaires.answers import GivenAnswer
from surveyapp.importing import (
    ImportFileError,
    ImportProblem,
    Table,
    TableRow,
    plan_import,
    read_table,
)
from tests.conftest import VALID_DEFINITIONS

EVERY_TYPE = VALID_DEFINITIONS / "every_type" / "v1.yaml"
PATIENT = load_definition("patient", 1)
PROFESSIONAL = load_definition("professional", 1)
ONS4 = load_definition("ons4", 1)


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def plan(rows: list[list[str]], definition=PATIENT):
    return plan_import(read_table(csv_bytes(rows), "returns.csv"), definition)


def where(plan_) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in plan_.problems]


# --- clean files --------------------------------------------------------------------------------


def test_a_clean_patient_file_maps_to_exactly_the_given_answers():
    result = plan(
        [
            ["Reference", "Q1", "referred_by_other", "3.", " referral_reason ", "4", "9", "ward"],
            ["R-1", "Other", "  pharmacist ", "Not Very  Easy", " Lonely \n", "YES", "", "2"],
            ["R-2", "gp", "", "NOT_VERY_EASY", "", "not sure", "5 (excellent)", ""],
            ["R-3", "OTHER", "", "n / a", "", "more than one ticked", "unreadable", ""],
        ]
    )
    assert result.problems == []
    assert result.rejected_rows == 0
    assert result.unknown_columns == []
    assert result.columns == {
        "Reference": "reference",
        "Q1": "referred_by",
        "referred_by_other": "referred_by_other",
        "3.": "referral_ease",
        "referral_reason": "referral_reason",
        "4": "signposted",
        "9": "overall_rating",
        "ward": "ward",
    }
    first, second, third = result.rows
    assert (first.row, first.reference, first.serial) == (2, "R-1", None)
    assert first.answers == (
        GivenAnswer("referred_by", value_code="other", other_text="pharmacist"),
        GivenAnswer("referral_reason", text="Lonely"),
        GivenAnswer("referral_ease", value_code="not_very_easy"),
        GivenAnswer("signposted", value_code="yes"),
        GivenAnswer("ward", value_code="bickley_and_sundridge"),  # the second box
    )
    assert second.answers == (
        GivenAnswer("referred_by", value_code="gp"),
        GivenAnswer("referral_ease", value_code="not_very_easy"),
        GivenAnswer("signposted", value_code="not_sure"),
        GivenAnswer("overall_rating", value_code="excellent"),
    )
    # Other chosen with nothing specified is fine ("Other - Not specified").
    assert third.answers == (
        GivenAnswer("referred_by", value_code="other"),
        GivenAnswer("referral_ease", value_code="na"),
        GivenAnswer("signposted", state="multiple_ticked"),
        GivenAnswer("overall_rating", state="unreadable"),
    )


def test_every_type_multiple_choice_numbers_dates_grid_and_contact():
    definition = load_file(EVERY_TYPE)
    result = plan(
        [
            [
                "serial",
                "visit_place",
                "visit_place_other",
                "visit_reasons",
                "visit_date",
                "6",
                "visits_per_year",
                "support_hours.weekday.in_person",
                "SUPPORT_HOURS__weekend__phone",
                "contact_email",
                "submitted_at",
            ],
            [
                "P-001",
                "Other (please specify)",
                "walk-in centre",
                "prescription; A CHECK-UP;check_up",
                "27/03/2023",
                "7",
                "1,234",
                "2.5",
                "0",
                " a@example.org ",
                "2023-04-01",
            ],
            [
                "P-002",
                "pharmacy",
                "",
                "Don't know",
                "27 3 2023",
                "0",
                "-3",
                "",
                "24",
                "",
                "2023-04-02T10:30:00",
            ],
        ],
        definition,
    )
    assert result.problems == []
    first, second = result.rows
    assert first.serial == "P-001" and first.reference is None
    assert first.submitted_on == dt.date(2023, 4, 1)
    assert first.answers == (
        GivenAnswer("visit_place", value_code="other", other_text="walk-in centre"),
        GivenAnswer("visit_reasons", value_code="check_up"),
        GivenAnswer("visit_reasons", value_code="prescription"),
        GivenAnswer("visit_date", date_value=dt.date(2023, 3, 27)),
        GivenAnswer("life_satisfaction", value_code="7", number=7.0),
        GivenAnswer("visits_per_year", number=1234.0),  # above max 365: kept, flagged elsewhere
        GivenAnswer("support_hours", item="weekday.in_person", number=2.5),
        GivenAnswer("support_hours", item="weekend.phone", number=0.0),
    )
    assert first.contact == {"contact_email": "a@example.org"}
    assert all(a.question_id != "contact_email" for a in first.answers)
    assert second.submitted_on == dt.date(2023, 4, 2)
    assert second.answers == (
        GivenAnswer("visit_place", value_code="pharmacy"),
        GivenAnswer("visit_reasons", value_code="dont_know"),
        GivenAnswer("visit_date", date_value=dt.date(2023, 3, 27)),
        GivenAnswer("life_satisfaction", value_code="0", number=0.0),
        GivenAnswer("visits_per_year", number=-3.0),
        GivenAnswer("support_hours", item="weekend.phone", number=24.0),
    )
    assert second.contact == {}


def test_professional_grid_cells_by_id_and_by_printed_number():
    result = plan(
        [
            [
                "reference",
                "registered_people",
                "splw_hours.monday.in_person",
                "3.friday.remote",
                "splw_hours__tuesday__in-person",
            ],
            ["7", "12,345", "7.5", "1", ""],
        ],
        PROFESSIONAL,
    )
    assert result.problems == []
    assert result.rows[0].answers == (
        GivenAnswer("registered_people", number=12345.0),
        GivenAnswer("splw_hours", item="monday.in_person", number=7.5),
        GivenAnswer("splw_hours", item="friday.remote", number=1.0),
    )


def test_ons4_participant_code_timepoint_and_range():
    result = plan(
        [
            ["reference", "participant_code", "Timepoint", "1", "2", "3", "4"],
            ["a", " bw-017 ", "Before support (at the start)", "0", "10", "5", ""],
            ["b", "bw-017", "AFTER", "8", "", "", "3"],
        ],
        ONS4,
    )
    assert result.problems == []
    first, second = result.rows
    assert (first.participant_code, first.timepoint) == ("BW-017", "before")
    assert (second.participant_code, second.timepoint) == ("BW-017", "after")
    assert first.answers == (
        GivenAnswer("life_satisfaction", value_code="0", number=0.0),
        GivenAnswer("worthwhile", value_code="10", number=10.0),
        GivenAnswer("happiness", value_code="5", number=5.0),
    )


# --- problems -----------------------------------------------------------------------------------


def test_one_of_each_problem_gives_exactly_one_message_each():
    result = plan(
        [
            ["reference", "referred_by", "referred_by_other", "3", "5", "signposted", "colour"],
            ["r1", "nurse", "", "", "", "", ""],  # unknown option
            ["r2", "gp; self referral", "", "", "", "", ""],  # two options in a single choice
            ["r3", "gp", "pharmacist", "", "", "", ""],  # other text without other
            ["", "", "", "fairly easy", "", "", ""],  # no reference
            ["r5", "gp", "", "very easy", "yes", "no", "blue"],  # clean (5 and colour ignored)
        ]
    )
    assert where(result) == [
        (1, "E (5)"),
        (1, "G (colour)"),
        (2, "B (referred_by)"),
        (3, "B (referred_by)"),
        (4, "C (referred_by_other)"),
        (5, "A (reference)"),
    ]
    messages = [str(p) for p in result.problems]
    assert messages[0] == (
        "Row 1, column E (5): more than one question of patient v1 prints 5. "
        "(signposted_to, used_service): name the column by the question id instead, "
        "signposted_to or used_service"
    )
    assert "matches no question of patient v1" in messages[1]
    assert "or remove the column" in messages[1]
    assert messages[2] == (
        "Row 2, column B (referred_by): 'nurse' is not an option of question 1 (referred_by): "
        "write one of gp, self_referral, other, or the label as printed"
    )
    assert messages[3] == (
        "Row 3, column B (referred_by): 'gp; self referral' gives 2 options where one is asked: "
        "keep one, or write 'more than one ticked'"
    )
    assert messages[4] == (
        "Row 4, column C (referred_by_other): 'pharmacist' is written under 'please specify' but "
        "referred_by is not 'Other' (other): choose other, or move the text"
    )
    assert messages[5] == (
        "Row 5, column A (reference): this row has no reference or serial: write a reference in "
        "column A (reference), unique to this row"
    )
    assert result.rejected_rows == 4
    assert [r.row for r in result.rows] == [6]
    # "5" matches two questions rather than none: it is not one to ignore.
    assert result.unknown_columns == ["colour"]
    assert result.rows[0].answers == (
        GivenAnswer("referred_by", value_code="gp"),
        GivenAnswer("referral_ease", value_code="very_easy"),
        GivenAnswer("signposted", value_code="no"),
    )
    assert [p.row for p in result.header_problems] == [1, 1]


def test_text_in_a_number_and_other_number_problems():
    result = plan(
        [
            ["reference", "registered_people", "1", "splw_hours.monday.remote"],
            ["a", "about 20", "", ""],
            ["b", "7,5", "2.5", "many"],
        ],
        PROFESSIONAL,
    )
    assert [str(p) for p in result.problems] == [
        "Row 2, column B (registered_people): 'about 20' is not a number: write the number, "
        "like 20",
        "Row 3, column B (registered_people): '7,5' is not a number as written: use a point for "
        "decimals, like 7.5, and commas only between thousands, like 1,234",
        "Row 3, column C (1): '2.5' is not a whole number: this question takes whole numbers, "
        "like 20",
        "Row 3, column D (splw_hours.monday.remote): 'many' is not a number: write the number, "
        "like 20",
    ]
    assert result.rows == []


def test_a_file_without_reference_or_serial_has_one_header_problem():
    result = plan([["referred_by"], ["gp"], ["other"]])
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.row, problem.column) == (1, "")
    assert str(problem).startswith("Row 1: the file has no reference or serial column: add a ")
    assert "named reference holding a value unique to each row" in problem.message
    assert "response ID, or the row number" in problem.message
    assert result.header_problems == [problem]
    assert result.rejected_rows == 0 and len(result.rows) == 2


def test_the_same_reference_twice_names_the_earlier_row():
    result = plan([["reference", "serial"], ["x1", ""], ["x2", "000012-5"], ["x1", "0000125"]])
    assert [str(p) for p in result.problems] == [
        "Row 4, column A (reference): reference 'x1' is already on row 2: give each row its own "
        "reference, or delete one of the rows if they are the same return",
        "Row 4, column B (serial): serial '0000125' is already on row 3: give each row its own "
        "serial, or delete one of the rows if they are the same return",
    ]
    assert [r.row for r in result.rows] == [2, 3]


def test_header_problems_duplicate_grid_info_other_and_meta_columns():
    definition = load_file(EVERY_TYPE)
    result = plan(
        [
            [
                "reference",
                "visit_place",
                "Q1",
                "welcome",
                "support_hours",
                "life_satisfaction_other",
                "support_hours.monday.phone",
                "participant_code",
                "visit_plase",
                "",
            ],
            ["a", "", "", "", "", "", "", "", "", "stray"],
        ],
        definition,
    )
    messages = {p.column: p.message for p in result.problems}
    assert messages["C (Q1)"] == (
        "this column is visit_place again, like column B (visit_place): keep one of the two columns"
    )
    assert messages["D (welcome)"] == "welcome is text only and takes no answer: remove the column"
    assert "like support_hours.weekday.in_person" in messages["E (support_hours)"]
    assert "no 'please specify' option" in messages["F (life_satisfaction_other)"]
    assert "its rows are weekday, weekend" in messages["G (support_hours.monday.phone)"]
    assert messages["H (participant_code)"] == (
        "every_type v1 asks for no participant code: remove the column"
    )
    assert "(did you mean visit_place?)" in messages["I (visit_plase)"]
    assert messages["J"].startswith("this column has values but no heading")
    assert all(p.row == 1 for p in result.problems)
    assert result.unknown_columns == ["visit_plase"]
    assert result.rows[0].row == 2


def test_cell_problems_for_ranges_dates_text_choices_and_exclusive_options():
    definition = load_file(EVERY_TYPE)
    result = plan(
        [
            [
                "reference",
                "visit_reasons",
                "visit_date",
                "life_satisfaction",
                "postcode_area",
                "waiting_ease",
                "visit_place",
            ],
            ["a", "dont_know; prescription", "27/3/23", "11", "BR1 1AA XYZ", "5", ""],
            ["b", "check-up, prescription", "31/02/2023", "6.5", "", "", "4"],
            ["c", "", "next week", "", "", "", ""],
        ],
        definition,
    )
    messages = [str(p) for p in result.problems]
    assert messages == [
        "Row 2, column B (visit_reasons): 'Don't know' (dont_know) cannot be ticked with other "
        "options: keep it alone, or remove it from 'dont_know; prescription'",
        "Row 2, column C (visit_date): '27/3/23' has a two-digit year: write the year in full, "
        "like 27/03/2023",
        "Row 2, column D (life_satisfaction): '11' is not a whole number from 0 to 10: write one "
        "of 0, 1, ... 10",
        "Row 2, column E (postcode_area): 'BR1 1AA XYZ' is 11 characters long; at most 8 are "
        "taken here: shorten it",
        # The scale's values (4..1) run against its boxes (1..5): a number could be misread.
        "Row 2, column F (waiting_ease): '5' is not an option of question 4 (waiting_ease): write "
        "one of very_easy, fairly_easy, not_very_easy, not_at_all_easy, na, or the label as "
        "printed (an option's number is not accepted here, as it could be misread)",
        "Row 3, column B (visit_reasons): 'check-up, prescription' is not an option of question 2 "
        "(visit_reasons): write one of check_up, new_problem, prescription, dont_know, or the "
        "label as printed (separate ticked options with ;)",
        "Row 3, column C (visit_date): '31/02/2023' is not a real date: write day, month and "
        "year, like 27/03/2023",
        "Row 3, column D (life_satisfaction): '6.5' is not a whole number from 0 to 10: write one "
        "of 0, 1, ... 10",
        "Row 3, column G (visit_place): '4' is not an option of question 1 (visit_place): write "
        "one of gp, pharmacy, other, or the label as printed (the boxes are numbered 1 to 3)",
        "Row 4, column C (visit_date): 'next week' is not a date: write day, month and year, like "
        "27/03/2023 (or 2023-03-27)",
    ]
    assert result.rejected_rows == 3


def test_option_numbers_are_refused_where_labels_carry_numbers():
    result = plan([["reference", "overall_rating"], ["a", "5"], ["b", "5 (Excellent)"]])
    assert where(result) == [(2, "B (overall_rating)")]
    assert result.rows[0].answers == (GivenAnswer("overall_rating", value_code="excellent"),)


def test_timepoint_and_reference_problems():
    result = plan(
        [["reference", "timepoint", "submitted_at"], ["x" * 65, "during", "yesterday"]], ONS4
    )
    assert [p.column for p in result.problems] == [
        "A (reference)",
        "B (timepoint)",
        "C (submitted_at)",
    ]
    assert "holds at most 64" in result.problems[0].message
    assert result.problems[1].message == (
        "'during' is not a timepoint of ons4 v1: write before or after"
    )


def test_a_header_with_no_rows_under_it_is_a_problem():
    result = plan([["reference", "referred_by"]])
    assert [str(p) for p in result.problems] == [
        "Row 1: there are no rows of answers under the header row: add one row per returned "
        "questionnaire, or upload the file that holds them"
    ]


def test_columns_past_z_are_named_by_their_letters_and_sorted_by_position():
    header = ["reference"] + [f"extra{i}" for i in range(27)]
    result = plan([header, ["a"] + [""] * 27])
    assert [p.column for p in result.problems][-3:] == [
        "Z (extra24)",
        "AA (extra25)",
        "AB (extra26)",
    ]


def test_problem_text_without_a_column():
    assert str(ImportProblem(1, "", "fix it")) == "Row 1: fix it"
    assert (
        str(ImportProblem(4, "F (referred_by)", "fix it"))
        == "Row 4, column F (referred_by): fix it"
    )


# --- reading files ------------------------------------------------------------------------------


def test_cp1252_csv_from_excel_on_windows():
    data = csv_bytes(
        [["reference", "referral_reason"], ["1", "Café costs £5 – too much"]], encoding="cp1252"
    )
    table = read_table(data, "RETURNS.CSV")
    assert table.rows == [TableRow(2, ["1", "Café costs £5 – too much"])]


def test_utf8_bom_and_semicolon_csv():
    data = "\ufeff" + "reference;referred_by;referral_reason\n1;gp;Far away, and late\n"
    table = read_table(data.encode("utf-8"), "returns.csv")
    assert table.header == ["reference", "referred_by", "referral_reason"]
    assert table.rows == [TableRow(2, ["1", "gp", "Far away, and late"])]
    assert plan_import(table, PATIENT).rows[0].answers[0] == GivenAnswer(
        "referred_by", value_code="gp"
    )


def test_tab_separated_and_excel_sep_hint():
    tabbed = read_table(b"reference\treferred_by\n1\tgp\n", "r.csv")
    assert tabbed.rows == [TableRow(2, ["1", "gp"])]
    both = read_table(b'reference;"Who referred you, or why?"\n1;gp, then nurse\n', "r.csv")
    assert both.rows == [TableRow(2, ["1", "gp, then nurse"])]
    hinted = read_table(b"sep=;\r\nreference;referred_by\r\n1;gp\r\n", "r.csv")
    assert (hinted.header, hinted.rows) == (
        ["reference", "referred_by"],
        [TableRow(2, ["1", "gp"])],
    )


def test_the_header_must_be_row_1():
    with pytest.raises(ImportFileError, match=r"Row 1 of 'r.csv' is empty.*above row 3"):
        read_table(b",\n\nreference,referred_by\n1,gp\n", "r.csv")


def test_empty_rows_are_skipped_but_keep_their_numbers():
    table = read_table(b"reference,referred_by\n1,gp\n,\n\n3,other\n,,\n\n", "r.csv")
    assert table == Table(
        header=["reference", "referred_by"],
        rows=[TableRow(2, ["1", "gp"]), TableRow(5, ["3", "other"])],
    )
    short = read_table(b"reference,referred_by,x\n1\n", "r.csv")
    assert short.rows == [TableRow(2, ["1", "", ""])]


def test_xlsx_numbers_and_dates_read_back_as_a_person_reads_them():
    data = xlsx_bytes(
        [
            ["reference", 1, "visit_date", "visits_per_year", "submitted_at", "flag"],
            [12.0, "gp", dt.date(2023, 3, 27), 7.5, dt.datetime(2023, 4, 1, 10, 30), True],
            [None, None, None, None, None, None],
            [13, "pharmacy", "27/03/2023", 1234, None, None],
            [],
        ]
    )
    table = read_table(data, "returns.xlsx")
    assert table.header == [
        "reference",
        "1",
        "visit_date",
        "visits_per_year",
        "submitted_at",
        "flag",
    ]
    assert table.rows == [
        TableRow(2, ["12", "gp", "2023-03-27", "7.5", "2023-04-01T10:30:00", "TRUE"]),
        TableRow(4, ["13", "pharmacy", "27/03/2023", "1234", "", ""]),
    ]
    definition = load_file(EVERY_TYPE)
    result = plan_import(table, definition)
    assert where(result) == [(1, "F (flag)"), (2, "D (visits_per_year)")]  # 7.5 visits: whole
    assert result.rows[0].reference == "13"
    assert result.rows[0].answers == (
        GivenAnswer("visit_place", value_code="pharmacy"),
        GivenAnswer("visit_date", date_value=dt.date(2023, 3, 27)),
        GivenAnswer("visits_per_year", number=1234.0),
    )


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("returns.xls", b"\xd0\xcf\x11\xe0", "old Excel .xls file"),
        ("returns.ods", b"PK", "save the spreadsheet as a .csv file (CSV UTF-8) or an .xlsx"),
        ("returns.txt", b"a,b", "is not a CSV or XLSX file"),
        ("returns.csv", b"", "is empty"),
        ("returns.csv", b",,\n ,\n", "has no header row"),
        ("returns.csv", b"\x81\x8d\x00", "could not be read as text"),
        ("returns.csv", xlsx_bytes([["a"]]), "rename it to end in .xlsx"),
        ("returns.xlsx", b"not a zip", "could not be opened as an Excel workbook"),
        ("returns.xlsx", xlsx_bytes([]), "has no header row"),
    ],
)
def test_files_that_cannot_be_read_say_what_to_do(filename, data, expected):
    with pytest.raises(ImportFileError) as caught:
        read_table(data, filename)
    assert expected in str(caught.value)
    if filename.endswith(".xls"):
        assert ".xlsx" in str(caught.value) and "CSV" in str(caught.value)


# --- the text rule every input keeps --------------------------------------------------------------


def test_a_nul_in_a_quoted_cell_is_that_cell_s_problem_not_the_file_s():
    result = plan(
        [
            ["reference", "referral_reason", "anything_else"],
            ["a", "Feeling\x00 low", "Thanks"],
            ["b", "Cafe\u0301 visits", "Fine"],
        ]
    )
    assert where(result) == [(2, "B (referral_reason)")]
    assert "invisible character (U+0000 NULL)" in result.problems[0].message
    (kept,) = result.rows
    assert [a.text for a in kept.answers if a.question_id == "referral_reason"] == ["Café visits"]


def test_a_binary_file_named_csv_is_refused_as_not_text():
    with pytest.raises(ImportFileError, match="may not be a CSV file"):
        read_table(bytes(range(256)) * 40, "photo.csv")


def test_a_participant_code_is_measured_as_stored():
    result = plan(
        [["reference", "participant_code", "1"], ["a", "ß" * 40, "7"], ["b", "straße", "7"]],
        ONS4,
    )
    assert where(result) == [(2, "B (participant_code)")]
    assert "80 characters long as stored" in result.problems[0].message
    assert [r.participant_code for r in result.rows] == ["STRASSE"]


# --- files that are not what they seem ----------------------------------------------------------


def test_a_workbook_that_would_expand_past_the_limit_is_refused_before_it_is_opened(
    monkeypatch,
):
    data = xlsx_bytes([["reference", "anything_else"], *[["r", "x" * 200]] * 200])
    monkeypatch.setattr("surveyapp.importing.read.MAX_XLSX_EXPANDED", 20_000)
    with pytest.raises(ImportFileError, match=r"would expand to .* MB when opened"):
        read_table(data, "returns.xlsx")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_over_the_row_limit_is_refused_as_it_is_read(kind):
    rows = [["reference", "anything_else"], *[[f"r{n}", "x"] for n in range(3)], ["", ""]]
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    assert len(read_table(data, f"returns.{kind}", max_rows=3).rows) == 3  # blanks not counted
    with pytest.raises(ImportFileError) as refused:
        read_table(data, f"returns.{kind}", max_rows=2)
    assert str(refused.value).startswith(
        f"'returns.{kind}' has more than 2 rows of answers, more than are imported through the "
        "web at once: split it into files of up to 2 rows"
    )
    assert len(read_table(data, f"returns.{kind}").rows) == 3  # no limit by default


def test_a_formula_whose_result_was_never_saved_is_named_not_imported_as_blank():
    data = xlsx_bytes([["reference", "life_satisfaction"], ["a", "=3+4"]])
    with pytest.raises(ImportFileError, match=r"Cell B2 of 'returns.xlsx' holds a formula"):
        read_table(data, "returns.xlsx")


def test_a_csv_in_shift_jis_is_read_in_its_own_encoding():
    text = "病院までの交通が不便でした。予約も取りにくかったです。"
    data = csv_bytes(
        [["reference", "referral_reason"], ["a", text], ["b", "待ち時間が長かった"]],
        encoding="shift_jis",
    )
    table = read_table(data, "returns.csv")
    assert table.rows[0].cells[1] == text


def test_a_csv_from_excel_on_windows_is_still_read_as_windows_1252():
    data = csv_bytes([["reference", "referral_reason"], ["a", "Café – “good”"]], encoding="cp1252")
    assert read_table(data, "returns.csv").rows[0].cells[1] == "Café – “good”"
