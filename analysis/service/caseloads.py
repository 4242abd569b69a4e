"""Each link worker's caseload month by month, against their capacity."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.service.records import Period, check_records

__all__ = ["caseloads"]


def caseloads(
    records: pd.DataFrame, period: Period, capacity: Mapping[str, int] | None = None
) -> pd.DataFrame:
    """People on each link worker's caseload in each month of ``period``.

    Definition: a person is on a link worker's caseload in a month when their first contact
    happened on or before the month's last day and their discharge, if any, on or after its
    first day (declined referrals never are). A person counts once a month per link worker.
    Rows: link worker and month (every month of the period, 0 where nobody was on it);
    ``capacity`` (people a link worker can hold) adds a ``capacity`` column and ``over``,
    true where the caseload is above it.
    """
    check_records(records)
    open_ = records[~records["declined"] & records["first_contact_date"].notna()]
    open_ = open_[open_["link_worker"].fillna("") != ""]
    workers = sorted(open_["link_worker"].unique())
    months = period.months
    rows = []
    for month in months:
        first, last = month.start_time, month.end_time.normalize()
        on = open_[
            (open_["first_contact_date"] <= last)
            & ~(open_["discharge_date"] < first)  # NaT (still open) stays in
        ]
        held = on.groupby("link_worker")["person_id"].nunique()
        rows += [(worker, month, int(held.get(worker, 0))) for worker in workers]
    table = pd.DataFrame(rows, columns=["link_worker", "month", "caseload"])
    table["month"] = pd.PeriodIndex(table["month"], freq="M")  # a month even with no rows
    if capacity is not None:
        table["capacity"] = table["link_worker"].map(capacity).astype("Int64")
        table["over"] = (table["caseload"] > table["capacity"]).fillna(False).astype(bool)
    return table.set_index(["link_worker", "month"])
