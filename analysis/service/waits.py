"""How long people wait for a link worker's first contact, and who is still waiting on a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analysis.service.records import Period, check_records
from analysis.service.referrals import in_period

__all__ = [
    "CONTACT_WITHIN_DAYS",
    "WAIT_BANDS",
    "WaitingList",
    "Waits",
    "wait_bands",
    "waiting_list",
    "waits_to_first_contact",
]

#: The service's standard (One Westminster: first contact within a week of being tasked).
CONTACT_WITHIN_DAYS = 7


@dataclass(frozen=True)
class Waits:
    n: int  # referrals with a first contact
    period: Period
    median_days: float | None
    p90_days: float | None
    within_days: int  # the standard the share is measured against
    within_share: float | None  # 0..1


@dataclass(frozen=True)
class WaitingList:
    on: dt.date
    people: int
    longest_days: int | None


def waits_to_first_contact(
    records: pd.DataFrame, period: Period, within_days: int = CONTACT_WITHIN_DAYS
) -> Waits:
    """Days from ``referral_date`` to ``first_contact_date`` for the referrals made in
    ``period`` that were not declined and have had a first contact: their median, their 90th
    percentile (linear between the two nearest, as a spreadsheet's PERCENTILE does) and the
    share contacted within ``within_days`` days (that day included). Referrals still waiting
    are not in these figures: :func:`waiting_list` counts them."""
    check_records(records)
    chosen = in_period(records, period)
    contacted = chosen[~chosen["declined"] & chosen["first_contact_date"].notna()]
    days = (contacted["first_contact_date"] - contacted["referral_date"]).dt.days
    if days.empty:
        return Waits(0, period, None, None, within_days, None)
    return Waits(
        n=len(days),
        period=period,
        median_days=float(days.median()),
        p90_days=float(days.quantile(0.9)),
        within_days=within_days,
        within_share=float((days <= within_days).mean()),
    )


#: (label, fewest days, most days) of a wait to first contact: each band includes both ends.
WAIT_BANDS = (
    ("Within a week (0 to 7 days)", 0, 7),
    ("8 to 14 days", 8, 14),
    ("15 to 28 days", 15, 28),
    ("29 days to 3 months", 29, 91),
    ("Over 3 months", 92, None),
)


def wait_bands(records: pd.DataFrame, period: Period) -> tuple[tuple[str, int], ...]:
    """How many of the referrals of :func:`waits_to_first_contact` (made in ``period``, not
    declined, contacted) waited each :data:`WAIT_BANDS` number of days: (band, referrals)."""
    check_records(records)
    chosen = in_period(records, period)
    contacted = chosen[~chosen["declined"] & chosen["first_contact_date"].notna()]
    days = (contacted["first_contact_date"] - contacted["referral_date"]).dt.days
    return tuple(
        (label, int(((days >= low) & ((days <= high) if high is not None else True)).sum()))
        for label, low, high in WAIT_BANDS
    )


def waiting_list(records: pd.DataFrame, on: dt.date) -> WaitingList:
    """The people waiting on the day ``on``: referred on or before it, not declined, with no
    first contact by then, and not discharged by then (a referral closed without contact has
    left the list). A person with two open referrals is one person. ``longest_days`` is the
    longest wait so far, from the earliest such referral to ``on``."""
    check_records(records)
    day = pd.Timestamp(on)
    waiting = records[
        (records["referral_date"] <= day)
        & ~records["declined"]
        & ~(records["first_contact_date"] <= day)
        & ~(records["discharge_date"] <= day)
    ]
    if waiting.empty:
        return WaitingList(on, 0, None)
    longest = int((day - waiting["referral_date"].min()).days)
    return WaitingList(on, int(waiting["person_id"].nunique()), longest)
