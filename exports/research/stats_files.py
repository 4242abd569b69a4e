"""The files for researchers, from :func:`exports.research.data.research_data`: a wide CSV, an
SPSS ``.sav`` and a Stata ``.dta`` (written with ``pyreadstat``, on ReadStat, the library R's
``haven`` reads them with: ``haven::read_sav(path, user_na = TRUE)`` keeps the missing codes).

**Names** follow each format's rules (:mod:`exports.research.variable_names`); a name that had to
change has the full one at the start of its label.

**Labels.** A variable's label is the printed question ("3. How did you hear about ..."); a
column of an option, a grid cell or a write-in line adds what it is (": GP practice", ":
Monday, In-Person"). Value labels are the printed options (1 ... as
:func:`exports.research.data.option_numbers` codes them; 1 "Ticked" and 0 "Not ticked" for an
option's own column; the printed anchors of a 0-10 scale). SPSS keeps at most 256 bytes of a
variable label and 120 of a value label, Stata 80 characters of a variable label: a longer one
is cut here on a whole character and ends in "…", the question's wording cut before the
option's, row's or column's words, which stay whole.

**Answer states** (left blank, not applicable, more than one ticked, unreadable):

- SPSS: the codes -1, -2, -3 and -4, declared as one user-missing range -4 to -1, each with its
  value label. A numeric variable holding a value of -1 or less would be read as missing: its
  codes are then the four whole numbers below its smallest value, in the same order.
- Stata: the extended missing values ``.a``, ``.b``, ``.c`` and ``.d``, each with its label.
- CSV: the words, "Left blank", "Not applicable", "More than one ticked", "Unreadable".

A text or date variable cannot hold a code in SPSS or Stata: there a state is an empty text or a
missing date (the CSV keeps its words). In the CSV an option is written as its code (as the
long answers CSV and imports write it), dates as 2023-07-04, times as 2023-07-04T14:05:00Z,
and text a spreadsheet would run as a formula starts with an apostrophe (:mod:`exports.csv`).
"""

from __future__ import annotations

import dataclasses
import io
import math
import tempfile
from pathlib import Path
from typing import Any, Final, cast

import numpy as np
import pandas as pd
import pyreadstat
from pyreadstat.pyclasses import MissingRange

from exports.csv import FORMULA_STARTS
from exports.research.data import STATES, ResearchData, Variable
from exports.research.variable_names import (
    CSV_NAMES,
    SPSS_NAMES,
    STATA_NAMES,
    fitted,
    named_label,
    variable_names,
)
from questionnaires.answers import STATE_LABELS

__all__ = [
    "FORMATS",
    "SPSS_LABEL_BYTES",
    "SPSS_VALUE_LABEL_BYTES",
    "STATA_LABEL_CHARACTERS",
    "STATA_MISSING",
    "research_csv",
    "research_file",
    "spss_missing_codes",
    "write_dta",
    "write_sav",
]

#: Each format, as the file's name ends, and what it is called.
FORMATS: Final[dict[str, str]] = {
    "csv": "CSV (one row per response)",
    "sav": "SPSS",
    "dta": "Stata",
}
SPSS_LABEL_BYTES: Final = 256
SPSS_VALUE_LABEL_BYTES: Final = 120
STATA_LABEL_CHARACTERS: Final = 80
#: Stata keeps 32,000 bytes of a value label; options are never near it.
STATA_VALUE_LABEL_BYTES: Final = 32_000
#: Each state's extended missing value in Stata, in ``STATES``' order.
STATA_MISSING: Final = ("a", "b", "c", "d")
#: Rows of the CSV made at once: the text of a few thousand responses, not of all of them.
CSV_ROWS: Final = 5_000


def research_file(data: ResearchData, format: str) -> bytes:
    """The file ``format`` (``csv``, ``sav`` or ``dta``) of ``data``, as bytes (the CSV in
    UTF-8)."""
    if format == "csv":
        return research_csv(data).encode("utf-8")
    if format not in ("sav", "dta"):
        raise ValueError(f"There is no research file '{format}': csv, sav or dta")
    # ReadStat writes to a file; it is read back, then removed.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data.{format}"
        (write_sav if format == "sav" else write_dta)(data, path)
        return path.read_bytes()


