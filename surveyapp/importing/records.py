"""A service's referral records read from a table (CSV or XLSX), in the product's own columns:
each row a referral, or a problem that says what to fix. Nothing is fixed silently: a row with a
problem is kept out, named by its row and column.

The columns are :data:`analysis.service.RECORD_COLUMNS`; a header is matched ignoring case,
spaces and dashes ("Referral date" is ``referral_date``). Needs and support offered are
``;``-separated; ``declined`` is yes/no or the SNOMED CT concept for "Social prescribing
declined".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from analysis.service import RECORD_COLUMNS
from questionnaires.answers import PARTICIPANT_CODE_LENGTH, participant_code
from questionnaires.text import composed, control_character_problem
from surveyapp.importing.cells import CellError, parse_date, parse_text, quoted_start
from surveyapp.importing.read import Table, TableRow
from surveyapp.importing.rows import ImportProblem

__all__ = [
    "REQUIRED",
    "SNOMED",
    "RecordsPlan",
    "column_where",
    "columns_where",
    "plan_records",
    "read_cell",
    "read_row",
    "read_rows",
    "record_rules",
]

REQUIRED = ("referral_id", "person_id", "referral_date")
DATES = ("referral_date", "first_contact_date", "discharge_date")
LISTS = ("needs", "support_offered")
#: SNOMED CT concepts a record system writes where a label is expected.
SNOMED = {
    "871711000000103": "declined",  # Social prescribing declined
    "871731000000106": "referred",  # Referral to social prescribing service
}
YES = {"yes", "y", "true", "1", "declined"}
NO = {"no", "n", "false", "0", "", "referred", "accepted"}
TEXT_LENGTH = 255
#: The longest text each column keeps (as the table stores it: checked here, so that a long
#: cell is named, never a database error for the whole file).
LENGTHS = {"referral_id": 100, "person_id": 100, "age_band": 64, "gender": 64}


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


#: Where a column's cells are read from: its index in the file -> (our column, the name a
#: problem gives it: ours for a file in our columns, the file's own header through a source).
Columns = dict[int, tuple[str, str]]


@dataclass
class RecordsPlan:
    """What a file holds: its good rows (column -> value, and ``_row``: the row number), every
    problem, the columns not ours."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # ours the file has
    #: Read through a saved source: its name, and which of the file's headers fed each of our
    #: columns (our column, what fed it), for the dry run to show.
    source: str | None = None
    mapping: list[tuple[str, str]] = field(default_factory=list)
    #: A file with a row per contact: how many rows it had (``rows`` holds referrals).
    contact_rows: int | None = None
    #: Our column -> how a problem names it in this file ("C (Date referred)").
    where: dict[str, str] = field(default_factory=dict)

    @property
    def blocking(self) -> list[ImportProblem]:
        """Problems with the whole file (the header): nothing can be imported until fixed."""
        return [p for p in self.problems if p.row == 1]


def plan_records(table: Table) -> RecordsPlan:
    """Read every row of ``table`` as a referral record, collecting a problem per bad cell."""
    plan = RecordsPlan()
    columns: dict[int, str] = {}
    for index, name in enumerate(table.header):
        key = _key(name)
        where = column_where(index, name)
        if key in RECORD_COLUMNS and key in columns.values():
            plan.problems.append(
                ImportProblem(1, where, f"'{name}' is a second {key} column: keep one")
            )
        elif key in RECORD_COLUMNS:
            columns[index] = key
        elif name:
            plan.unknown_columns.append(name)
    for needed in REQUIRED:
        if needed not in columns.values():
            plan.problems.append(
                ImportProblem(1, "", f"No {needed} column: every row needs one ({_columns()})")
            )
    plan.columns = list(columns.values())
    if plan.blocking:
        return plan
    read_rows(plan, table, {index: (key, key) for index, key in columns.items()})
    return plan


