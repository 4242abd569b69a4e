"""A service evaluation's workbook: "At a glance" first, then one sheet per numbered table
(referrals, waits, caseloads, length of support, needs, who is reached), each with its period
and its n, from the service's records frame (``analysis.service``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook

from analysis.results import Ons4Outcomes
from analysis.service import (
    Period,
    caseloads,
    length_of_support,
    needs_together,
    outcomes_by,
    people_with_needs,
    referrals_by,
    support_per_need,
    waiting_list,
    waits_to_first_contact,
    who_is_reached,
)
from analysis.service.reach import CHARACTERISTICS
from analysis.service.referrals import in_period
from exports.xlsx import BOLD, TITLE, WRAP, fit_a4_width, put, sheet_title

__all__ = ["ReferenceData", "evaluation_workbook"]

#: Column headings as people read them (the rest: the column's name in words).
HEADINGS = {
    "pcn": "PCN",
    "per_1000": "Per 1,000 registered",
    "over": "Over capacity",
    "population_share": "Share of the area",
    "difference": "Difference (points)",
    "beyond_chance": "Beyond chance",
    "with_need": "With need",
}
CHARACTERISTIC_NAMES = {
    "age_band": "Age",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "ward": "Ward",
}


@dataclass(frozen=True)
class ReferenceData:
    """What staff may load beside the records: registered patients per practice or PCN, each
    link worker's capacity, and the area's population per characteristic and category."""

    list_sizes: Mapping[str, int] = field(default_factory=dict)
    capacity: Mapping[str, int] = field(default_factory=dict)
    population: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


def _percent(share: float | None) -> str:
    return "" if share is None else f"{round(100 * share)}%"


def _days(days: float | None) -> str:
    return "" if days is None else f"{days:g} days"


def at_a_glance(records: pd.DataFrame, period: Period) -> list[tuple[str, Any]]:
    """The evaluation's headline figures, as (what, value) lines."""
    referred = referrals_by(records, period, "month")
    waits = waits_to_first_contact(records, period)
    waiting = waiting_list(records, period.end)
    support = length_of_support(records, period)
    people = people_with_needs(records, period).attrs["n"]
    return [
        ("Period", str(period)),
        ("People referred (not declined)", people),
        ("Referrals", int(referred["referrals"].sum())),
        ("Referrals declined", int(referred["declined"].sum())),
        ("Median wait to first contact", _days(waits.median_days)),
        (f"Contacted within {waits.within_days} days", _percent(waits.within_share)),
        (f"Waiting on {period.end:%-d %B %Y}", waiting.people),
        ("Longest wait then", _days(waiting.longest_days)),
        ("Median length of support (referrals discharged)", _days(support.median_days)),
        ("Referrals still supported at the end of the period", support.still_open),
    ]


def evaluation_workbook(
    records: pd.DataFrame,
    period: Period,
    destination: str | os.PathLike | BinaryIO,
    *,
    title: str,
    organisation: str,
    reference: ReferenceData | None = None,
    answers: pd.DataFrame | None = None,
    small_base: int = 10,
) -> int:
    """Write the evaluation workbook for ``period`` to ``destination``; return how many
    numbered tables it holds. With ``answers`` (the study's tidy answer frame), ONS4 before and
    after per need and per PCN, linked by participant code, are tables too."""
    reference = reference or ReferenceData()
    book = Workbook()
    glance = book.active
    glance.title = "At a glance"
    fit_a4_width(glance)
    glance.append([title])
    glance["A1"].font = TITLE
    glance.append([organisation])
    glance.append([])
    for what, value in at_a_glance(records, period):
        glance.append([what, value])
    glance.column_dimensions["A"].width = 48
    glance.column_dimensions["B"].width = 30

    tables: list[tuple[str, pd.DataFrame, str]] = []
    for by, name in (("pcn", "PCN"), ("practice", "practice"), ("month", "month")):
        sizes = reference.list_sizes if by != "month" and reference.list_sizes else None
        frame = referrals_by(records, period, by, sizes)
        if by == "month":
            frame.index = frame.index.strftime("%B %Y")
        tables.append((f"Referrals by {name}", frame.reset_index(), f"{frame['total'].sum()}"))
    loads = caseloads(records, period, reference.capacity or None).reset_index()
    loads["month"] = loads["month"].dt.strftime("%B %Y")
    tables.append(("Caseload per link worker and month", loads, "people on caseloads"))
    support = length_of_support(records, period)
    bands = pd.DataFrame(support.bands, columns=["length of support", "referrals"])
    tables.append(
        ("Length of support (discharged)", bands, f"{support.n}; {support.still_open} still open")
    )
    needs = people_with_needs(records, period)
    tables.append(("Needs", needs.reset_index(), f"{needs.attrs['n']} people"))
    tables.append(("Needs together", needs_together(records, period), "people"))
    tables.append(("Support offered per need", support_per_need(records, period), "referrals"))
    for characteristic in CHARACTERISTICS:
        population = reference.population.get(characteristic)
        reached = who_is_reached(records, period, characteristic, population)
        tables.append(
            (
                f"Who is reached: {CHARACTERISTIC_NAMES[characteristic]}",
                reached.reset_index(),
                f"{reached.attrs['n']} people",
            )
        )

    if answers is not None:
        referred = in_period(records, period)
        referred = referred[~referred["declined"]]
        for by, name in (("needs", "need"), ("pcn", "PCN")):
            changes = outcomes_table(outcomes_by(referred, answers, by, small_base), name)
            if not changes.empty:
                tables.append((f"Wellbeing by {name} (ONS4)", changes, "pairs"))

    glance.append([])
    glance.append(["Tables"])
    taken = [glance.title]
    for number, (name, frame, base) in enumerate(tables, start=1):
        sheet = book.create_sheet(sheet_title(f"{number} {name}", taken))
        taken.append(sheet.title)
        fit_a4_width(sheet, landscape=len(frame.columns) > 4)
        sheet.append([f"Table {number}: {name}"])
        sheet["A1"].font = BOLD
        sheet.append([f"{period}; base: {base}"])
        sheet.append(
            [HEADINGS.get(str(c), str(c).replace("_", " ").capitalize()) for c in frame.columns]
        )
        for cell in sheet[3]:
            cell.font = BOLD
            cell.alignment = WRAP
        for row in frame.itertuples(index=False):
            sheet.append([_plain(value) for value in row])
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 22
        glance.append([f"Table {number}: {name}", sheet.title])
    # Text from the records (names of practices, needs ...) is stored as text, never a formula.
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    put(cell, cell.value)
    book.save(destination)
    return len(tables)


def outcomes_table(groups: Mapping[str, Ons4Outcomes], name: str) -> pd.DataFrame:
    """One row per group and ONS4 measure: pairs, mean before, after and change, and whether
    the base is small (fewer pairs than the small-base threshold)."""
    return pd.DataFrame(
        [
            (
                group,
                change.label,
                change.pairs,
                change.mean_before,
                change.mean_after,
                change.mean_change,
                "small base" if change.small_base else "",
            )
            for group, outcomes in groups.items()
            for change in outcomes.measures
        ],
        columns=[name, "measure", "pairs", "mean_before", "mean_after", "mean_change", "note"],
    )


def _plain(value: Any) -> Any:
    """A cell value openpyxl writes: numpy numbers as Python ones, missing as empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
