"""Another system's export read through a saved source, on tables built here: its headers
renamed, its dates read in its own order, and its rows per contact grouped into referrals."""

from __future__ import annotations

import datetime as dt

import pytest

from surveyapp.importing.cells import CellError, parse_date
from surveyapp.importing.read import Table, TableRow
from surveyapp.importing.sources import (
    SourceMapping,
    mapping_problems,
    plan_source_records,
    proposed_mapping,
)


def table(header: list[str], *rows: list[str]) -> Table:
    return Table(header, [TableRow(n, cells) for n, cells in enumerate(rows, start=2)])


JOY = {
    "referral_id": "Referral Ref",
    "person_id": "Client ID",
    "referral_date": "Date referred",
    "practice": "GP Surgery",
    "needs": "Presenting needs",
    "support_offered": "Referred to",
    "discharge_date": "Closed",
}


def test_headers_are_renamed_and_dates_read_month_first():
    file = table(
        ["referral ref", "CLIENT  ID", "Date-referred", "GP Surgery", "Closed", "Notes"],
        ["J1", "C1", "03/04/2022", "Church Street", "05/20/2022", "rang twice"],
        ["J2", "C2", "12/31/2022", "", "", ""],
    )
    mapping = {k: v for k, v in JOY.items() if k not in ("needs", "support_offered")}
    plan = plan_source_records(file, SourceMapping(mapping, "month-first", name="Joy"))
    assert plan.problems == []
    assert plan.source == "Joy"
    assert plan.mapping == [
        ("referral_id", "referral ref"),
        ("person_id", "CLIENT  ID"),
        ("referral_date", "Date-referred"),
        ("practice", "GP Surgery"),
        ("discharge_date", "Closed"),
    ]
    assert plan.unknown_columns == ["Notes"]
    first, second = plan.rows
    assert first["referral_date"] == dt.date(2022, 3, 4)  # March the 4th, not 3 April
    assert first["discharge_date"] == dt.date(2022, 5, 20)
    assert (first["practice"], first["_row"]) == ("Church Street", 2)
    assert second["referral_date"] == dt.date(2022, 12, 31)


def test_the_same_dates_day_first_are_another_day_or_named():
    file = table(["Referral Ref", "Client ID", "Date referred"], ["J1", "C1", "03/04/2022"],
                 ["J2", "C2", "12/31/2022"])  # fmt: skip
    mapping = {k: JOY[k] for k in ("referral_id", "person_id", "referral_date")}
    plan = plan_source_records(file, SourceMapping(mapping, "day-first"))
    assert [r["referral_date"] for r in plan.rows] == [dt.date(2022, 4, 3)]
    [problem] = plan.problems
    assert (problem.row, problem.column) == (3, "C (Date referred)")
    assert "'12/31/2022' is not a real date: write day, month and year" in problem.message


def test_parse_date_takes_its_order_and_defaults_to_day_first():
    assert parse_date("02/03/2023") == dt.date(2023, 3, 2)
    assert parse_date("02/03/2023", "month-first") == dt.date(2023, 2, 3)
    assert parse_date("2023/03/02", "year-first") == dt.date(2023, 3, 2)
    assert parse_date("2023-03-02", "month-first") == dt.date(2023, 3, 2)
    with pytest.raises(CellError, match="does not start with its year"):
        parse_date("02/03/2023", "year-first")


PER_CONTACT = SourceMapping(
    {
        "referral_id": "Referral",
        "person_id": "Client",
        "referral_date": "Referred",
        "practice": "Practice",
        "needs": "Needs",
        "support_offered": "Support",
        "discharge_date": "Closed",
    },
    "day-first",
    contact_date_column="Contact date",
    name="Elemental",
)
CONTACTS = ["Referral", "Client", "Referred", "Practice", "Needs", "Support", "Contact date",
            "Closed"]  # fmt: skip


def test_rows_per_contact_become_one_referral_each():
    file = table(
        CONTACTS,
        ["E1", "C1", "01/03/2022", "Church St", "housing", "Shelter", "10/03/2022", ""],
        ["E2", "C2", "02/03/2022", "Lisson", "debt", "", "", ""],
        ["E1", "C1", "01/03/2022", "", "Housing; loneliness", "Men's shed; Shelter",
         "04/03/2022", ""],
        ["E1", "C1", "01/03/2022", "Church St", "debt", "", "20/03/2022", "30/06/2022"],
    )  # fmt: skip
    plan = plan_source_records(file, PER_CONTACT)
    assert plan.problems == []
    assert plan.contact_rows == 4
    assert ("first_contact_date", "the earliest Contact date of the referral's rows") in (
        plan.mapping
    )
    e1, e2 = plan.rows
    assert e1["_row"] == 2 and e2["_row"] == 3
    # The earliest contact (row 4), not the first row's.
    assert e1["first_contact_date"] == dt.date(2022, 3, 4)
    # Every need and support of its rows, once each, in the order they first appear.
    assert e1["needs"] == "housing;loneliness;debt"
    assert e1["support_offered"] == "Shelter;Men's shed"
    # A cell left empty on some rows says nothing: the practice and discharge of the others.
    assert e1["practice"] == "Church St"
    assert e1["discharge_date"] == dt.date(2022, 6, 30)
    assert e2["first_contact_date"] is None  # not contacted yet


