"""What people came with and what they were offered: needs per person, the needs that come
together, and the support offered for each need."""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from analysis.service.records import Period, check_records
from analysis.service.referrals import in_period

__all__ = ["needs_together", "people_with_needs", "support_per_need"]


def _people_needs(records: pd.DataFrame, period: Period) -> pd.Series:
    """Each person referred in ``period`` (not declined): the set of needs of their referrals."""
    check_records(records)
    chosen = in_period(records, period)
    chosen = chosen[~chosen["declined"]]
    return chosen.groupby("person_id")["needs"].agg(lambda lists: frozenset().union(*lists))


def people_with_needs(records: pd.DataFrame, period: Period) -> pd.DataFrame:
    """How many people referred in ``period`` (declined referrals apart) had each need, most
    common first. A person with several needs counts under each (so the shares add up to more
    than 1); ``share`` is of everyone referred, including those with no need recorded, and the
    frame's ``attrs["n"]`` is that number."""
    people = _people_needs(records, period)
    counts = pd.Series([need for needs in people for need in needs], dtype="object")
    table = counts.value_counts().rename("people").to_frame()
    table.index.name = "need"
    table["share"] = table["people"] / len(people) if len(people) else 0.0
    table = table.reset_index().sort_values(["people", "need"], ascending=[False, True])
    table.attrs["n"] = len(people)
    return table.set_index("need")


def needs_together(records: pd.DataFrame, period: Period) -> pd.DataFrame:
    """How many people referred in ``period`` had each pair of needs, most common pair first
    (a person with three needs makes three pairs)."""
    pairs = [
        pair for needs in _people_needs(records, period) for pair in combinations(sorted(needs), 2)
    ]
    table = pd.DataFrame(pairs, columns=["need", "with_need"])
    counted = table.value_counts().rename("people").reset_index()
    return counted.sort_values(["people", "need", "with_need"], ascending=[False, True, True])


def support_per_need(records: pd.DataFrame, period: Period) -> pd.DataFrame:
    """For each need, the support offered on the referrals that recorded it: how many of those
    referrals (made in ``period``, not declined) offered each activity or service."""
    check_records(records)
    chosen = in_period(records, period)
    chosen = chosen[~chosen["declined"]]
    rows = [
        (need, offered)
        for needs, support in zip(chosen["needs"], chosen["support_offered"], strict=True)
        for need in set(needs)
        for offered in set(support)
    ]
    table = pd.DataFrame(rows, columns=["need", "support_offered"])
    counted = table.value_counts().rename("referrals").reset_index()
    return counted.sort_values(["need", "referrals"], ascending=[True, False])
