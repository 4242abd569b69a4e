"""What other survey tools put in their exports besides the answers, and how they lay them out.

Each tool's response export is a CSV or XLSX file, one row per response, question wording as the
headers, with fields of the tool's own (its response id, when the response was started and
submitted, the IP address ...). What is known of each, from the tools' documentation and
exports seen in public repositories:

- **SurveyMonkey** ("All responses data", expanded): *two* header rows. Row 1 names
  ``Respondent ID``, ``Collector ID``, ``Start Date``, ``End Date``, ``IP Address``, ``Email
  Address``, ``First Name``, ``Last Name``, ``Custom Data 1``, then each question's wording,
  once, over all its columns; row 2 says ``Response`` (one choice), ``Open-Ended Response``
  (text), or, under a multiple choice, each option's label: a column per option holding the
  label when ticked. ``Other (please specify)`` is a column of the written text. Dates are
  written month first (03/14/2023 10:22:33 AM).
- **SmartSurvey** (Excel/CSV export): ``UserNo``, ``UserID``, ``Name``, ``Email``, ``IP
  Address``, ``Unique ID``, ``Started``, ``Ended``, ``Tracking Link``, ``Custom Value``, then
  questions headed by their number and wording ("3. How easy was it ..."); UK dates.
- **Google Forms** (the responses sheet, downloaded): ``Timestamp`` first (and ``Email
  address`` when collected), a column per question headed by its wording, several choices
  joined in one cell with ``", "``, and the words typed for "Other" written as the answer. No
  response id: a response is known by what it says (see :func:`row_reference`).
- **Microsoft Forms** (Open results in Excel): ``ID``, ``Start time``, ``Completion time``,
  ``Email``, ``Name`` (and ``Last modified time``, or quiz ``Total points``, ``Points - ...``,
  ``Feedback - ...``), then the questions; several choices joined with ``;`` and a ``;`` after
  the last.
- **LimeSurvey** (Export responses, CSV): ``id``, ``submitdate``, ``lastpage``,
  ``startlanguage``, ``seed`` (and ``startdate``, ``datestamp``, ``ipaddr``, ``refurl``,
  ``token``, timings such as ``interviewtime``, ``groupTime12``, ``Q1Time``), then questions
  headed by their code (``Q1``), their full text, or both (``Q1. Where did you go?``); a multiple
  choice is a column per subquestion, ``Q2[SQ001]`` or ``Why did you go? [A check-up]``,
  holding ``Y`` (or ``Yes``) when ticked, and ``Q1[other]`` the text written for "Other". Dates
  are written year first.

Nothing here knows a questionnaire: :mod:`surveyapp.importing.proposal` matches the wording.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from surveyapp.importing.read import Table, TableRow, read_table

__all__ = [
    "TOOLS",
    "Tool",
    "detect_tool",
    "field_of",
    "header_key",
    "read_export",
    "row_reference",
    "with_header_rows",
]

REFERENCE = "reference"
SUBMITTED = "submitted_at"
SKIP = "skip"


@dataclass(frozen=True)
class Tool:
    """One tool's export: its name for people, header rows, how it joins several choices in
    one cell, how it writes dates, and its own fields (compared as :func:`header_key` gives
    them) with what each is to us: the response's id, its submitted time, or skipped."""

    name: str
    header_rows: int
    separators: tuple[str, ...]
    date_order: str
    fields: dict[str, str]


_COMMON = {"reference": REFERENCE, "submittedat": SUBMITTED}
TOOLS: dict[str, Tool] = {
    "smartsurvey": Tool(
        "SmartSurvey",
        1,
        (",", ";"),
        "day-first",
        {
            "userid": REFERENCE, "ended": SUBMITTED, "userno": SKIP, "name": SKIP,
            "email": SKIP, "ipaddress": SKIP, "uniqueid": SKIP, "started": SKIP,
            "trackinglink": SKIP, "customvalue": SKIP, **_COMMON,
        },
    ),
    "surveymonkey": Tool(
        "SurveyMonkey",
        2,
        (",",),
        "month-first",
        {
            "respondentid": REFERENCE, "enddate": SUBMITTED, "collectorid": SKIP,
            "startdate": SKIP, "ipaddress": SKIP, "emailaddress": SKIP, "firstname": SKIP,
            "lastname": SKIP, "customdata1": SKIP, "customdata": SKIP, **_COMMON,
        },
    ),
    "google-forms": Tool(
        "Google Forms",
        1,
        (", ",),
        "day-first",
        {"timestamp": SUBMITTED, "emailaddress": SKIP, "score": SKIP, **_COMMON},
    ),
    "microsoft-forms": Tool(
        "Microsoft Forms",
        1,
        (";",),
        "month-first",
        {
            "id": REFERENCE, "completiontime": SUBMITTED, "starttime": SKIP, "email": SKIP,
            "name": SKIP, "lastmodifiedtime": SKIP, "totalpoints": SKIP, "quizfeedback": SKIP,
            "gradepostedtime": SKIP, **_COMMON,
        },
    ),
    "limesurvey": Tool(
        "LimeSurvey",
        1,
        (";",),
        "year-first",
        {
            "id": REFERENCE, "submitdate": SUBMITTED, "lastpage": SKIP, "startlanguage": SKIP,
            "seed": SKIP, "startdate": SKIP, "datestamp": SKIP, "ipaddr": SKIP, "refurl": SKIP,
            "token": SKIP, "interviewtime": SKIP, **_COMMON,
        },
    ),
    "other": Tool(
        "Another tool",
        1,
        (";",),
        "day-first",
        {
            "responseid": REFERENCE, "respondentid": REFERENCE, "id": REFERENCE,
            "timestamp": SUBMITTED, "submitted": SUBMITTED, "completiontime": SUBMITTED,
            "enddate": SUBMITTED, "ipaddress": SKIP, **_COMMON,
        },
    ),
}  # fmt: skip

