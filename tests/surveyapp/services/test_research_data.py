"""A questionnaire's data for researchers, through the database: two versions pooled (a
question renamed with ``replaces``, an option only the first version printed, a participant code
and timepoints only the second asks for), every question type and every answer state, imported
as returns are; each file read back with ``csv`` and ``pyreadstat`` and compared value by value,
label by label, with its missing values; and the contact details left nowhere in them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import shutil
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from sqlalchemy import select, update

from surveyapp.models import Answer, Response
from surveyapp.services.findings.research import research_data_file
from surveyapp.services.imports import import_returns
from surveyapp.services.studies import attach_instrument, get_study
from tests.conftest import VALID_DEFINITIONS

V2_CHANGES = [
    ("version: 1", "version: 2\nparticipant_code: true\ntimepoints:\n"
     "  - {code: before, label: Before support}\n  - {code: after, label: After support}"),
    ("      - id: visit_place\n", "      - id: place\n        replaces: [visit_place]\n"),
    ("          - {code: pharmacy, label: Pharmacy}\n",
     "          - {code: hospital, label: A hospital}\n"),
]  # fmt: skip
HEADER = (
    "reference,visit_place,visit_place_other,visit_reasons,visit_date,waiting_ease,"
    "waiting_better,life_satisfaction,visits_per_year,postcode_area,"
    "support_hours.weekday.in_person,support_hours.weekday.phone,"
    "support_hours.weekend.in_person,support_hours.weekend.phone,contact_name,contact_email"
)
V1_ROWS = [
    "r1,gp,,check_up;prescription,27/03/2023,very_easy,,7,3,=SUM(1),2.5,1,,,"
    "Zebedee Quux,zebedee.quux@example.org",
    "r2,pharmacy,,unreadable,,more than one ticked,Too far,unreadable,,BR1,unreadable,,,,,",
    "r3,other,My dentist,,,na,,,,,,,,,,",
]
V2_ROWS = [
    "r4,hospital,,dont_know,1/4/2023,fairly_easy,,0,,,,,,,Yvonne Xylo,07700 900123,P001,before",
    "r5,gp,,,,,,10,12,,,,,4,,,p002,after",
]
CONTACTS = ("Zebedee Quux", "zebedee.quux@example.org", "Yvonne Xylo", "07700 900123")
BLANK, NA, MULTIPLE, UNREADABLE = (
    "Left blank",
    "Not applicable",
    "More than one ticked",
    "Unreadable",
)


@pytest.fixture
def app_config(tmp_path):
    root = tmp_path / "questionnaires"
    shutil.copytree(VALID_DEFINITIONS / "every_type", root / "every_type")
    text = (root / "every_type" / "v1.yaml").read_text(encoding="utf-8")
    for old, new in V2_CHANGES:
        assert old in text
        text = text.replace(old, new)
    (root / "every_type" / "v2.yaml").write_text(text, encoding="utf-8")
    return {"QUESTIONNAIRES_DIR": str(root)}


@pytest.fixture
def study(app, published, session):
    published("research", "every_type/v1")
    attach_instrument(session, "research", "every_type/v2")
    session.commit()
    for version, rows, extra in (
        ("v1", V1_ROWS, ""),
        ("v2", V2_ROWS, ",participant_code,timepoint"),
    ):
        header = HEADER if version == "v1" else HEADER.replace("visit_place", "place")
        data = "\n".join([header + extra, *rows]).encode("utf-8")
        result = import_returns(
            session, "research", f"every_type/{version}", data, "returns.csv", dry_run=False,
            code=False,
        )  # fmt: skip
        assert not result.blocking and result.imported == len(rows), result.plan.problems
    # Not applicable: a state only a keyer's correction gives; set where r3 left boxes blank.
    r3 = session.scalar(select(Response.id).where(Response.source_reference == "r3"))
    session.execute(
        update(Answer)
        .where(
            Answer.response_id == r3,
            Answer.question_id.in_(["visits_per_year", "postcode_area", "visit_reasons"]),
        )
        .values(state="not_applicable")
    )
    session.commit()
    return get_study(session, "research")


def _references(session) -> dict[str, str]:
    return dict(session.execute(select(Response.source_reference, Response.reference)).all())


#: Each response's expected cells, by the CSV's column (the other files code the same).
EXPECTED = {
    "r1": {
        "version": "1", "channel": "import", "participant_code": "", "timepoint": "",
        "place": "gp", "place_other": "", "visit_reasons_check_up": "1",
        "visit_reasons_new_problem": "0", "visit_reasons_prescription": "1",
        "visit_reasons_dont_know": "0", "visit_date": "2023-03-27", "waiting_ease": "very_easy",
        "waiting_better": BLANK, "life_satisfaction": "7", "visits_per_year": "3",
        "postcode_area": "'=SUM(1)", "support_hours_weekday_in_person": "2.5",
        "support_hours_weekday_phone": "1.0",
        # Cells of a grid partly filled in have no answer at all: nothing, not a state.
        "support_hours_weekend_in_person": "", "support_hours_weekend_phone": "",
    },
    "r2": {
        "place": "pharmacy", "visit_reasons_check_up": UNREADABLE,
        "visit_reasons_dont_know": UNREADABLE, "visit_date": BLANK, "waiting_ease": MULTIPLE,
        "waiting_better": "Too far", "life_satisfaction": UNREADABLE, "visits_per_year": BLANK,
        "postcode_area": "BR1", "support_hours_weekday_in_person": UNREADABLE,
        "support_hours_weekday_phone": "",
    },
    "r3": {
        "place": "other", "place_other": "My dentist", "visit_reasons_check_up": NA,
        "waiting_ease": "na", "visits_per_year": NA, "postcode_area": NA,
        "life_satisfaction": BLANK,
        # A grid left blank as a whole: every cell.
        "support_hours_weekday_in_person": BLANK, "support_hours_weekend_phone": BLANK,
    },
    "r4": {
        "version": "2", "participant_code": "P001", "timepoint": "before", "place": "hospital",
        "visit_reasons_dont_know": "1", "visit_reasons_check_up": "0",
        "visit_date": "2023-04-01", "waiting_ease": "fairly_easy", "life_satisfaction": "0",
    },
    "r5": {
        "participant_code": "P002", "timepoint": "after", "place": "gp",
        "visit_reasons_check_up": BLANK, "life_satisfaction": "10", "visits_per_year": "12",
        "support_hours_weekend_phone": "4.0", "support_hours_weekday_in_person": "",
    },
}  # fmt: skip
COLUMNS = [
    "reference", "version", "channel", "participant_code", "timepoint", "submitted_at",
    "place", "place_other", "visit_reasons_check_up", "visit_reasons_new_problem",
    "visit_reasons_prescription", "visit_reasons_dont_know", "visit_date", "waiting_ease",
    "waiting_better", "life_satisfaction", "visits_per_year", "postcode_area",
    "support_hours_weekday_in_person", "support_hours_weekday_phone",
    "support_hours_weekend_in_person", "support_hours_weekend_phone",
]  # fmt: skip


def test_the_csv_has_a_row_per_response_and_a_column_per_question_option_and_cell(session, study):
    made = research_data_file(session, study, "every_type", "csv")
    assert made.filename == "research-every_type.csv" and made.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(made.data.decode("utf-8"))))
    assert list(rows[0]) == COLUMNS
    references = _references(session)
    by_reference = {row["reference"]: row for row in rows}
    assert set(by_reference) == set(references.values())
    for source, expected in EXPECTED.items():
        row = by_reference[references[source]]
        for column, value in expected.items():
            assert row[column] == value, (source, column, row[column])
    assert all(row["submitted_at"].endswith("Z") for row in rows)
    assert "5 responses" in made.summary


def _sav(session, study, tmp_path: Path):
    made = research_data_file(session, study, "every_type", "sav")
    path = tmp_path / "data.sav"
    path.write_bytes(made.data)
    return (*pyreadstat.read_sav(str(path), user_missing=True), made)


def _dta(session, study, tmp_path: Path):
    made = research_data_file(session, study, "every_type", "dta")
    path = tmp_path / "data.dta"
    path.write_bytes(made.data)
    return (*pyreadstat.read_dta(str(path), user_missing=True), made)


LABELS = {
    "reference": "Response reference",
    "participant_code": "Participant code",
    "timepoint": "Timepoint",
    "submitted_at": "Submitted (UTC)",
    "place": "1. Where did you go?",
    "place_other": '1. Where did you go?: written beside "Other (please specify)"',
    "visit_reasons_check_up": "2. Why did you go? Tick all that apply.: A check-up",
    "visit_reasons_dont_know": "2. Why did you go? Tick all that apply.: Don't know",
    "visit_date": "3. When was your visit?",
    "waiting_ease": "4. How easy was it to get an appointment?",
    "life_satisfaction": "6. Overall, how satisfied are you with your life nowadays?",
    "support_hours_weekend_phone": (
        "9. How many hours of support do you get in person and by phone?: Saturday and Sunday, "
        "By phone"
    ),
}
OPTION_LABELS = {
    # The newest version's options coded by printed order, then the option only v1 printed.
    "place": {1: "GP practice", 2: "A hospital", 3: "Other (please specify)", 4: "Pharmacy"},
    # A scale by its values; N/A after the largest.
    "waiting_ease": {
        4: "Very easy", 3: "Fairly easy", 2: "Not very easy", 1: "Not at all easy", 5: "N/A",
    },
    "visit_reasons_check_up": {0: "Not ticked", 1: "Ticked"},
    "life_satisfaction": {0: "Not at all", 10: "Completely"},
    "timepoint": {1: "Before support", 2: "After support"},
}  # fmt: skip
#: The CSV's words as each file codes them.
SPSS_CODES = {BLANK: -1, NA: -2, MULTIPLE: -3, UNREADABLE: -4}
STATA_CODES = {BLANK: "a", NA: "b", MULTIPLE: "c", UNREADABLE: "d"}
CODED = {
    "place": {"gp": 1, "hospital": 2, "other": 3, "pharmacy": 4},
    "waiting_ease": {"very_easy": 4, "fairly_easy": 3, "na": 5},
    "timepoint": {"before": 1, "after": 2},
}


def _expected_value(column: str, cell: str, states: dict[str, object]) -> object:
    """The value a .sav or .dta holds for the CSV's ``cell``."""
    if cell in states and column not in ("waiting_better", "postcode_area", "visit_date"):
        return states[cell]
    if column in CODED:
        return CODED[column][cell] if cell else None
    if column == "visit_date":
        return dt.date.fromisoformat(cell) if cell and cell not in states else None
    if column in ("participant_code", "place_other", "waiting_better", "postcode_area"):
        text = cell.lstrip("'")  # the apostrophe is the CSV's only
        return "" if text in states else text
    if column in ("version", "life_satisfaction", "visits_per_year") or column.startswith(
        ("visit_reasons_", "support_hours_")
    ):
        return float(cell) if cell else None
    return cell