def test_rows_of_a_referral_that_disagree_are_named_by_their_rows_and_kept_out():
    file = table(
        CONTACTS,
        ["E1", "C1", "01/03/2022", "Church St", "", "", "10/03/2022", ""],
        ["E2", "C2", "02/03/2022", "Lisson", "", "", "03/03/2022", ""],
        ["E1", "C1", "01/03/2022", "Lisson Grove", "", "", "12/03/2022", ""],
    )
    plan = plan_source_records(file, PER_CONTACT)
    assert [r["referral_id"] for r in plan.rows] == ["E2"]
    [problem] = plan.problems
    assert (problem.row, problem.column) == (2, "D (Practice)")
    assert problem.message == (
        "Referral E1's rows disagree on its practice (row 2 says 'Church St'; row 4 says "
        "'Lisson Grove'): a referral has one, correct the export"
    )


def test_a_bad_row_keeps_its_referral_out_and_rules_hold_for_the_referral():
    file = table(
        CONTACTS,
        ["E1", "C1", "01/03/2022", "", "", "", "10/03/2022", ""],
        ["E1", "C1", "01/03/2022", "", "", "", "31/02/2022", ""],
        ["E2", "C2", "05/03/2022", "", "", "", "03/03/2022", ""],
    )
    plan = plan_source_records(file, PER_CONTACT)
    assert plan.rows == []
    said = {(p.row, p.message) for p in plan.problems}
    assert (2, "Referral E1 is left out: row 3 of its 2 rows has the problems named") in said
    said = {(row, message[:40]) for row, message in said}
    assert (3, "'31/02/2022' is not a real date: write d") in said
    # E2's earliest contact is before its referral: named on its row, as in our own files.
    assert (4, "The first contact (03/03/2022) is before") in said


def test_a_mapped_first_contact_is_used_and_a_missing_header_blocks_the_file():
    mapping = SourceMapping(
        {**PER_CONTACT.columns, "first_contact_date": "First seen"},
        contact_date_column="Contact date",
        name="Elemental",
    )
    file = table(
        [*CONTACTS, "First seen"],
        ["E1", "C1", "01/03/2022", "", "", "", "10/03/2022", "", "02/03/2022"],
        ["E1", "C1", "01/03/2022", "", "", "", "04/03/2022", "", "02/03/2022"],
    )
    [e1] = plan_source_records(file, mapping).rows
    assert e1["first_contact_date"] == dt.date(2022, 3, 2)
    short = Table(CONTACTS[:-1], [])
    plan = plan_source_records(short, PER_CONTACT)
    [problem] = plan.blocking
    assert "No column 'Closed' in this file, and discharge_date is read from it" in str(problem)


def test_a_mapping_is_proposed_by_name_never_from_an_nhs_number():
    header = ["NHS Number", "Referral_Ref", "Client ID", "Date Referred", "GP surgery", "Sex",
              "Appointment date", "Notes"]  # fmt: skip
    proposed, contact = proposed_mapping(header)
    assert proposed == {
        "referral_id": "Referral_Ref",
        "person_id": "Client ID",
        "referral_date": "Date Referred",
        "practice": "GP surgery",
        "gender": "Sex",
    }
    assert contact == "Appointment date"
    assert proposed_mapping(["NHS number", "Referral date"])[0] == {
        "referral_date": "Referral date"
    }


def test_a_mapping_s_problems_are_named_per_column():
    problems = dict(
        mapping_problems(
            SourceMapping(
                {"referral_id": "Ref", "person_id": "NHS No", "practice": "Ref", "pcn": " "},
                "sideways",
                contact_date_column="ref",
            )
        )
    )
    assert "pseudonymous" in problems["person_id"]
    assert problems["practice"] == "'Ref' already feeds referral_id: choose another"
    assert "Choose the column that holds pcn" in problems["pcn"]
    assert "every referral needs one" in problems["referral_date"]
    assert "Choose how dates are written" in problems["date_order"]
    assert "already feeds referral_id" in problems["contact_date_column"]
    assert mapping_problems(SourceMapping(JOY)) == []
