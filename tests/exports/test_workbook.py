"""The appendix workbook (.xlsx), read back with openpyxl and as raw XML."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import load_workbook

from analysis.results import AppendixTable, TableRow
from exports.csv import FORMULA_STARTS
from exports.workbook import (
    CONTENTS_SHEET,
    PERCENT_FORMAT,
    appendix_workbook,
    printed_title,
    sheet_title,
)
from tests.exports.samples import CARER, FILLING_IN_AS

PATIENT_SHEET = "Appendix tables – patient"
CARER_SHEET = "Appendix tables – carer"


FORMULA_LABELS = (
    '=HYPERLINK("http://example.com","click")',
    "+44 20 7946 0000",
    "-1",
    "@SUM(A1:A2)",
    "\tTabbed",
    "\rReturned",
)

SERVICES = AppendixTable(
    questionnaire="patient",
    question_id="services",
    number="5",
    title="Did you use the service(s)…",
    rows=(
        TableRow("GP", 60, 70, "60"),
        TableRow("Pharmacy", None, None, "<5", "option"),
        *(TableRow(label, 1, 1, "1", "other_text") for label in FORMULA_LABELS),
    ),
    base=86,
    multiple=True,
    notes=("More than one answer could be given.", "<5: fewer than five answers."),
)


TABLES = (FILLING_IN_AS, SERVICES, CARER)


def _write(tables=TABLES, **kwargs) -> bytes:
    buffer = io.BytesIO()
    kwargs.setdefault("title", "Social Prescribing")
    kwargs.setdefault("organisation", "Healthwatch Bromley")
    appendix_workbook(tables, buffer, **kwargs)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def data() -> bytes:
    return _write()


@pytest.fixture(scope="module")
def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def _find(sheet, value):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not on {sheet.title}")


def test_returns_the_number_of_tables_written_and_accepts_a_generator() -> None:
    buffer = io.BytesIO()
    count = appendix_workbook(
        (table for table in TABLES), buffer, title="T", organisation="O", first_number=1
    )
    assert count == 3
    assert load_workbook(io.BytesIO(buffer.getvalue())).sheetnames[0] == CONTENTS_SHEET


def test_writes_to_a_path(tmp_path) -> None:
    path = tmp_path / "appendix.xlsx"
    assert appendix_workbook(TABLES, path, title="T", organisation="O") == 3
    assert load_workbook(path).sheetnames == [CONTENTS_SHEET, PATIENT_SHEET, CARER_SHEET]
    assert appendix_workbook(TABLES, str(path), title="T", organisation="O") == 3


def test_one_sheet_per_questionnaire_after_the_contents(workbook) -> None:
    assert workbook.sheetnames == [CONTENTS_SHEET, PATIENT_SHEET, CARER_SHEET]


def test_contents_lists_every_table_with_its_sheet(workbook) -> None:
    rows = _rows(workbook[CONTENTS_SHEET])
    assert rows[0][0] == "Social Prescribing"
    assert rows[1][0] == "Healthwatch Bromley"
    assert rows[3] == ("Contents", "Sheet")
    assert rows[4:] == [
        ("Appendix 1 — 1. I am filling this in as (patient)", PATIENT_SHEET),
        ("Appendix 2 — 5. Did you use the service(s)… (patient)", PATIENT_SHEET),
        ("Appendix 3 — Hours caring each week (carer)", CARER_SHEET),
    ]
    assert workbook[CONTENTS_SHEET]["A1"].font.b


def test_contents_links_to_each_table_heading(workbook) -> None:
    contents = workbook[CONTENTS_SHEET]
    for row, (sheet, heading) in zip(
        (5, 6, 7),
        ((PATIENT_SHEET, "Appendix 1"), (PATIENT_SHEET, "Appendix 2"), (CARER_SHEET, "Appendix 3")),
        strict=True,
    ):
        link = contents.cell(row, 1).hyperlink
        assert link is not None and not link.target
        target_sheet, target_cell = link.location.rsplit("!", 1)
        assert target_sheet == f"'{sheet}'"
        assert workbook[sheet][target_cell].value == heading


def test_bromley_table_counts_percents_and_base(workbook) -> None:
    sheet = workbook[PATIENT_SHEET]
    assert _rows(sheet)[:7] == [
        ("Appendix 1", None, None),
        ("1. I am filling this in as", None, None),
        (None, "No.", "%"),
        ("A patient", 38, 44),
        ("A carer", 31, 36),
        ("Someone else", 17, 20),
        ("Base", 86, None),
    ]
    for row in (4, 5, 6):
        count, share = sheet.cell(row, 2), sheet.cell(row, 3)
        assert count.data_type == "n" and share.data_type == "n"
        assert share.number_format == PERCENT_FORMAT  # 44 shows as "44%"
    assert sheet["A1"].font.b and sheet["A2"].font.b
    assert sheet["B3"].font.b and sheet["C3"].font.b
    assert sheet["A7"].font.b and sheet["B7"].font.b
    assert sheet["A2"].alignment.wrap_text


def test_tables_are_stacked_with_a_blank_row_between(workbook) -> None:
    sheet = workbook[PATIENT_SHEET]
    rows = _rows(sheet)
    assert rows[7] == (None, None, None)
    assert rows[8][0] == "Appendix 2"
    assert rows[9][0] == "5. Did you use the service(s)…"
    carer = _rows(workbook[CARER_SHEET])
    assert carer[0][0] == "Appendix 3"
    assert carer[1][0] == "Hours caring each week"  # no printed number
    assert carer[-1] == ("Base", 20, None)


def test_suppressed_count_is_kept_as_text_without_a_percent(workbook) -> None:
    sheet = workbook[PATIENT_SHEET]
    label = _find(sheet, "Pharmacy")
    shown = sheet.cell(label.row, 2)
    assert shown.value == "<5" and shown.data_type == "s"
    assert sheet.cell(label.row, 3).value is None


def test_notes_follow_the_base_in_italics(workbook) -> None:
    sheet = workbook[PATIENT_SHEET]
    base = [cell for cell in sheet["A"] if cell.value == "Base"][1]
    first, second = sheet.cell(base.row + 1, 1), sheet.cell(base.row + 2, 1)
    assert (first.value, second.value) == SERVICES.notes
    assert first.font.i and second.font.i
    assert sheet.cell(base.row, 2).value == 86


def test_formula_like_labels_are_stored_as_text(workbook, data: bytes) -> None:
    sheet = workbook[PATIENT_SHEET]
    labels = [cell for cell in sheet["A"] if isinstance(cell.value, str)]
    for text in FORMULA_LABELS:
        assert text.startswith(FORMULA_STARTS)
        cell = next(cell for cell in labels if cell.value == text)
        assert cell.data_type == "s"
        assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml


def test_formula_like_title_organisation_and_notes_are_text() -> None:
    table = AppendixTable(
        questionnaire="=patient",
        question_id="q",
        number=None,
        title="=1+1",
        rows=(TableRow("-2", 1, 100, "1"),),
        base=1,
        notes=("=NOTE()",),
    )
    data = _write((table,), title="=TITLE()", organisation="@org")
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(
            "<f>" in archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_control_characters_are_dropped() -> None:
    table = AppendixTable("patient", "q", "1", "Title\x07", (TableRow("Bell\x07", 1, 100, "1"),), 1)
    workbook = load_workbook(io.BytesIO(_write((table,))))
    assert _rows(workbook[PATIENT_SHEET])[3][0] == "Bell"


def test_numbering_starts_at_first_number() -> None:
    workbook = load_workbook(io.BytesIO(_write(first_number=7)))
    contents = [row[0] for row in _rows(workbook[CONTENTS_SHEET])[4:]]
    assert contents[0].startswith("Appendix 7 — ")
    assert contents[-1].startswith("Appendix 9 — ")
    assert workbook[CARER_SHEET]["A1"].value == "Appendix 9"


def test_print_setup(workbook) -> None:
    for sheet in workbook:
        assert sheet.page_setup.orientation == "portrait"
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)  # 9
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    patient = workbook[PATIENT_SHEET]
    assert patient.column_dimensions["A"].width == 60
    assert patient.column_dimensions["B"].width == 9


def test_no_tables() -> None:
    buffer = io.BytesIO()
    assert appendix_workbook([], buffer, title="T", organisation="O") == 0
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == [CONTENTS_SHEET]
    assert _rows(workbook[CONTENTS_SHEET])[-1][0] == "No tables."


def test_printed_title() -> None:
    assert printed_title(FILLING_IN_AS) == "1. I am filling this in as"
    assert printed_title(CARER) == "Hours caring each week"


def test_sheet_titles_fit_excel_and_stay_unique() -> None:
    assert sheet_title("patient") == PATIENT_SHEET
    long = sheet_title("participant_before_and_after")
    assert len(long) == 31 and long.startswith("Appendix tables – participant")
    assert sheet_title("a/b:c*d?[e]") == "Appendix tables – a b c d  e"
    again = sheet_title("participant_before_and_after_2", [long])
    assert again != long and len(again) <= 31 and again.endswith("(2)")
    assert sheet_title("Patient", [PATIENT_SHEET]).endswith("(2)")
    assert sheet_title("") == "Appendix tables – questionnaire"


def test_questionnaires_whose_sheet_names_collide_get_their_own_sheets() -> None:
    first = AppendixTable("participant_before_x", "q", "1", "A", (TableRow("x", 1, 100, "1"),), 1)
    second = AppendixTable("participant_before_y", "q", "1", "B", (TableRow("x", 1, 100, "1"),), 1)
    workbook = load_workbook(io.BytesIO(_write((first, second))))
    assert len(workbook.sheetnames) == 3
    assert workbook.worksheets[1]["A2"].value == "1. A"
    assert workbook.worksheets[2]["A2"].value == "1. B"


def test_two_thousand_tables_stream_quickly() -> None:
    def tables():
        for index in range(2000):
            yield AppendixTable(
                questionnaire=("patient", "carer", "staff")[index * 3 // 2000],
                question_id=f"q{index}",
                number=str(index + 1),
                title=f"Question {index + 1}",
                rows=tuple(TableRow(f"Option {k}", 10 + k, 20 + k, str(10 + k)) for k in range(5)),
                base=60,
                notes=("A note.",),
            )

    buffer = io.BytesIO()
    started = time.perf_counter()
    assert appendix_workbook(tables(), buffer, title="Big", organisation="O") == 2000
    assert time.perf_counter() - started < 30
    workbook = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)
    assert workbook.sheetnames == [
        CONTENTS_SHEET,
        PATIENT_SHEET,
        CARER_SHEET,
        "Appendix tables – staff",
    ]
    contents = [
        row[0] if row else None for row in workbook[CONTENTS_SHEET].iter_rows(values_only=True)
    ]
    assert contents[-1] == "Appendix 2000 — 2000. Question 2000 (staff)"
    assert len(contents) == 4 + 2000
    workbook.close()
