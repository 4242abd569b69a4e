"""The records frame every service measure reads: one row per referral, in the columns of the
product's own import format, dates as dates and lists as tuples.

Rows that break the rules a record keeps (a first contact or a discharge before the referral)
are refused by the importer, so :func:`check_records` only says when a frame was built wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = [
    "DATE_COLUMNS",
    "LIST_COLUMNS",
    "RECORD_COLUMNS",
    "Period",
    "check_records",
    "normalised",
    "records_frame",
]

DATE_COLUMNS = ("referral_date", "first_contact_date", "discharge_date")
LIST_COLUMNS = ("needs", "support_offered")
RECORD_COLUMNS = (
    "referral_id",
    "person_id",
    "referral_date",
    "referral_source",
    "practice",
    "pcn",
    "link_worker",
    "first_contact_date",
    "declined",
    "needs",
    "support_offered",
    "discharge_date",
    "discharge_reason",
    "participant_code",
    "age_band",
    "gender",
    "ethnicity",
    "ward",
)


@dataclass(frozen=True)
class Period:
    """The days a figure covers, both ends included (March 2021 to March 2022: 1 March 2021
    to 31 March 2022)."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"The period ends ({self.end}) before it starts ({self.start})")

    def __str__(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def months(self) -> pd.PeriodIndex:
        """The calendar months the period touches, first to last."""
        return pd.period_range(self.start, self.end, freq="M")


def records_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A records frame from mappings of column to value (missing columns are empty): dates
    parsed, ``declined`` a bool, ``needs`` and ``support_offered`` tuples."""
    return normalised(pd.DataFrame.from_records(list(rows), columns=list(RECORD_COLUMNS)))


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (the record columns, as read from a file or a database) as a records frame:
    dates as dates, ``declined`` a bool, lists as tuples (a ``;``-separated text is split)."""
    frame = frame.reindex(columns=list(RECORD_COLUMNS))
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column]).dt.normalize()
    frame["declined"] = frame["declined"].map(lambda v: v is True or v == 1).astype(bool)
    for column in LIST_COLUMNS:
        frame[column] = frame[column].map(_as_tuple)
    # Text columns stay text even when every value is missing (pandas makes such a column
    # numbers, which text cannot later fill).
    for column in set(RECORD_COLUMNS) - set(DATE_COLUMNS) - set(LIST_COLUMNS) - {"declined"}:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _as_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(value)
    if isinstance(value, str):
        return tuple(part for part in value.split(";") if part)
    return ()


def check_records(frame: pd.DataFrame) -> None:
    """Raise ``ValueError`` naming what is wrong when ``frame`` is not a records frame."""
    missing = [c for c in RECORD_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"A records frame needs the columns {', '.join(missing)}")
    for column in DATE_COLUMNS:
        if not pd.api.types.is_datetime64_any_dtype(frame[column]):
            raise ValueError(f"'{column}' must hold dates (datetime64), not {frame[column].dtype}")
    for column, after in (("first_contact_date", "referral"), ("discharge_date", "referral")):
        early = frame[column] < frame["referral_date"]
        if early.any():
            first = frame.loc[early, "referral_id"].iloc[0]
            raise ValueError(f"Referral {first}: its {column} is before the {after}")
