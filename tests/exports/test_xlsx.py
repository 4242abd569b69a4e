"""The spreadsheet helpers every workbook shares, read back through openpyxl."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from exports.xlsx import fit_a4_width, put, sheet_title


def test_text_that_looks_like_a_formula_is_kept_as_text_and_control_characters_go():
    book = Workbook()
    sheet = book.active
    put(sheet["A1"], '=HYPERLINK("http://x")')
    put(sheet["A2"], "Bell\x07 rang")
    put(sheet["A3"], 42)
    fit_a4_width(sheet, landscape=True)
    buffer = io.BytesIO()
    book.save(buffer)
    again = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert again["A1"].value == '=HYPERLINK("http://x")' and again["A1"].data_type == "s"
    assert again["A1"].quotePrefix is True
    assert again["A2"].value == "Bell rang" and again["A3"].value == 42
    assert again.page_setup.orientation == "landscape" and again.page_setup.fitToWidth == 1


def test_sheet_titles_are_cleaned_cut_and_never_repeat_whatever_the_case():
    assert sheet_title("a/b:c") == "a b c"
    assert sheet_title("***", fallback="questionnaire") == "questionnaire"
    long = "x" * 40
    first = sheet_title(long)
    assert len(first) == 31
    second = sheet_title(long.upper(), [first])
    assert second.endswith(" (2)") and len(second) == 31
    assert sheet_title("Patient", ["patient"], prefix="") == "Patient (2)"
