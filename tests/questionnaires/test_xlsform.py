"""XLSForm in and out: every shipped definition goes out and back unchanged; forms written here
with openpyxl, cell by cell as a person would in Excel, are read with every type, column and
condition our definitions can hold, and refused, by sheet, row and column, where they cannot."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from pyxform.xls2json_backends import xlsx_to_dict
from pyxform.xls2xform import convert

from questionnaires import DEFINITIONS_ROOT, find_definition_files, load_file
from questionnaires.load import build, content_hash
from questionnaires.validate import check_meaning, check_structure
from questionnaires.xlsform import XLSFormProblem, read_xlsform, write_xlsform

SHIPPED = find_definition_files(DEFINITIONS_ROOT)


def workbook(
    survey: list[list[Any]],
    choices: list[list[Any]] | None = None,
    settings: list[list[Any]] | None = None,
) -> bytes:
    """An XLSForm as a person types it: first row the header, then one row per line."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows:
            extra = book.create_sheet(title)
            for row in rows:
                extra.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_ok(data: bytes) -> dict[str, Any]:
    result = read_xlsform(data, "form.xlsx")
    assert result.problems == [], [str(p) for p in result.problems]
    assert result.definition is not None
    return result.definition


def assert_valid(definition: dict[str, Any]) -> None:
    """Valid by schema.json and the meaning checks, as a definition file must be."""
    check_structure(definition, "read")
    check_meaning(build(definition, content_hash(definition)), "read")


def round_trip(definition: dict[str, Any]) -> dict[str, Any]:
    """Written as XLSForm, converted by pyxform without error, and read back."""
    data = write_xlsform(definition)
    convert(xlsform=data, validate=False, file_type=".xlsx")
    return read_ok(data)


# -- every definition we ship --------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_shipped_definition_goes_out_and_back_unchanged(path):
    questionnaire = load_file(path)
    expanded = dict(questionnaire.raw)
    back = round_trip(expanded)
    assert back == expanded
    # So publishing it again is recognised as the same version.
    assert content_hash(back) == questionnaire.content_sha256
    assert round_trip(back) == back


def test_includes_are_written_expanded_from_the_raw_file():
    """A definition as its YAML loads ({include: equality/v1}) is written with the shared
    sections in place, as the form prints them."""
    raw = {
        "key": "patient",
        "version": 1,
        "title": "With includes",
        "sections": [
            {
                "id": "mine",
                "title": "Mine",
                "questions": [{"id": "q", "number": "1", "type": "text", "text": "Q"}],
            },
            {"include": "contact/v1"},
        ],
    }
    back = round_trip(raw)
    assert [s["id"] for s in back["sections"]] == ["mine", "contact"]
    assert back["sections"][1]["kind"] == "contact"
    assert back["sections"][1]["retention_days"] == 365
    assert [q["id"] for q in back["sections"][1]["questions"]] == [
        "contact_name",
        "contact_email",
        "contact_phone",
    ]


def test_what_is_written_is_plain_xlsform():
    """A grid is a group of number questions; a write-in a text question shown when its option
    is chosen; show_if a relevant; max_length a constraint; sections field-list groups."""
    book = xlsx_to_dict(
        io.BytesIO(write_xlsform(load_file(DEFINITIONS_ROOT / "professional/v1.yaml")))
    )
    by_name = {row.get("name"): row for row in book["survey"] if row}
    assert by_name["about_you_and_practice"]["type"] == "begin group"
    assert by_name["about_you_and_practice"]["appearance"] == "field-list"
    assert by_name["filling_in_as"]["type"] == "select_one filling_in_as"
    assert by_name["filling_in_as_other"]["relevant"] == "selected(${filling_in_as}, 'other')"
    assert by_name["how_refer"]["appearance"] == "multiline"
    assert by_name["how_refer"]["constraint"] == "string-length(.) <= 5000"
    assert by_name["registered_people"]["constraint"] == ". >= 0"
    assert by_name["splw_hours"]["type"] == "begin group"
    cell = by_name["splw_hours__monday__in_person"]
    assert (cell["type"], cell["constraint"]) == ("decimal", ". >= 0 and . <= 24")
    assert (cell["grid_row"], cell["grid_column"]) == ("Monday", "In-Person")
    assert book["settings"][0]["form_id"] == "professional"
    # Questions with the same options share one list, as a hand-made form does.
    patient = xlsx_to_dict(
        io.BytesIO(write_xlsform(load_file(DEFINITIONS_ROOT / "patient/v2.yaml")))
    )
    types = {row["name"]: row["type"] for row in patient["survey"] if row.get("name")}
    assert types["used_service"] == types["signposted"] == "select_one signposted"