def read_rows(
    plan: RecordsPlan, table: Table, columns: Columns, date_order: str = "day-first"
) -> None:
    """Each row of ``table`` read into ``plan``: a record, or its problems (a referral once)."""
    seen: dict[str, int] = {}
    plan.where = columns_where(columns)
    for row in table.rows:
        record, problems = read_row(row, columns, date_order)
        problems += record_rules(row.number, record, seen, plan.where)
        if problems:
            plan.problems += problems
            continue
        seen[record["referral_id"]] = row.number
        plan.rows.append({**record, "_row": row.number})


def read_row(
    row: TableRow, columns: Columns, date_order: str
) -> tuple[dict[str, Any], list[ImportProblem]]:
    """One row's cells as our columns' values, and a problem per cell that cannot be read."""
    record: dict[str, Any] = {}
    problems = []
    for index, (key, shown) in columns.items():
        try:
            record[key] = read_cell(key, row.cells[index], date_order)
        except CellError as exc:
            problems.append(ImportProblem(row.number, column_where(index, shown), str(exc)))
    return record, problems


def _columns() -> str:
    return ", ".join(RECORD_COLUMNS)


def columns_where(columns: Columns) -> dict[str, str]:
    """Our column -> how a problem names it in the file."""
    return {key: column_where(index, shown) for index, (key, shown) in columns.items()}


def column_where(index: int, name: str) -> str:
    """How a problem names a column: its letter and name, "C (referral_date)"."""
    return f"{get_column_letter(index + 1)} ({name})"


def read_cell(key: str, raw: str, date_order: str = "day-first") -> Any:
    """The value of one cell of our column ``key`` (dates written in ``date_order``)."""
    problem = control_character_problem(raw, "This cell", multiline=False)
    if problem:
        raise CellError(problem)
    text = composed(raw).strip()
    if key in REQUIRED and not text:
        raise CellError(f"Every referral needs its {key.replace('_', ' ')}: this cell is empty")
    if key in DATES:
        return parse_date(text, date_order) if text else None
    if key == "declined":
        said = SNOMED.get(text, text).lower()
        if said in YES:
            return True
        if said in NO:
            return False
        raise CellError(
            f"'{quoted_start(text)}' is not yes or no: write yes (declined), no, or the SNOMED "
            "code 871711000000103 for a declined referral"
        )
    if key in LISTS:
        return ";".join(p.strip() for p in text.split(";") if p.strip())
    if key == "participant_code":
        code = participant_code(text) if text else None
        if code is not None and len(code) > PARTICIPANT_CODE_LENGTH:
            raise CellError(f"A participant code is at most {PARTICIPANT_CODE_LENGTH} characters")
        return code
    return parse_text(text, LENGTHS.get(key, TEXT_LENGTH)) or None


def record_rules(
    number: int,
    record: dict[str, Any],
    seen: dict[str, int],
    where: Mapping[str, str] | None = None,
) -> list[ImportProblem]:
    """What a referral must keep: contact and discharge on or after the referral, once a file.
    ``where`` names each column as the file has it (else by our name)."""
    found = []
    named = where or {}
    referred: dt.date | None = record.get("referral_date")
    for key, what in (("first_contact_date", "first contact"), ("discharge_date", "discharge")):
        day = record.get(key)
        if referred is not None and day is not None and day < referred:
            found.append(
                ImportProblem(
                    number,
                    named.get(key, key),
                    f"The {what} ({day:%d/%m/%Y}) is before the referral "
                    f"({referred:%d/%m/%Y}): check both dates",
                )
            )
    contact, gone = record.get("first_contact_date"), record.get("discharge_date")
    if contact is not None and gone is not None and gone < contact:
        found.append(
            ImportProblem(
                number,
                named.get("discharge_date", "discharge_date"),
                f"The discharge ({gone:%d/%m/%Y}) is before the first contact "
                f"({contact:%d/%m/%Y}): check both dates",
            )
        )
    reference = record.get("referral_id")
    if reference in seen:
        found.append(
            ImportProblem(
                number,
                named.get("referral_id", "referral_id"),
                f"Referral {reference} is also row {seen[reference]}",
            )
        )
    return found
