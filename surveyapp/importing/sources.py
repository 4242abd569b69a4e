"""Another record system's export read as our referral records, through the mapping staff
saved for that system (a *source*): which of its headers holds each of our columns, how it
writes its dates, and whether it has a row per contact instead of one per referral.

A file read through a source is checked as a file in our own columns is (see
:mod:`surveyapp.importing.records`), its problems named by the file's own rows and headers.
With a row per contact, the rows of one referral (by ``referral_id``) become one referral: its
fields must agree across its rows (a cell left empty on some of them says nothing), its needs
and support offered are every one its rows give, in the order they first appear, and its first
contact is the earliest contact date, unless the source maps ``first_contact_date`` itself.
Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from analysis.service import RECORD_COLUMNS
from surveyapp.importing.cells import CellError, parse_date, quoted_start
from surveyapp.importing.read import Table
from surveyapp.importing.records import (
    LISTS,
    REQUIRED,
    Columns,
    RecordsPlan,
    column_where,
    columns_where,
    read_cell,
    read_row,
    read_rows,
    record_rules,
)
from surveyapp.importing.rows import ImportProblem
from surveyapp.models.evaluation import DATE_ORDERS

__all__ = [
    "SourceMapping",
    "header_key",
    "mapping_problems",
    "plan_source_records",
    "proposed_mapping",
]

#: Other names systems give our columns (compared as :func:`header_key` gives them). An NHS
#: number is never proposed: a person's id here must be pseudonymous.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "referral_id": ("referralid", "referralref", "referralreference", "referralnumber",
                    "referralno", "caseid", "casereference", "casenumber"),
    "person_id": ("personid", "clientid", "clientref", "clientreference", "clientnumber",
                  "serviceuserid", "patientid", "personref", "pseudonymisedid", "pseudoid"),
    "referral_date": ("referraldate", "datereferred", "referreddate", "dateofreferral",
                      "referralreceived", "datereceived", "datereferralreceived", "referredon"),
    "referral_source": ("referralsource", "referredby", "sourceofreferral", "referrer",
                        "source"),
    "practice": ("practice", "gppractice", "surgery", "gpsurgery", "practicename"),
    "pcn": ("pcn", "primarycarenetwork", "pcnname"),
    "link_worker": ("linkworker", "socialprescriber", "caseworker", "keyworker",
                    "allocatedworker", "worker"),
    "first_contact_date": ("firstcontactdate", "datefirstcontact", "firstcontact",
                           "datefirstcontacted", "firstcontacted", "firstappointment"),
    "declined": ("declined", "referraldeclined", "declinedreferral"),
    "needs": ("needs", "need", "presentingneeds", "needsandconcerns", "concerns",
              "presentingissues"),
    "support_offered": ("supportoffered", "support", "referredto", "onwardreferrals",
                        "signposting", "signpostedto", "activities", "interventions"),
    "discharge_date": ("dischargedate", "datedischarged", "discharged", "dateclosed",
                       "closeddate", "closuredate", "casecloseddate"),
    "discharge_reason": ("dischargereason", "reasonfordischarge", "closurereason",
                         "reasonclosed"),
    "participant_code": ("participantcode", "ons4code", "surveycode"),
    "age_band": ("ageband", "agegroup", "agerange", "age"),
    "gender": ("gender", "sex"),
    "ethnicity": ("ethnicity", "ethnicgroup", "ethnicorigin"),
    "ward": ("ward", "electoralward", "wardname"),
}  # fmt: skip
#: Headers of a row per contact's date.
CONTACT_DATES = ("contactdate", "dateofcontact", "appointmentdate", "sessiondate",
                 "attendancedate", "activitydate")  # fmt: skip
#: A header that names an NHS number: never a person's id here, nor any of our columns.
NHS_NUMBER = re.compile(r"nhs(number|no|num)")


@dataclass(frozen=True)
class SourceMapping:
    """A source as the reader needs it (see the module's docstring)."""

    columns: dict[str, str]  # our column -> their header
    date_order: str = "day-first"
    contact_date_column: str | None = None
    name: str = ""

    @property
    def per_contact(self) -> bool:
        return bool(self.contact_date_column)


def header_key(name: str) -> str:
    """A header as compared: case, spaces, dashes and underscores forgiven."""
    return re.sub(r"[\s\-_]+", "", name.strip().lower())


def proposed_mapping(header: list[str]) -> tuple[dict[str, str], str | None]:
    """Which of a file's headers looks like each of our columns (by name, each header once),
    and the header that looks like a contact's date: what the mapping form offers first."""
    free = {
        header_key(h): h for h in reversed(header) if h and not NHS_NUMBER.search(header_key(h))
    }
    proposed: dict[str, str] = {}
    for ours in RECORD_COLUMNS:
        for name in (header_key(ours), *SYNONYMS.get(ours, ())):
            if name in free:
                proposed[ours] = free.pop(name)
                break
    contact = next((free[name] for name in CONTACT_DATES if name in free), None)
    return proposed, contact


def mapping_problems(mapping: SourceMapping) -> list[tuple[str, str]]:
    """What is wrong with a mapping before it is saved: (our column, or ``date_order`` or
    ``contact_date_column``, and what to do).

    ``referral_id``, ``person_id`` and ``referral_date`` must be mapped whether or not the
    export has a row per contact: the referral id is what joins a referral's rows, the person's
    id what counts people, and the referral date where every wait starts. Taking the earliest
    contact for the referral date would make every wait nothing, so it is not offered."""
    problems: list[tuple[str, str]] = []
    used: dict[str, str] = {}
    for ours, theirs in mapping.columns.items():
        if ours not in RECORD_COLUMNS:
            problems.append((ours, f"'{ours}' is not one of our columns"))
        elif not theirs.strip():
            problems.append((ours, f"Choose the column that holds {ours}, or leave it out"))
        elif NHS_NUMBER.search(header_key(theirs)):
            problems.append((ours, _nhs(theirs)))
        elif header_key(theirs) in used:
            problems.append(
                (ours, f"'{theirs}' already feeds {used[header_key(theirs)]}: choose another")
            )
        else:
            used[header_key(theirs)] = ours
    for needed in REQUIRED:
        if not mapping.columns.get(needed, "").strip():
            problems.append(
                (needed, f"Choose the column that holds {needed}: every referral needs one")
            )
    if mapping.date_order not in DATE_ORDERS:
        problems.append(("date_order", f"Choose how dates are written: {', '.join(DATE_ORDERS)}"))
    contact = (mapping.contact_date_column or "").strip()
    if contact and header_key(contact) in used:
        problems.append(
            (
                "contact_date_column",
                f"'{contact}' already feeds {used[header_key(contact)]}: the contact dates "
                "column is read on its own (the earliest is the first contact)",
            )
        )
    elif contact and NHS_NUMBER.search(header_key(contact)):
        problems.append(("contact_date_column", _nhs(contact)))
    return problems


def _nhs(header: str) -> str:
    return (
        f"'{header}' looks like an NHS number, which is not imported: a person's id here "
        "must be pseudonymous (the number the service's own system gives them)"
    )


@dataclass
class _Referral:
    """The rows of one referral in a file with a row per contact."""

    rows: list[int] = field(default_factory=list)
    bad: list[int] = field(default_factory=list)
    #: (row number, its values, the raw text of its cells that were not empty, its contact)
    read: list[tuple[int, dict[str, Any], dict[str, str], dt.date | None]] = field(
        default_factory=list
    )


def plan_source_records(table: Table, source: SourceMapping) -> RecordsPlan:
    """Every row of ``table`` (another system's export) read through ``source`` as our
    records, with a problem per bad cell or disagreeing referral."""
    plan = RecordsPlan(source=source.name or None)
    where = _where_headers(table.header, plan)
    columns: Columns = {}
    for ours, theirs in sorted(source.columns.items(), key=lambda c: _order(c[0])):
        index = where.get(header_key(theirs))
        if index is None:
            plan.problems.append(_missing(theirs, f"{ours} is read from it", source))
        else:
            columns[index] = (ours, table.header[index])
            plan.mapping.append((ours, table.header[index]))
    contact: int | None = None
    if source.contact_date_column:
        contact = where.get(header_key(source.contact_date_column))
        if contact is None:
            plan.problems.append(
                _missing(source.contact_date_column, "each contact's date is read from it", source)
            )
    plan.columns = [key for key, _ in columns.values()]
    fed = {header_key(h) for h in source.columns.values()}
    fed.add(header_key(source.contact_date_column or ""))
    plan.unknown_columns = [h for h in table.header if h and header_key(h) not in fed]
    if plan.blocking:
        return plan
    if contact is None:
        read_rows(plan, table, columns, source.date_order)
        return plan
    if "first_contact_date" not in plan.columns:
        plan.columns.append("first_contact_date")
        shown = f"the earliest {table.header[contact]} of the referral's rows"
        plan.mapping.append(("first_contact_date", shown))
    plan.contact_rows = len(table.rows)
    _per_contact(plan, table, columns, contact, source)
    return plan


def _order(column: str) -> int:
    return RECORD_COLUMNS.index(column) if column in RECORD_COLUMNS else len(RECORD_COLUMNS)


def _where_headers(header: list[str], plan: RecordsPlan) -> dict[str, int]:
    """Each header's column (as compared); two columns under one name are a problem."""
    where: dict[str, int] = {}
    for index, name in enumerate(header):
        key = header_key(name)
        if key and key in where:
            plan.problems.append(
                ImportProblem(
                    1,
                    column_where(index, name),
                    f"Two columns are named '{name}' (and {column_where(where[key], name)}): "
                    "rename one, so it is clear which is read",
                )
            )
        elif key:
            where[key] = index
    return where


def _missing(header: str, what: str, source: SourceMapping) -> ImportProblem:
    return ImportProblem(
        1,
        "",
        f"No column '{header}' in this file, and {what} by the source '{source.name}': is "
        "this file that system's export? If its columns have changed, set the source up again",
    )


def _per_contact(
    plan: RecordsPlan, table: Table, columns: Columns, contact: int, source: SourceMapping
) -> None:
    """The rows of a file with a row per contact, grouped into their referrals."""
    referrals: dict[str, _Referral] = {}
    for row in table.rows:
        record, problems = read_row(row, columns, source.date_order)
        day = None
        raw = row.cells[contact].strip()
        try:
            day = parse_date(raw, source.date_order) if raw else None
        except CellError as exc:
            where = column_where(contact, table.header[contact])
            problems.append(ImportProblem(row.number, where, str(exc)))
        reference = record.get("referral_id")
        if reference is None:  # no id to join it by: its own problem says so
            plan.problems += problems
            continue
        referral = referrals.setdefault(reference, _Referral())
        referral.rows.append(row.number)
        if problems:
            plan.problems += problems
            referral.bad.append(row.number)
            continue
        said = {key: row.cells[index].strip() for index, (key, _) in columns.items()}
        referral.read.append((row.number, record, {k: v for k, v in said.items() if v}, day))
    names = plan.where = columns_where(columns)
    for reference, referral in referrals.items():
        first = referral.rows[0]
        if referral.bad:
            if len(referral.rows) > 1:
                plan.problems.append(
                    ImportProblem(
                        first,
                        "",
                        f"Referral {reference} is left out: {_rows(referral.bad)} of its "
                        f"{len(referral.rows)} rows {'has' if len(referral.bad) == 1 else 'have'}"
                        " the problems named",
                    )
                )
            continue
        record, problems = _merged(reference, referral, columns, names)
        problems += record_rules(first, record, {}, plan.where)
        if problems:
            plan.problems += problems
        else:
            plan.rows.append({**record, "_row": first})


def _merged(
    reference: str, referral: _Referral, columns: Columns, names: dict[str, str]
) -> tuple[dict[str, Any], list[ImportProblem]]:
    """One referral from its rows, and a problem for each field its rows disagree on."""
    record: dict[str, Any] = {}
    problems = []
    first = referral.rows[0]
    for key, _ in columns.values():
        if key in LISTS:
            items: dict[str, str] = {}
            for _, values, _, _ in referral.read:
                for item in (values[key] or "").split(";"):
                    if item:
                        items.setdefault(item.casefold(), item)
            record[key] = ";".join(items.values())
            continue
        said = [
            (n, values[key], given[key]) for n, values, given, _ in referral.read if key in given
        ]
        different = {value for _, value, _ in said}
        if len(different) > 1:
            shown = "; ".join(f"row {n} says '{quoted_start(text, 30)}'" for n, _, text in said)
            problems.append(
                ImportProblem(
                    first,
                    names[key],
                    f"Referral {reference}'s rows disagree on its {key.replace('_', ' ')} "
                    f"({shown}): a referral has one, correct the export",
                )
            )
        record[key] = said[0][1] if said else read_cell(key, "")
    if "first_contact_date" not in record:
        days = [day for _, _, _, day in referral.read if day is not None]
        record["first_contact_date"] = min(days) if days else None
    return record, problems


def _rows(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    return "rows " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