# -- a form as people write it -------------------------------------------------------------------

HEADER = [
    "type",
    "name",
    "label::English (en)",
    "label::Welsh (cy)",
    "hint::English (en)",
    "hint::Welsh (cy)",
    "required",
    "relevant",
    "constraint",
    "appearance",
]


def everything_form(number_column: bool = False) -> bytes:
    header = [*HEADER, "number"] if number_column else HEADER
    rows = [
        ["start", "start"],
        ["begin group", "visit", "Your visit", "Eich ymweliad", "About the visit", None],
        [
            "select_one yn",
            "seen",
            "Were you seen?",
            "A gawsoch eich gweld?",
            None,
            None,
            "yes",
            None,
            None,
            "horizontal",
        ],
        [
            "select_multiple help or_other",
            "helped",
            "What helped?",
            "Beth helpodd?",
            "Tick all",
            "Ticiwch",
            "no",
            "${seen} = 'yes'",
        ],
        [
            "text",
            "why_not",
            "Why not?",
            None,
            None,
            None,
            "false()",
            "not(selected(${seen}, 'yes'))",
            "string-length(.) <= 500",
            "multiline",
        ],
        [],
        [
            "integer",
            "visits",
            "How many visits?",
            None,
            None,
            None,
            "TRUE",
            None,
            ". >= 0 and . <= 50",
        ],
        [
            "decimal",
            "miles",
            "How far (miles)?",
            None,
            None,
            None,
            "true()",
            "${visits} != ''",
            "0 <= .",
        ],
        ["date", "when", "When?", None, None, None, "No"],
        ["end group"],
        ["begin_group", "about", "About you"],
        ["note", "thanks", "Thank you", "Diolch"],
        ["select_one gender", "gender", "Gender", None, None, None, "Yes"],
        [
            "text",
            "gender_other",
            "Please describe",
            None,
            None,
            None,
            None,
            "selected(${gender}, 'self')",
        ],
        [
            "text",
            "comments",
            "Anything else?",
            None,
            None,
            None,
            "true",
            "${seen} = 'yes' or (${visits} = '' and not(${gender} = 'man'))",
        ],
        ["end_group"],
        ["end", "end"],
    ]
    if number_column:
        numbers = {
            "seen": "1",
            "helped": "1a",
            "why_not": None,
            "visits": "2",
            "miles": "3",
            "when": "4",
            "gender": None,
            "comments": "5",
        }
        rows = [
            row + [None] * (len(HEADER) - len(row)) + [numbers.get(row[1])] if len(row) > 1 else row
            for row in rows
        ]
    return workbook(
        [header, *rows],
        [
            ["list_name", "name", "label::English (en)", "label::Welsh (cy)"],
            ["yn", "yes", "Yes", "Ydw"],
            ["yn", "no", "No", "Na"],
            ["help", "staff", "The staff", "Y staff"],
            ["help", "place", "The place", None],
            ["gender", "man", "Man", None],
            ["gender", "woman", "Woman", None],
            ["gender", "self", "Self-describe", None],
        ],
        [
            ["form_title", "form_id", "version", "default_language"],
            ["Visit survey", "visit_survey", "3", "English (en)"],
        ],
    )


