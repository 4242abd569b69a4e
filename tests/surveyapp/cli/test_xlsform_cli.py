"""``surveyapp questionnaires to-xlsform`` and ``from-xlsform``: a version out as XLSForm and back
as a definition file that validates; a form with problems prints each by sheet, row and column
and exits non-zero, writing nothing."""

from __future__ import annotations

import openpyxl
import yaml

from questionnaires import load_definition


def test_a_version_goes_out_as_xlsform_and_back_as_a_definition_file(app, tmp_path):
    runner = app.test_cli_runner()
    xlsx, back = tmp_path / "patient.xlsx", tmp_path / "patient.yaml"
    result = runner.invoke(args=["questionnaires", "to-xlsform", "patient/v2", "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(xlsx).sheetnames == ["survey", "choices", "settings"]
    result = runner.invoke(args=["questionnaires", "from-xlsform", str(xlsx), "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert "patient v2 written" in result.output
    assert yaml.safe_load(back.read_text(encoding="utf-8")) == dict(
        load_definition("patient", 2).raw
    )
    result = runner.invoke(args=["questionnaires", "to-xlsform", "patient/v99", "-o", str(xlsx)])
    assert result.exit_code == 1 and "no definition file patient/v99.yaml" in result.output
    result = runner.invoke(args=["questionnaires", "to-xlsform", "patient", "-o", str(xlsx)])
    assert result.exit_code == 1 and "is not KEY/vN" in result.output


def test_problems_are_printed_by_sheet_row_and_column(app, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "survey"
    for row in (
        ["type", "name", "label", "relevant"],
        ["integer", "age", "Age"],
        ["text", "why", "Why?", "${age} > 18"],
        ["begin repeat", "kids", "Each child"],
        ["end repeat"],
    ):
        book.active.append(row)
    form, out = tmp_path / "form.xlsx", tmp_path / "form.yaml"
    book.save(form)
    result = app.test_cli_runner().invoke(
        args=["questionnaires", "from-xlsform", str(form), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "survey sheet, row 3, column 'relevant': '${age} > 18' compares with '>'" in (
        result.output
    )
    assert "survey sheet, row 4, column 'type': 'begin repeat' (a repeat)" in result.output
    assert "2 problem(s) in form.xlsx; nothing written." in result.output
    assert not out.exists()
