"""What people came with and what they were offered: needs per person, the needs that come
together, and the support offered for each need."""

from __future__ import annotations

import pandas as pd

from analysis.service.records import Period, check_records
from analysis.service.referrals import in_period

__all__ = ["needs_together", "people_with_needs", "support_per_need"]


def _referred(records: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The referrals made in ``period`` that were not declined."""
    check_records(records)
    chosen = in_period(records, period)
    return chosen[~chosen["declined"]]


def _person_needs(chosen: pd.DataFrame) -> pd.DataFrame:
    """One row per person and need they came with (over all their referrals)."""
    pairs = chosen[["person_id", "needs"]].explode("needs").dropna()
    return pairs.drop_duplicates().rename(columns={"needs": "need"})


def people_with_needs(records: pd.DataFrame, period: Period) -> pd.DataFrame:
    """How many people referred in ``period`` (declined referrals apart) had each need, most
    common first. A person with several needs counts under each (so the shares add up to more
    than 1); ``share`` is of everyone referred, including those with no need recorded, and the
    frame's ``attrs["n"]`` is that number."""
    chosen = _referred(records, period)
    people = int(chosen["person_id"].nunique())
    counts = _person_needs(chosen)["need"].value_counts().rename("people")
    table = counts.to_frame()
    table.index.name = "need"
    table["share"] = table["people"] / people if people else 0.0
    table = table.reset_index().sort_values(["people", "need"], ascending=[False, True])
    table.attrs["n"] = people
    return table.set_index("need")


def needs_together(records: pd.DataFrame, period: Period) -> pd.DataFrame:
    """How many people referred in ``period`` had each pair of needs, most common pair first
    (a person with three needs makes three pairs)."""
    needs = _person_needs(_referred(records, period))
    pairs = needs.merge(needs, on="person_id", suffixes=("", "_other"))
    pairs = pairs[pairs["need"] < pairs["need_other"]]
    counted = (pairs.groupby(["need", "need_other"]).size().rename("people").reset_index()).rename(
        columns={"need_other": "with_need"}
    )
    return counted.sort_values(["people", "need", "with_need"], ascending=[False, True, True])


def support_per_need(records: pd.DataFrame, period: Period) -> pd.DataFrame:
    """For each need, the support offered on the referrals that recorded it: how many of those
    referrals (made in ``period``, not declined) offered each activity or service."""
    chosen = _referred(records, period)[["referral_id", "needs", "support_offered"]]
    both = chosen.explode("needs").explode("support_offered").dropna().drop_duplicates()
    counted = (
        both.groupby(["needs", "support_offered"]).size().rename("referrals").reset_index()
    ).rename(columns={"needs": "need"})
    return counted.sort_values(["need", "referrals"], ascending=[True, False])
