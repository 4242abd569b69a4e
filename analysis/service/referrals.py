"""Referrals per PCN, per practice or per month, declined ones apart, and per 1,000 registered
patients where the practices' list sizes are loaded."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.service.records import Period, check_records

__all__ = ["GROUPINGS", "in_period", "referrals_by"]

GROUPINGS = ("pcn", "practice", "month")


def in_period(records: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The referrals made within ``period`` (by ``referral_date``, both ends included)."""
    dates = records["referral_date"]
    return records[(dates >= pd.Timestamp(period.start)) & (dates <= pd.Timestamp(period.end))]


def referrals_by(
    records: pd.DataFrame,
    period: Period,
    by: str,
    list_sizes: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Referrals made in ``period`` per ``by`` (``pcn``, ``practice`` or ``month``).

    Definition: a referral counts in the group of its PCN, practice or calendar month of
    ``referral_date``. ``referrals`` counts those not declined, ``declined`` those declined
    (by the person: SNOMED 871711000000103), ``total`` both. With ``list_sizes`` (registered
    patients per PCN or practice), ``per_1000`` is ``total`` per 1,000 registered patients,
    to one decimal place, and empty where the list size is unknown. Every month of the period
    is a row, with 0 where nothing came; groups without a name are "Not recorded".
    """
    if by not in GROUPINGS:
        raise ValueError(f"Referrals are counted by {', '.join(GROUPINGS)}, not '{by}'")
    check_records(records)
    chosen = in_period(records, period)
    if by == "month":
        group = chosen["referral_date"].dt.to_period("M")
    else:
        group = chosen[by].fillna("Not recorded").replace("", "Not recorded")
    counts = pd.DataFrame(
        {
            "referrals": (~chosen["declined"]).groupby(group).sum(),
            "declined": chosen["declined"].groupby(group).sum(),
        }
    ).astype("int64")
    if by == "month":
        counts = counts.reindex(period.months, fill_value=0)
    counts["total"] = counts["referrals"] + counts["declined"]
    counts.index.name = by
    if list_sizes is not None and by != "month":
        sizes = pd.Series(list_sizes, dtype="float64").reindex(counts.index)
        counts["per_1000"] = (counts["total"] / sizes * 1000).round(1)
    return counts.sort_index() if by != "month" else counts
