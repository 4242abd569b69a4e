"""CSV for spreadsheets: text that a spreadsheet would run is shown instead."""

import pandas as pd

from exports.csv import spreadsheet_csv


def test_formula_like_text_is_shown_not_run_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {"text": ['=HYPERLINK("x")', "+44 20", "-", "@SUM(A1)", "\tTab", "fine"], "n": range(6)}
    )
    lines = spreadsheet_csv(frame).splitlines()
    assert lines[1] == '"\'=HYPERLINK(""x"")",0'
    assert lines[2] == "'+44 20,1"
    assert lines[3] == "'-,2"
    assert lines[4] == "'@SUM(A1),3"
    assert lines[6] == "fine,5"
    assert frame["text"][0] == '=HYPERLINK("x")'  # the caller's frame is not changed
