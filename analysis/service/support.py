"""How long people are supported: from first contact to discharge."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.service.records import Period, check_records

__all__ = ["BANDS", "DAYS_A_MONTH", "SupportLength", "length_of_support"]

#: An average month (365.25 / 12 days): support "of 3 to 6 months" is 91.3 to 182.6 days.
DAYS_A_MONTH = 365.25 / 12
#: (label, fewest months, most months): each band includes its lower end.
BANDS = (
    ("Under 1 month", 0, 1),
    ("1 to 3 months", 1, 3),
    ("3 to 6 months", 3, 6),
    ("6 to 12 months", 6, 12),
    ("12 months or more", 12, None),
)


@dataclass(frozen=True)
class SupportLength:
    n: int  # referrals discharged in the period after a first contact
    period: Period
    median_days: float | None
    mean_days: float | None
    bands: tuple[tuple[str, int], ...]  # (band, referrals), in the order of BANDS
    still_open: int  # referrals supported at the period's end, not yet discharged: apart


def length_of_support(records: pd.DataFrame, period: Period) -> SupportLength:
    """Days from ``first_contact_date`` to ``discharge_date`` for the referrals discharged
    within ``period`` after a first contact: median, mean, and how many fall in each band of
    :data:`BANDS` (months of :data:`DAYS_A_MONTH` days). Referrals with a first contact on or
    before the period's end and no discharge by then are ``still_open``."""
    check_records(records)
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    contacted = records[records["first_contact_date"].notna() & ~records["declined"]]
    gone = contacted["discharge_date"]
    done = contacted[(gone >= start) & (gone <= end)]
    still_open = contacted[(contacted["first_contact_date"] <= end) & ~(gone <= end)]
    days = (done["discharge_date"] - done["first_contact_date"]).dt.days
    months = days / DAYS_A_MONTH
    bands = tuple(
        (label, int(((months >= low) & ((months < high) if high else True)).sum()))
        for label, low, high in BANDS
    )
    return SupportLength(
        n=len(days),
        period=period,
        median_days=float(days.median()) if len(days) else None,
        mean_days=float(days.mean()) if len(days) else None,
        bands=bands,
        still_open=len(still_open),
    )
