"""Who the service reaches: the people referred, by age band, gender, ethnicity or ward, beside
the area's population where it is loaded."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.service.records import Period, check_records
from analysis.service.referrals import in_period

__all__ = ["CHARACTERISTICS", "NOT_RECORDED", "latest_referrals", "reached", "who_is_reached"]

CHARACTERISTICS = ("age_band", "gender", "ethnicity", "ward")
NOT_RECORDED = "Not recorded"
#: Below this, a difference from the population is called beyond chance (two-sided).
SIGNIFICANCE = 0.05


def who_is_reached(
    records: pd.DataFrame,
    period: Period,
    characteristic: str,
    population: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """The people referred in ``period`` (declined referrals included: they were referred) by
    ``characteristic``, each person once, as on their latest referral of the period.

    Columns: ``people`` and ``share`` (of everyone referred). With ``population`` (people
    living in the area per category), also ``population_share``, ``difference`` (the share of
    the people compared minus the population share, in percentage points) and
    ``beyond_chance``: whether an exact binomial
    test of the people recorded in the area's categories puts that category's count outside
    what the population share makes likely at the 5% level. People "Not recorded", or in a
    category the population does not have, are shown but left out of the test; the frame's
    ``attrs`` hold ``n`` and ``tested`` (how many were compared)."""
    return reached(latest_referrals(records, period), characteristic, population)


def latest_referrals(records: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Each person referred in ``period`` once, as on their latest referral of it (by date,
    then referral id): the people :func:`who_is_reached` counts."""
    check_records(records)
    chosen = in_period(records, period)[["person_id", "referral_date", "referral_id",
                                         *CHARACTERISTICS]]  # fmt: skip
    ordered = chosen.sort_values(["referral_date", "referral_id"])
    return ordered.drop_duplicates("person_id", keep="last")


def reached(
    latest: pd.DataFrame, characteristic: str, population: Mapping[str, int] | None = None
) -> pd.DataFrame:
    """:func:`who_is_reached` of people already chosen by :func:`latest_referrals` (to count
    several characteristics of a large frame without choosing them again)."""
    if characteristic not in CHARACTERISTICS:
        raise ValueError(f"Who is reached is counted by {', '.join(CHARACTERISTICS)}")
    values = latest[characteristic].fillna(NOT_RECORDED).replace("", NOT_RECORDED)
    table = values.value_counts().rename("people").to_frame()
    table.index.name = characteristic
    n = int(table["people"].sum())
    table["share"] = table["people"] / n if n else 0.0
    table.attrs.update(n=n, tested=0)
    if population is None:
        return table.sort_index()
    from scipy.stats import binomtest

    living = pd.Series(population, dtype="float64")
    everyone = living.sum()
    table = table.reindex(table.index.union(living.index), fill_value=0)
    table["population_share"] = (living / everyone).reindex(table.index)
    in_area = table["population_share"].notna()
    tested = int(table.loc[in_area, "people"].sum())
    compared_share = table["people"] / tested if tested else float("nan")
    table["difference"] = (compared_share - table["population_share"]) * 100
    table["beyond_chance"] = [
        bool(binomtest(int(k), tested, float(p)).pvalue < SIGNIFICANCE)
        if compared and tested and 0 < p < 1
        else False
        for k, p, compared in zip(table["people"], table["population_share"], in_area, strict=True)
    ]
    table.attrs.update(n=n, tested=tested)
    return table.sort_index()