#: Microsoft Forms quizzes add a column of points and one of feedback per question.
_QUIZ = re.compile(r"^(points|feedback) - ", re.IGNORECASE)
#: LimeSurvey's timings: a group's (``groupTime12``) and a question's (``Q1Time``).
_GROUP_TIME = re.compile(r"^grouptime\d+$")
#: What row 2 of a SurveyMonkey export says over a column that holds the question's one answer.
_WHOLE_ANSWER = {"response", "openendedresponse", ""}


def header_key(name: str) -> str:
    """A header as compared with a tool's fields: case, spaces and punctuation forgiven."""
    return re.sub(r"[\W_]+", "", name.strip().lower())


def detect_tool(header: list[str], second_row: list[str] | None = None) -> str:
    """The tool whose export has this header (``other`` when none is recognised)."""
    keys = {header_key(h) for h in header}
    if {"respondentid", "collectorid"} <= keys:
        return "surveymonkey"
    if {"submitdate", "lastpage"} <= keys or {"startlanguage", "seed"} <= keys:
        return "limesurvey"
    if {"starttime", "completiontime"} <= keys:
        return "microsoft-forms"
    if {"userid", "ended"} <= keys or {"userno", "started"} <= keys:
        return "smartsurvey"
    if header and header_key(header[0]) == "timestamp":
        return "google-forms"
    if second_row and _looks_like_second_header(header, second_row):
        return "surveymonkey"
    return "other"


def _looks_like_second_header(header: list[str], second: list[str]) -> bool:
    """Row 2 says "Response" or "Open-Ended Response" over some column: SurveyMonkey's layout."""
    said = {header_key(cell) for cell in second}
    return bool({"response", "openendedresponse"} & said)


def field_of(name: str, tool: str, header: list[str]) -> str | None:
    """What a column named ``name`` is to us when it is one of ``tool``'s own fields:
    ``reference``, ``submitted_at`` or ``skip``; ``None`` for any other column."""
    key = header_key(name)
    found = TOOLS[tool].fields.get(key)
    if found:
        return found
    if tool == "microsoft-forms" and _QUIZ.match(name.strip()):
        return SKIP
    if tool == "limesurvey":
        if _GROUP_TIME.match(key):
            return SKIP
        # "Q1Time" beside "Q1": a timing, not a question.
        codes = {header_key(h.split("[")[0]) for h in header if h != name}
        if key.endswith("time") and key[: -len("time")] in codes:
            return SKIP
    return None


def with_header_rows(table: Table, header_rows: int) -> Table:
    """``table`` with its header rows made one: with two (SurveyMonkey's), a question's wording
    in row 1 is carried over the columns after it that row 1 leaves empty, and row 2's text is
    joined on with " / " where it names an option ("Why did you go? / A check-up"); "Response"
    and "Open-Ended Response" are dropped. Row numbers stay the file's own."""
    if header_rows == 1 or not table.rows or table.rows[0].number != 2:
        return table
    second, rows = table.rows[0].cells, table.rows[1:]
    header: list[str] = []
    carried = ""
    for first, below in zip(table.header, second, strict=True):
        if first:
            carried = first
        above = first or carried
        if header_key(below) in _WHOLE_ANSWER:
            header.append(above)
        elif above:
            header.append(f"{above} / {below}")
        else:
            header.append(below)
    return Table(header=header, rows=rows)


def row_reference(row: TableRow, header: list[str]) -> str:
    """A response known by what it says, for a tool that gives no response id (Google
    Forms): the same row in a later download gives the same reference, whatever columns were
    added since (empty cells are left out)."""
    cells = zip(header, row.cells, strict=True)
    said = "\x1f".join(f"{header_key(name)}\x1e{cell}" for name, cell in cells if cell)
    return "row-" + hashlib.sha256(said.encode()).hexdigest()[:16]


def read_export(
    data: bytes, filename: str, tool: str | None = None, *, max_rows: int | None = None
) -> tuple[str, int, Table]:
    """An export read as a table with its header rows made one: the tool (``tool``, or the one
    recognised from the header when ``None``), its header rows, and the table. Raises
    :class:`ImportFileError` as :func:`read_table` does."""
    table = read_table(data, filename, max_rows=max_rows)
    second = table.rows[0].cells if table.rows and table.rows[0].number == 2 else None
    found = tool if tool in TOOLS else detect_tool(table.header, second)
    rows = TOOLS[found].header_rows
    if found == "other" and second and _looks_like_second_header(table.header, second):
        rows = 2
    return found, rows, with_header_rows(table, rows)
