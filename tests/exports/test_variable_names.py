"""Variable names each format accepts, made from question ids, and labels cut to a format's
limit on a whole character; checked against what pyreadstat itself accepts."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pyreadstat
import pytest

from exports.research.variable_names import (
    CSV_NAMES,
    SPSS_NAMES,
    STATA_NAMES,
    fitted,
    named_label,
    variable_names,
)

WANTED = [
    "referred_by",
    "in",  # Stata's
    "by",  # SPSS's
    "str12",  # Stata's too
    "q_" + "x" * 70,
    "q_" + "x" * 71,  # the same as the one before, once cut
    "splw_hours_monday_in_person",
    "referred_by",  # twice
    "visit_reasons_+4.5-plus",  # an option code with characters a name cannot hold
    "_private",
    "Referred_By",  # SPSS compares names without case
]


def test_names_are_kept_when_legal_and_free_and_made_so_otherwise():
    assert variable_names(WANTED, CSV_NAMES) == [
        "referred_by", "in", "by", "str12", "q_" + "x" * 70, "q_" + "x" * 71,
        "splw_hours_monday_in_person", "referred_by_2", "visit_reasons__4_5_plus",
        "v_private", "Referred_By",
    ]  # fmt: skip
    spss = variable_names(WANTED, SPSS_NAMES)
    assert spss[:4] == ["referred_by", "in", "by_", "str12"]
    assert spss[4] == ("q_" + "x" * 70)[:64] and spss[5] == ("q_" + "x" * 70)[:62] + "_2"
    assert spss[7] == "referred_by_2" and spss[10] == "Referred_By_3"
    stata = variable_names(WANTED, STATA_NAMES)
    assert stata[:4] == ["referred_by", "in_", "by", "str12_"]
    assert all(len(name) <= 32 for name in stata) and len(set(stata)) == len(stata)
    assert stata[10] == "Referred_By"  # Stata tells case apart


@pytest.mark.parametrize("rules", [SPSS_NAMES, STATA_NAMES])
def test_every_name_made_is_one_the_format_takes(tmp_path, rules):
    names = variable_names(WANTED, rules)
    frame = pd.DataFrame({name: [1.0] for name in names})
    if rules is SPSS_NAMES:
        pyreadstat.write_sav(frame, str(tmp_path / "names.sav"))
        found = pyreadstat.read_sav(str(tmp_path / "names.sav"))[1].column_names
    else:
        pyreadstat.write_dta(frame, str(tmp_path / "names.dta"), version=15)
        found = pyreadstat.read_dta(str(tmp_path / "names.dta"))[1].column_names
    assert found == names


def test_a_shorter_limit_still_gives_unique_names():
    rules = dataclasses.replace(STATA_NAMES, longest=10)
    names = variable_names(["abcdefghijkl", "abcdefghijkm", "abcdefghijkn"], rules)
    assert names == ["abcdefghij", "abcdefgh_2", "abcdefgh_3"]


def test_labels_are_cut_on_a_whole_character_keeping_the_detail():
    assert fitted("Short", 80, in_bytes=False, keep=": Monday") == "Short: Monday"
    cut = fitted("é" * 200, 256, in_bytes=True, keep=": Monday, In-Person")
    assert len(cut.encode("utf-8")) <= 256 and cut.endswith("…: Monday, In-Person")
    assert set(cut.split("…")[0]) == {"é"}  # no half of a character
    # Three-byte characters cut at a byte limit that falls inside one.
    euro = fitted("€" * 100, 120, in_bytes=True)
    assert euro == "€" * 39 + "…" and len(euro.encode("utf-8")) == 120
    assert fitted("x" * 100, 80, in_bytes=False) == "x" * 79 + "…"
    # A detail longer than the limit: the whole is cut.
    assert fitted("Q", 10, in_bytes=False, keep="y" * 20) == "Q" + "y" * 8 + "…"


def test_a_renamed_variable_names_its_full_name_in_its_label():
    assert named_label("3. Hours", "long_name", "long_na") == "long_name: 3. Hours"
    assert named_label("3. Hours", "hours", "hours") == "3. Hours"