def test_every_type_column_and_condition_is_read():
    definition = read_ok(everything_form())
    assert_valid(definition)
    assert {k: definition[k] for k in ("key", "version", "title", "language")} == {
        "key": "visit_survey",
        "version": 3,
        "title": "Visit survey",
        "language": "English (en)",
    }
    visit, about = definition["sections"]
    assert (about["id"], about["title"]) == ("about", "About you")
    assert (visit["id"], visit["title"], visit["intro"]) == (
        "visit",
        "Your visit",
        "About the visit",
    )
    assert visit["translations"] == {"Welsh (cy)": {"title": "Eich ymweliad"}}
    questions = {q["id"]: q for s in definition["sections"] for q in s["questions"]}
    # The start/end metadata ask nothing and are passed over.
    assert list(questions) == [
        "seen",
        "helped",
        "why_not",
        "visits",
        "miles",
        "when",
        "thanks",
        "gender",
        "comments",
    ]
    assert questions["seen"] == {
        "id": "seen",
        "number": "1",
        "type": "single",
        "text": "Were you seen?",
        "required": True,
        "translations": {"Welsh (cy)": {"text": "A gawsoch eich gweld?"}},
        "options": [
            {"code": "yes", "label": "Yes", "translations": {"Welsh (cy)": {"label": "Ydw"}}},
            {"code": "no", "label": "No", "translations": {"Welsh (cy)": {"label": "Na"}}},
        ],
        "layout": "inline",
    }
    helped = questions["helped"]
    assert helped["type"] == "multiple" and helped["required"] is False
    assert helped["help"] == "Tick all"
    assert helped["translations"] == {"Welsh (cy)": {"text": "Beth helpodd?", "help": "Ticiwch"}}
    assert helped["options"][-1] == {
        "code": "other",
        "label": "Other (please specify)",
        "other": True,
    }
    assert helped["show_if"] == {"question": "seen", "any_of": ["yes"]}
    why_not = questions["why_not"]
    assert (why_not["type"], why_not["max_length"], why_not["required"]) == ("textarea", 500, False)
    # not(selected): left blank or another option, exactly.
    assert why_not["show_if"] == {
        "any": [{"question": "seen", "answered": False}, {"question": "seen", "any_of": ["no"]}]
    }
    assert (
        questions["visits"]["type"],
        questions["visits"]["min"],
        questions["visits"]["max"],
    ) == ("number", 0, 50)
    assert "integer" not in questions["visits"] and questions["visits"]["required"] is True
    assert questions["miles"]["integer"] is False and questions["miles"]["min"] == 0
    assert "max" not in questions["miles"]
    assert questions["miles"]["show_if"] == {"question": "visits", "answered": True}
    assert questions["when"]["type"] == "date" and questions["when"]["required"] is False
    assert questions["thanks"] == {
        "id": "thanks",
        "type": "info",
        "text": "Thank you",
        "translations": {"Welsh (cy)": {"text": "Diolch"}},
    }
    # gender_other is the line to write beside 'self', not a question of its own.
    assert questions["gender"]["options"][2] == {
        "code": "self",
        "label": "Self-describe",
        "other": True,
    }
    assert questions["comments"]["show_if"] == {
        "any": [
            {"question": "seen", "any_of": ["yes"]},
            {
                "all": [
                    {"question": "visits", "answered": False},
                    {
                        "any": [
                            {"question": "gender", "answered": False},
                            {"question": "gender", "any_of": ["woman", "self"]},
                        ]
                    },
                ]
            },
        ]
    }
    # Without a number column, answerable questions are numbered 1..N (information texts not).
    assert [questions[q].get("number") for q in questions] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        None,
        "7",
        "8",
    ]
    assert round_trip(definition) == definition


def test_a_number_column_gives_the_printed_numbers():
    definition = read_ok(everything_form(number_column=True))
    numbers = {q["id"]: q.get("number") for s in definition["sections"] for q in s["questions"]}
    assert numbers == {
        "seen": "1",
        "helped": "1a",
        "why_not": None,
        "visits": "2",
        "miles": "3",
        "when": "4",
        "thanks": None,
        "gender": None,
        "comments": "5",
    }
    assert round_trip(definition) == definition


def test_questions_outside_groups_range_grid_and_our_columns():
    data = workbook(
        [
            [
                "type",
                "name",
                "label",
                "parameters",
                "min_label",
                "max_label",
                "appearance",
                "constraint",
                "grid_row",
                "grid_column",
                "unit",
                "key_question",
                "layout",
            ],
            ["range", "happy", "How happy?", "start=0 end=10 step=1", "Not at all", "Completely"],
            [
                "select_one agree",
                "agree",
                "I agree",
                None,
                None,
                None,
                "likert",
                None,
                None,
                None,
                None,
                "yes",
            ],
            [
                "select_one agree",
                "agree2",
                "I agree too",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "stacked",
            ],
            [
                "begin group",
                "hours",
                "Hours per day",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "hours",
            ],
            [
                "integer",
                "hours__mon__home",
                "Mon home",
                None,
                None,
                None,
                None,
                ". <= 24",
                "Monday",
                "At home",
            ],
            [
                "integer",
                "hours__mon__work",
                "Mon work",
                None,
                None,
                None,
                None,
                ". <= 24",
                "Monday",
                "At work",
            ],
            [
                "integer",
                "hours__tue__home",
                "Tue home",
                None,
                None,
                None,
                None,
                ". <= 24",
                "Tuesday",
                "At home",
            ],
            [
                "integer",
                "hours__tue__work",
                "Tue work",
                None,
                None,
                None,
                None,
                ". <= 24",
                "Tuesday",
                "At work",
            ],
            ["end group"],
        ],
        [
            ["list_name", "name", "label", "scale_value", "na"],
            ["agree", "agree", "Agree", 2],
            ["agree", "disagree", "Disagree", 1],
            ["agree", "na", "N/A", None, "yes"],
        ],
    )
    definition = read_ok(data)
    assert_valid(definition)
    # No settings sheet: the key from the file's name, version 1, titled by it.
    assert (definition["key"], definition["version"], definition["title"]) == ("form", 1, "form")
    (section,) = definition["sections"]
    assert (section["id"], section["title"]) == ("section_1", "form")
    happy, agree, agree2, hours = section["questions"]
    assert happy == {
        "id": "happy",
        "number": "1",
        "type": "range",
        "text": "How happy?",
        "min": 0,
        "max": 10,
        "min_label": "Not at all",
        "max_label": "Completely",
    }
    assert agree["type"] == "scale" and agree["layout"] == "inline" and agree["key_question"]
    assert agree["options"] == [
        {"code": "agree", "label": "Agree", "value": 2},
        {"code": "disagree", "label": "Disagree", "value": 1},
        {"code": "na", "label": "N/A", "na": True},
    ]
    assert agree2["layout"] == "stacked"
    assert hours == {
        "id": "hours",
        "number": "4",
        "type": "grid",
        "text": "Hours per day",
        "rows": [{"id": "mon", "label": "Monday"}, {"id": "tue", "label": "Tuesday"}],
        "columns": [{"id": "home", "label": "At home"}, {"id": "work", "label": "At work"}],
        "max": 24,
        "unit": "hours",
    }
    assert round_trip(definition) == definition


