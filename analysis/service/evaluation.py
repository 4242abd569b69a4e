"""A whole service evaluation for a period: the headline figures ("at a glance") and the
numbered tables, worked out once from the records so that the workbook, the report and the staff
page number and word them the same way.

What counts as each figure is said in the measure's own module; this one only chooses which
measures an evaluation reports, in what order, and under what names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.results import Ons4Outcomes
from analysis.service.caseloads import caseloads
from analysis.service.needs import needs_together, people_with_needs, support_per_need
from analysis.service.outcomes import outcomes_by, outcomes_of_everyone
from analysis.service.reach import CHARACTERISTICS, latest_referrals, reached
from analysis.service.records import Period, check_records
from analysis.service.referrals import in_period, referrals_by
from analysis.service.support import SupportLength, length_of_support
from analysis.service.waits import (
    WaitingList,
    Waits,
    wait_bands,
    waiting_list,
    waits_to_first_contact,
)

__all__ = [
    "CHARACTERISTIC_NAMES",
    "Evaluation",
    "EvaluationTable",
    "ReferenceData",
    "at_a_glance",
    "evaluation",
    "heading",
    "outcomes_table",
    "people_supported",
]

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


def heading(column: object) -> str:
    """A table's column as its heading is printed."""
    return HEADINGS.get(str(column), str(column).replace("_", " ").capitalize())


@dataclass(frozen=True)
class ReferenceData:
    """What staff may load beside the records: registered patients per practice or PCN, each
    link worker's capacity, and the area's population per characteristic and category."""

    list_sizes: Mapping[str, int] = field(default_factory=dict)
    capacity: Mapping[str, int] = field(default_factory=dict)
    population: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class EvaluationTable:
    """A numbered table: its name, its rows (columns named as in :func:`heading`) and its base
    (the n, and what is counted)."""

    number: int
    name: str
    frame: pd.DataFrame
    base: str


@dataclass(frozen=True)
class Evaluation:
    """Everything an evaluation of ``period`` reports, each figure with its n."""

    period: Period
    glance: tuple[tuple[str, Any], ...]
    tables: tuple[EvaluationTable, ...]
    by_month: pd.DataFrame  # referrals_by month, its index printed as "March 2021"
    by_pcn: pd.DataFrame
    waits: Waits
    waiting: WaitingList
    wait_bands: tuple[tuple[str, int], ...]
    support: SupportLength
    needs: pd.DataFrame
    caseload_by_month: pd.DataFrame  # month, mean caseload per link worker, mean capacity
    outcomes: Ons4Outcomes | None  # everyone in the records with a participant code

    def table(self, name: str) -> EvaluationTable | None:
        return next((t for t in self.tables if t.name == name), None)


def people_supported(records: pd.DataFrame, period: Period) -> int:
    """People supported in ``period``: not declined, first contact on or before its last day,
    and not discharged before its first day (the caseload's rule, over the whole period)."""
    check_records(records)
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    supported = records[
        ~records["declined"]
        & (records["first_contact_date"] <= end)
        & ~(records["discharge_date"] < start)
    ]
    return int(supported["person_id"].nunique())


def _days(days: float | None) -> str:
    return "" if days is None else f"{days:g} days"


def _percent(share: float | None) -> str:
    return "" if share is None else f"{round(100 * share)}%"


def at_a_glance(
    records: pd.DataFrame, period: Period, capacity: Mapping[str, int] | None = None
) -> list[tuple[str, Any]]:
    """The evaluation's headline figures, as (what, value) lines."""
    per_worker = caseloads(records, period, capacity or None)
    return list(_glance(records, period, per_worker)[0])


def _glance(
    records: pd.DataFrame, period: Period, per_worker: pd.DataFrame
) -> tuple[tuple[tuple[str, Any], ...], Waits, WaitingList, SupportLength, pd.DataFrame]:
    referred = referrals_by(records, period, "month")
    waits = waits_to_first_contact(records, period)
    waiting = waiting_list(records, period.end)
    support = length_of_support(records, period)
    loads = _caseload_by_month(per_worker)
    lines: list[tuple[str, Any]] = [
        ("Period", str(period)),
        ("People supported", people_supported(records, period)),
        ("People referred (not declined)", people_with_needs(records, period).attrs["n"]),
        ("Referrals", int(referred["referrals"].sum())),
        ("Referrals declined", int(referred["declined"].sum())),
        ("Median wait to first contact", _days(waits.median_days)),
        (f"Contacted within {waits.within_days} days", _percent(waits.within_share)),
        (f"Waiting on {period.end:%-d %B %Y}", waiting.people),
        ("Longest wait then", _days(waiting.longest_days)),
        ("Median length of support (referrals discharged)", _days(support.median_days)),
        ("Referrals still supported at the end of the period", support.still_open),
    ]
    if not loads.empty:
        mean = round(float(loads["caseload"].mean()), 1)
        lines.append(("Average caseload per link worker a month", f"{mean:g}"))
        if loads["capacity"].notna().any():
            lines.append(
                ("Average capacity per link worker", f"{round(loads['capacity'].mean(), 1):g}")
            )
    return tuple(lines), waits, waiting, support, loads