def _same(found: object, expected: object) -> bool:
    if expected is None:
        return found is None or (isinstance(found, float) and math.isnan(found)) or found == ""
    if isinstance(found, pd.Timestamp | dt.datetime) and isinstance(expected, dt.date):
        return found.date() == expected
    return found == expected


@pytest.mark.parametrize("format", ["sav", "dta"])
def test_spss_and_stata_files_hold_the_values_labels_and_states_as_missing(
    session, study, tmp_path, format
):
    frame, meta, made = (_sav if format == "sav" else _dta)(session, study, tmp_path)
    states = SPSS_CODES if format == "sav" else STATA_CODES
    if format == "dta":
        # Stata's 32 characters, less two for the number pyreadstat adds to name a variable's
        # value labels (22 variables): the grid's in-person cells are cut, their labels say so.
        long = "support_hours_weekday_in_person"
        assert frame.columns[18] == long[:30]
        label = meta.column_names_to_labels[long[:30]]
        assert len(label) == 80 and label.startswith(f"{long}: 9. How many hours")
        assert label.endswith("…: Monday to Friday, In person")
        full = {name[:30]: name for name in COLUMNS}
        frame.columns = [full[c] for c in frame.columns]
        meta.column_names_to_labels = {full[c]: v for c, v in meta.column_names_to_labels.items()}
        meta.variable_value_labels = {full[c]: v for c, v in meta.variable_value_labels.items()}
    assert list(frame.columns) == COLUMNS
    assert made.filename == f"research-every_type.{format}"
    references = _references(session)
    rows = {ref: row for ref, row in zip(frame["reference"], frame.to_dict("records"), strict=True)}
    for source, expected in EXPECTED.items():
        row = rows[references[source]]
        for column, cell in expected.items():
            want = _expected_value(column, cell, states)
            assert _same(row[column], want), (format, source, column, row[column], want)
    # Every variable label, and the value labels of options, anchors and states.
    labels = meta.column_names_to_labels
    for column, label in LABELS.items():
        if format == "dta" and len(label) > 80:  # Stata's 80 characters: the wording is cut
            kept, _, tail = labels[column].partition("…")
            assert len(labels[column]) == 80 and label.startswith(kept), labels[column]
            assert tail == ": Saturday and Sunday, By phone"
            continue
        assert labels[column] == label, (column, labels[column])
    assert labels["version"] == "Version of the questionnaire answered"
    state_labels = {code: word for word, code in states.items()}
    for column, options in OPTION_LABELS.items():
        assert meta.variable_value_labels[column] == {**options, **state_labels}, column
    for column in ("visits_per_year", "support_hours_weekday_in_person", "version"):
        assert meta.variable_value_labels[column] == state_labels, column
    numeric = [c for c in COLUMNS if c in meta.variable_value_labels]
    assert len(numeric) == 14
    if format == "sav":
        for column in numeric:
            assert meta.missing_ranges[column] == [{"lo": -4.0, "hi": -1.0}], column
        assert meta.original_variable_types["place"] == "F8.0"
        assert meta.original_variable_types["support_hours_weekday_in_person"] == "F8.2"
        assert meta.variable_measure["waiting_ease"] == "ordinal"
        assert meta.variable_measure["place"] == "nominal"
    else:
        # Stata's extended missing values are missing by nature: the file says which it holds.
        assert set(meta.missing_user_values["waiting_ease"]) == {"a", "c"}
        assert set(meta.missing_user_values["visit_reasons_check_up"]) == {"a", "b", "d"}


@pytest.mark.parametrize("format", ["csv", "sav", "dta"])
def test_no_contact_detail_is_anywhere_in_the_files(session, study, format):
    made = research_data_file(session, study, "every_type", format)
    for detail in CONTACTS:
        for encoding in ("utf-8", "utf-16-le"):
            assert detail.encode(encoding) not in made.data, (format, detail)
    assert b"contact" not in made.data.lower()


def test_an_unknown_questionnaire_or_format_is_named(session, study):
    from surveyapp.services import NotFoundError

    with pytest.raises(NotFoundError, match=r"has no questionnaire 'patient'.*every_type"):
        research_data_file(session, study, "patient", "csv")
    with pytest.raises(NotFoundError, match=r"\.csv, \.sav or \.dta"):
        research_data_file(session, study, "every_type", "xlsx")