def test_names_are_made_ids_and_odd_versions_are_said():
    data = workbook(
        [["type", "name", "label"], ["text", "Your_Name", "Name"], ["text", "q1", "Q"]],
        None,
        [["form_title", "form_id", "version"], ["T", "My-Form", "2024031501"]],
    )
    result = read_xlsform(data, "form.xlsx")
    assert result.problems == []
    assert result.definition["key"] == "my_form"
    assert result.definition["version"] == 1
    assert [q["id"] for q in result.definition["sections"][0]["questions"]] == ["your_name", "q1"]
    notes = [str(n) for n in result.notes]
    assert "survey sheet, row 2, column 'name': 'Your_Name' is read as the id 'your_name'" in notes
    assert any(
        n.startswith("settings sheet, row 2, column 'version'") and "read as version 1" in n
        for n in notes
    )


# -- refusals, by sheet, row and column ----------------------------------------------------------


def problems_of(
    survey: list[list[Any]], choices: list[list[Any]] | None = None
) -> list[XLSFormProblem]:
    result = read_xlsform(
        workbook(
            survey,
            choices or [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]],
        ),
        "form.xlsx",
    )
    assert result.definition is None
    return result.problems


def test_a_repeat_is_refused_naming_its_row():
    found = problems_of(
        [
            ["type", "name", "label"],
            ["text", "a", "A"],
            ["begin repeat", "people", "Each person"],
            ["text", "who", "Who?"],
            ["end repeat"],
        ]
    )
    assert [(p.sheet, p.row, p.column) for p in found] == [("survey", 3, "type")]
    assert "repeat" in found[0].message and "fixed number" in found[0].message


@pytest.mark.parametrize(
    ("relevant", "says"),
    [
        ("${a} > 3", "compares with '>'"),
        ("${b} = 'x'", "select_multiple"),
        ("${t} = 'x'", "not a choice"),
        ("${later} = 'yes'", "not a question earlier"),
        ("regex(${t}, 'a')", "'regex'"),
        ("selected(${a}, 'yes'", "expected"),
        ("${a} = 'yes' and", "ends too early"),
    ],
)
def test_relevant_our_conditions_cannot_say_is_refused(relevant, says):
    found = problems_of(
        [
            ["type", "name", "label", "relevant"],
            ["select_one yn", "a", "A"],
            ["select_multiple yn", "b", "B"],
            ["text", "t", "T"],
            ["text", "c", "C", relevant],
            ["select_one yn", "later", "Later"],
        ]
    )
    assert [(p.sheet, p.row, p.column) for p in found] == [("survey", 5, "relevant")]
    assert says in found[0].message


@pytest.mark.parametrize(
    ("kind", "constraint", "says"),
    [
        ("integer", "regex(., '[0-9]')", "'regex'"),
        ("integer", ". != 3", "not a range"),
        ("decimal", ". > 0.5", "use >= or <="),
        ("integer", ". >= 1 and . >= 2", "min twice"),
        ("text", ". <= 3", "integer or decimal"),
        ("integer", "string-length(.) <= 3", "a text's longest length"),
        ("select_one yn", ". = 'yes'", "no constraint on a choice"),
    ],
)
def test_constraint_other_than_a_range_is_refused(kind, constraint, says):
    found = problems_of(
        [["type", "name", "label", "constraint"], ["text", "a", "A"], [kind, "x", "X", constraint]]
    )
    assert [(p.sheet, p.row, p.column) for p in found] == [("survey", 3, "constraint")]
    assert says in found[0].message