# -- CSV ----------------------------------------------------------------------------------------


def research_csv(data: ResearchData) -> str:
    """``data`` as CSV text: a header of names, then a row per response."""
    names = variable_names([v.name for v in data.variables], CSV_NAMES)
    out = io.StringIO()
    pd.DataFrame(columns=names).to_csv(out, index=False)
    for start in range(0, data.responses, CSV_ROWS):
        end = start + CSV_ROWS
        chunk = {
            name: _csv_cells(
                v, data.values[v.name].iloc[start:end], data.states[v.name].iloc[start:end]
            )
            for name, v in zip(names, data.variables, strict=True)
        }
        pd.DataFrame(chunk).to_csv(out, index=False, header=False)
    return out.getvalue()


def _csv_cells(variable: Variable, values: pd.Series, states: pd.Series) -> pd.Series:
    """One column's cells: the values as the CSV writes them, a state's words in its place."""
    if variable.kind == "code":
        cells = values.map({float(n): code for n, code in variable.options}).astype(object)
        cells = cells.where(cells.notna(), None)
    elif variable.kind == "number":
        # Built as objects: pandas would make whole numbers beside None floats again.
        numbers = values.to_numpy(float)
        held = np.full(len(numbers), None, dtype=object)
        present = ~np.isnan(numbers)
        held[present] = numbers[present].astype(np.int64) if variable.whole else numbers[present]
        cells = pd.Series(held, index=values.index, dtype=object)
    elif variable.kind == "date":
        cells = values.map(lambda d: d.isoformat() if d is not None else None)
    elif variable.kind == "moment":
        cells = values.dt.strftime("%Y-%m-%dT%H:%M:%SZ").astype(object)
        cells = cells.where(values.notna(), None)
    else:
        cells = _shown_not_run(values)
    stated = states.to_numpy() > 0
    if stated.any():
        words = np.asarray([STATE_LABELS[s] for s in STATES], dtype=object)
        cells = cells.astype(object).copy()
        cells[stated] = words[states.to_numpy()[stated] - 1]
    return cells


def _shown_not_run(values: pd.Series) -> pd.Series:
    """Text that starts like a formula with an apostrophe before it (as ``exports.csv``)."""
    text = values.astype(object)
    risky = values.astype("string").str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
    if not risky.any():
        return text
    shown = text.copy()
    shown[risky] = "'" + text[risky].astype(str)
    return shown


# -- SPSS ---------------------------------------------------------------------------------------


def spss_missing_codes(values: pd.Series, variable: Variable) -> tuple[int, ...]:
    """The codes of the four states in an SPSS numeric variable: -1 to -4, unless a value or
    value label is -1 or less, then the four whole numbers below the smallest of them."""
    smallest = min(
        [0.0, *(float(n) for n, _ in variable.value_labels)]
        + ([float(values.min())] if values.notna().any() else [])
    )
    top = math.floor(smallest) - 1 if smallest < 0 else -1
    return tuple(top - i for i in range(len(STATES)))


