"""The recommendations tracker workbook (.xlsx), read back with openpyxl and as raw XML."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from exports.tracker.data import ActionRow, DispatchRow, RecommendationRow
from exports.tracker.workbook import tracker_workbook

AS_OF = date(2023, 9, 15)

DISPATCHES = (
    DispatchRow(
        report_title="Social Prescribing",
        organisation="South East London Integrated Care Board",
        sent_on=date(2023, 7, 4),
        deadline=date(2023, 8, 1),
        extended_to=date(2023, 8, 14),
        received_on=date(2023, 8, 14),
        working_days_late=None,
        status_colour="green",
        status_reason="Response received 14 Aug 2023, by the extended deadline",
    ),
    DispatchRow(
        report_title="Social Prescribing",
        organisation="London Borough of Bromley",
        sent_on=date(2023, 7, 4),
        deadline=date(2023, 8, 1),
        extended_to=None,
        received_on=None,
        working_days_late=None,
        status_colour="red",
        status_reason="No response, 33 working days after the deadline",
    ),
    DispatchRow(
        report_title='=HYPERLINK("http://x")',
        organisation="+44 20 7946 0000",
        sent_on=date(2023, 9, 1),
        deadline=date(2023, 9, 29),
        extended_to=None,
        received_on=date(2023, 10, 2),
        working_days_late=1,
        status_colour="amber",
        status_reason="-1 day",
    ),
    DispatchRow(
        report_title="Draft report",
        organisation="Oxleas NHS Foundation Trust",
        sent_on=date(2023, 9, 14),
        deadline=date(2023, 10, 12),
        extended_to=None,
        received_on=None,
        working_days_late=None,
        status_colour="grey",
        status_reason="Not yet due",
    ),
)

RECOMMENDATIONS = (
    RecommendationRow(
        report_title="Social Prescribing",
        number=1,
        recommendation="PCNs develop a clear communication strategy.",
        addressed_to="PCNs",
        evidence="Appendix 10 (n=86); Appendix 12 (n=4)",
        smallest_base=4,
        few_answers=True,
        organisation="South East London Integrated Care Board",
        stance="Accepted",
        answer="Many PCNs have now established protected learning time.",
    ),
    RecommendationRow(
        report_title="Social Prescribing",
        number=2,
        recommendation="@SUM(A1) publicise the service",
        addressed_to="SEL ICB",
        evidence="Appendix 3 (n=120)",
        smallest_base=120,
        few_answers=False,
        organisation=None,
        stance=None,
        answer=None,
    ),
)

ACTIONS = (
    ActionRow(
        report_title="Social Prescribing",
        recommendation_number=2,
        organisation="South East London Integrated Care Board",
        description="Revised leaflet describing the service offer",
        owner="SEL ICB comms",
        due_on=date(2023, 9, 1),
        latest_review="Leaflet drafted",
        latest_review_on=date(2023, 8, 20),
        impact=None,
        status_colour="red",
        status_reason="Overdue since 1 Sep 2023",
    ),
    ActionRow(
        report_title="Social Prescribing",
        recommendation_number=5,
        organisation="PCNs",
        description="\tAdopt the SPLW evaluation toolkit",
        owner=None,
        due_on=None,
        latest_review=None,
        latest_review_on=None,
        impact="=1+1",
        status_colour="amber",
        status_reason="No due date",
    ),
)


@pytest.fixture(scope="module")
def data() -> bytes:
    return tracker_workbook(DISPATCHES, RECOMMENDATIONS, ACTIONS, AS_OF)


@pytest.fixture(scope="module")
def workbook(data):
    return load_workbook(io.BytesIO(data))


def _values(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(min_row=4, values_only=True)]


def _day(value: date | None) -> datetime | None:
    return None if value is None else datetime(value.year, value.month, value.day)


def test_sheets_title_row_and_headers(workbook):
    assert workbook.sheetnames == ["Reports", "Recommendations", "Actions"]
    for sheet in workbook:
        assert sheet["A1"].value == "Recommendations tracker as of 15 Sep 2023"
        assert sheet["A1"].font.b
        assert all(cell.font.b for cell in sheet[3] if cell.value)
        assert sheet.freeze_panes == "A4"
        last = sheet.max_column
        assert sheet.auto_filter.ref == f"A3:{sheet.cell(3, last).column_letter}{sheet.max_row}"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows == "$3:$3"
    assert [c.value for c in workbook["Reports"][3]] == [
        "Report",
        "Organisation",
        "Sent",
        "Deadline",
        "Extended to",
        "Response received",
        "Working days after the statutory deadline",
        "Status",
        "Reason",
    ]


def test_reports_rows_values_and_dates(workbook):
    sheet = workbook["Reports"]
    assert _values(sheet) == [
        (
            d.report_title,
            d.organisation,
            _day(d.sent_on),
            _day(d.deadline),
            _day(d.extended_to),
            _day(d.received_on),
            d.working_days_late,
            d.status_colour.capitalize(),
            d.status_reason,
        )
        for d in DISPATCHES
    ]
    for row in sheet.iter_rows(min_row=4, min_col=3, max_col=6):
        for cell in row:
            if cell.value is not None:
                assert cell.is_date and cell.number_format == "d mmm yyyy"
    assert sheet["G6"].data_type == "n"


def test_status_fills_by_colour(workbook):
    fills = [workbook["Reports"].cell(row, 8).fill for row in range(4, 8)]
    assert [fill.fill_type for fill in fills] == ["solid"] * 4
    assert [fill.fgColor.rgb[-6:] for fill in fills] == ["C6EFCE", "FFC7CE", "FFEB9C", "D9D9D9"]
    actions = workbook["Actions"]
    assert [actions.cell(row, 10).fill.fgColor.rgb[-6:] for row in (4, 5)] == ["FFC7CE", "FFEB9C"]
    assert actions["J4"].value == "Red" and actions["K4"].value == "Overdue since 1 Sep 2023"


def test_recommendation_rows(workbook):
    sheet = workbook["Recommendations"]
    assert _values(sheet) == [
        (
            r.report_title,
            r.number,
            r.recommendation,
            r.addressed_to,
            r.evidence,
            r.smallest_base,
            "Yes" if r.few_answers else None,
            r.organisation,
            r.stance,
            r.answer,
        )
        for r in RECOMMENDATIONS
    ]
    assert sheet["B4"].data_type == "n" and sheet["F4"].data_type == "n"
    assert sheet["C4"].alignment.wrap_text
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width


def test_action_rows(workbook):
    sheet = workbook["Actions"]
    assert _values(sheet) == [
        (
            a.report_title,
            a.recommendation_number,
            a.organisation,
            a.description,
            a.owner,
            _day(a.due_on),
            a.latest_review,
            _day(a.latest_review_on),
            a.impact,
            a.status_colour.capitalize(),
            a.status_reason,
        )
        for a in ACTIONS
    ]
    assert sheet["F4"].is_date and sheet["H4"].is_date


def test_formula_like_text_is_stored_as_text_never_run(workbook, data):
    literal = {
        ("Reports", "A6"): '=HYPERLINK("http://x")',
        ("Reports", "B6"): "+44 20 7946 0000",
        ("Reports", "I6"): "-1 day",
        ("Recommendations", "C5"): "@SUM(A1) publicise the service",
        ("Actions", "D5"): "\tAdopt the SPLW evaluation toolkit",
        ("Actions", "I5"): "=1+1",
    }
    for (name, ref), text in literal.items():
        cell = workbook[name][ref]
        assert cell.value == text
        assert cell.data_type == "s" and cell.data_type != "f"
        assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
        assert len(sheets) == 3
        for name in sheets:
            assert "<f>" not in archive.read(name).decode()
            assert "<f " not in archive.read(name).decode()


def test_illegal_characters_are_dropped_and_unknown_colours_refused():
    row = DispatchRow("Bad\x00 title\x07", "Org", AS_OF, AS_OF, None, None, None, "green", "ok")
    sheet = load_workbook(io.BytesIO(tracker_workbook([row], [], [], AS_OF)))["Reports"]
    assert sheet["A4"].value == "Bad title"
    with pytest.raises(ValueError, match="status colour"):
        tracker_workbook(
            [DispatchRow("R", "O", AS_OF, AS_OF, None, None, None, "blue", "")], [], [], AS_OF
        )


def test_empty_tracker_still_has_headers_and_filter():
    workbook = load_workbook(io.BytesIO(tracker_workbook([], [], [], AS_OF)))
    for sheet in workbook:
        assert sheet.max_row == 3
        assert sheet.auto_filter.ref.startswith("A3:")