def test_other_refusals_name_sheet_row_and_column():
    found = problems_of(
        [
            ["type", "name", "label", "required"],
            ["geopoint", "where", "Where?"],
            ["text", "a", "A", "${x} = 'y'"],
            ["select_one missing", "b", "B"],
            ["select_one yn", "c", "C"],
        ],
        [
            ["list_name", "name", "label"],
            ["yn", "yes", "Yes"],
            ["yn", "not ok", "No"],
            ["yn", "maybe"],
        ],
    )
    where = {(p.sheet, p.row, p.column): p.message for p in found}
    assert "'geopoint' cannot be read" in where[("survey", 2, "type")]
    assert "write yes or no" in where[("survey", 3, "required")]
    assert "'missing' is not on the choices sheet" in where[("survey", 4, "type")]
    assert "cannot be a code" in where[("choices", 3, "name")]
    assert "has no label" in where[("choices", 4, "label")]


def test_our_meaning_checks_are_placed_on_the_question_row():
    found = problems_of(
        [
            ["type", "name", "label", "number"],
            ["text", "a", "A", "1"],
            ["text", "b", "B", "1"],
        ]
    )
    assert [(p.sheet, p.row) for p in found] == [("survey", 3)]
    assert "printed number '1' is used by 'a' and 'b'" in found[0].message


def test_what_pyxform_refuses_is_said_too():
    found = problems_of([["type", "name", "label"], ["text", "a", "A"], ["end group"]])
    assert any(p.row == 3 and "closes nothing" in p.message for p in found)
    result = read_xlsform(b"not a workbook", "form.xlsx")
    assert (
        result.definition is None and "cannot be read as a workbook" in result.problems[0].message
    )
    result = read_xlsform(b"", "form.csv")
    assert "not an Excel workbook" in result.problems[0].message


def test_problem_reads_as_a_sentence():
    assert str(XLSFormProblem("survey", 5, "relevant", "fix it")) == (
        "survey sheet, row 5, column 'relevant': fix it"
    )


def test_headers_are_read_in_every_spelling_the_specification_allows():
    """Upper case, the older single colon before a language, spaces for underscores and
    pyxform's aliases (caption for label) read as the one spelling; a select written the old
    way ("select one from ... or specify other") is the same select."""
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["TYPE", "Name", "Caption:English", "label:Welsh"])
    survey.append(["select one from yn or specify other", "smoker", "Do you smoke?", "Ydych chi?"])
    choices = book.create_sheet("choices")
    choices.append(["list name", "name", "label:English"])
    choices.append(["yn", "yes", "Yes"])
    choices.append(["yn", "no", "No"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_xlsform(buffer.getvalue(), "old.xlsx")
    assert result.problems == []
    [question] = result.definition["sections"][0]["questions"]
    assert question["text"] == "Do you smoke?" and question["type"] == "single"
    assert [o["label"] for o in question["options"]][:2] == ["Yes", "No"]
    assert any(o.get("other") for o in question["options"])  # or specify other: a line to write


def test_a_form_of_nothing_to_ask_and_an_unreadable_condition_are_said_in_words():
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "calculation", "relevant"])
    survey.append(["calculate", "total", "", "1 + 1", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    [problem] = read_xlsform(buffer.getvalue(), "calc.xlsx").problems
    assert "there is no question here our forms can hold" in problem.message
    survey.append(["text", "why", "Why?", "", "${total} >"])
    buffer = io.BytesIO()
    book.save(buffer)
    problems = read_xlsform(buffer.getvalue(), "calc.xlsx").problems
    said = [p for p in problems if p.column == "relevant"]
    assert (
        said
        and said[0].row == 3
        and "write a condition as ${question} = 'option'" in said[0].message
    )


def test_a_workbook_that_would_unzip_past_what_a_questionnaire_needs_is_refused_unread():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (65 * 2**20))  # compresses to ~65 kB
    [problem] = read_xlsform(buffer.getvalue(), "bomb.xlsx").problems
    assert problem.sheet == "workbook" and "would unzip to 65 MB" in problem.message


def test_an_uploaded_yaml_with_aliases_is_refused_before_it_is_expanded():
    from questionnaires.errors import DefinitionError
    from questionnaires.uploads import load_yaml_bytes

    laughs = b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    with pytest.raises(DefinitionError, match=r"uses YAML aliases \(\*name\)"):
        load_yaml_bytes(laughs, "laughs.yaml")