def write_sav(data: ResearchData, path: Path) -> None:
    """``data`` as an SPSS file at ``path`` (see the module's docstring)."""
    names = variable_names([v.name for v in data.variables], SPSS_NAMES)
    columns: dict[str, object] = {}
    labels: dict[str, str | None] = {}
    value_labels: dict[str, dict[int | float, str]] = {}
    missing: dict[str, list[int | float | str | MissingRange]] = {}
    formats: dict[str, str] = {}
    measures: dict[str, str] = {}
    for name, variable in zip(names, data.variables, strict=True):
        values, states = data.values[variable.name], data.states[variable.name]
        label = named_label(variable.label, variable.name, name)
        labels[name] = fitted(label, SPSS_LABEL_BYTES, in_bytes=True, keep=variable.detail)
        measures[name] = variable.measure
        if variable.kind in ("code", "number"):
            codes = spss_missing_codes(values, variable)
            column = values.to_numpy(float, copy=True)
            stated = states.to_numpy() > 0
            column[stated] = np.asarray(codes)[states.to_numpy()[stated] - 1]
            columns[name] = column
            value_labels[name] = {
                **{
                    n: _value_label(text, SPSS_VALUE_LABEL_BYTES)
                    for n, text in variable.value_labels
                },
                **{c: STATE_LABELS[s] for c, s in zip(codes, STATES, strict=True)},
            }
            missing[name] = [MissingRange(lo=min(codes), hi=max(codes))]
            if variable.whole:
                formats[name] = f"F{_digits(column)}.0"
        elif variable.kind == "text":
            columns[name] = values.astype(object).where(values.notna(), "").to_numpy()
        else:
            columns[name] = values.to_numpy()
    pyreadstat.write_sav(
        pd.DataFrame(columns, copy=False),
        str(path),
        column_labels=labels,
        variable_value_labels=value_labels,
        missing_ranges=missing,
        variable_format=formats,
        variable_measure=measures,
    )


def _digits(column: np.ndarray) -> int:
    """The width of a whole-number format that shows every value (at least SPSS's 8)."""
    present = column[~np.isnan(column)]
    if not len(present):
        return 8
    return max(8, len(str(int(np.max(np.abs(present))))) + 1)


def _value_label(text: str, limit: int) -> str:
    return fitted(text, limit, in_bytes=True)


# -- Stata --------------------------------------------------------------------------------------


def write_dta(data: ResearchData, path: Path) -> None:
    """``data`` as a Stata 15 file at ``path`` (see the module's docstring)."""
    # pyreadstat names each value-label set after its variable and the set's number, and Stata
    # allows such a name 32 characters too: a variable's name leaves room for that number.
    room = len(str(max(len(data.variables) - 1, 0)))
    rules = dataclasses.replace(STATA_NAMES, longest=STATA_NAMES.longest - room)
    names = variable_names([v.name for v in data.variables], rules)
    columns: dict[str, object] = {}
    labels: dict[str, str | None] = {}
    value_labels: dict[str, dict[int | float | str, str]] = {}
    missing: dict[str, list[str]] = {}
    for name, variable in zip(names, data.variables, strict=True):
        values, states = data.values[variable.name], data.states[variable.name]
        label = named_label(variable.label, variable.name, name)
        labels[name] = fitted(label, STATA_LABEL_CHARACTERS, in_bytes=False, keep=variable.detail)
        if variable.kind in ("code", "number"):
            # Floats throughout: ReadStat reads a whole-number column back wrongly after a
            # letter (a missing value then reads as 0).
            column = values.to_numpy(float)
            stated = states.to_numpy() > 0
            if stated.any():
                held = column.astype(object)
                held[stated] = np.asarray(STATA_MISSING, dtype=object)[
                    states.to_numpy()[stated] - 1
                ]
                columns[name] = held
            else:
                columns[name] = column
            labelled: dict[int | float | str, str] = {
                n: _value_label(text, STATA_VALUE_LABEL_BYTES) for n, text in variable.value_labels
            }
            for letter, state in zip(STATA_MISSING, STATES, strict=True):
                labelled[letter] = STATE_LABELS[state]
            value_labels[name] = labelled
            missing[name] = list(STATA_MISSING)
        elif variable.kind == "text":
            # An empty text, never None: ReadStat refuses a long (strL) column holding None.
            columns[name] = values.astype(object).where(values.notna(), "").to_numpy()
        else:
            columns[name] = values.to_numpy()
    pyreadstat.write_dta(
        pd.DataFrame(columns, copy=False),
        str(path),
        column_labels=labels,
        # Letters label Stata's missing values, which pyreadstat takes but its types do not say.
        variable_value_labels=cast(Any, value_labels),
        missing_user_values=missing,
        version=15,
    )