def _caseload_by_month(per_worker: pd.DataFrame) -> pd.DataFrame:
    """Per month: the mean caseload of the link workers (``per_worker``: :func:`caseloads`),
    and the mean capacity of those with one loaded (empty when no link worker is recorded)."""
    loads = per_worker.reset_index()
    if loads.empty:
        return pd.DataFrame(columns=["month", "caseload", "capacity"])
    if "capacity" not in loads:
        loads["capacity"] = pd.NA
    loads["capacity"] = loads["capacity"].astype("Float64")
    monthly = loads.groupby("month").agg(
        caseload=("caseload", "mean"), capacity=("capacity", "mean")
    )
    monthly.index = monthly.index.strftime("%B %Y")
    return monthly.reset_index()


def evaluation(
    records: pd.DataFrame,
    period: Period,
    reference: ReferenceData | None = None,
    answers: pd.DataFrame | None = None,
    small_base: int = 10,
) -> Evaluation:
    """The evaluation of ``period``: at a glance, then the numbered tables — referrals by PCN,
    practice and month, waits, caseloads, length of support, needs, needs together, support per
    need, who is reached, and (with ``answers``, the study's tidy answers) wellbeing before and
    after per need and per PCN, linked by participant code."""
    reference = reference or ReferenceData()
    per_worker = caseloads(records, period, reference.capacity or None)
    glance, waits, waiting, support, loads = _glance(records, period, per_worker)
    tables: list[tuple[str, pd.DataFrame, str]] = []
    grouped = {}
    for by, name in (("pcn", "PCN"), ("practice", "practice"), ("month", "month")):
        sizes = reference.list_sizes if by != "month" and reference.list_sizes else None
        frame = referrals_by(records, period, by, sizes)
        if by == "month":
            frame.index = frame.index.strftime("%B %Y")
        grouped[by] = frame
        tables.append((f"Referrals by {name}", frame.reset_index(), f"{frame['total'].sum()}"))
    bands = wait_bands(records, period)
    tables.append(
        (
            "Wait to first contact",
            pd.DataFrame(bands, columns=["wait", "referrals"]),
            f"{waits.n} referrals contacted; {waiting.people} waiting on {period.end:%-d %B %Y}",
        )
    )
    workers = per_worker.reset_index()
    workers["month"] = workers["month"].dt.strftime("%B %Y")
    tables.append(("Caseload per link worker and month", workers, "people on caseloads"))
    tables.append(
        (
            "Length of support (discharged)",
            pd.DataFrame(support.bands, columns=["length of support", "referrals"]),
            f"{support.n}; {support.still_open} still open",
        )
    )
    needs = people_with_needs(records, period)
    tables.append(("Needs", needs.reset_index(), f"{needs.attrs['n']} people"))
    tables.append(("Needs together", needs_together(records, period), "people"))
    tables.append(("Support offered per need", support_per_need(records, period), "referrals"))
    people = latest_referrals(records, period)
    for characteristic in CHARACTERISTICS:
        found = reached(people, characteristic, reference.population.get(characteristic))
        tables.append(
            (
                f"Who is reached: {CHARACTERISTIC_NAMES[characteristic]}",
                found.reset_index(),
                f"{found.attrs['n']} people",
            )
        )
    outcomes = None
    if answers is not None:
        referred = in_period(records, period)
        referred = referred[~referred["declined"]]
        outcomes = outcomes_of_everyone(referred, answers, small_base)
        for by, name in (("needs", "need"), ("pcn", "PCN")):
            changes = outcomes_table(outcomes_by(referred, answers, by, small_base), name)
            if not changes.empty:
                tables.append((f"Wellbeing by {name} (ONS4)", changes, "pairs"))
    return Evaluation(
        period=period,
        glance=glance,
        tables=tuple(
            EvaluationTable(number, name, frame, base)
            for number, (name, frame, base) in enumerate(tables, start=1)
        ),
        by_month=grouped["month"],
        by_pcn=grouped["pcn"],
        waits=waits,
        waiting=waiting,
        wait_bands=bands,
        support=support,
        needs=needs,
        caseload_by_month=loads,
        outcomes=outcomes,
    )


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
