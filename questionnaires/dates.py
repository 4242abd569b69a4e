"""Dates and times written as people write them ("4 July 2023", "4 July 2023, 2:05pm"), in the
organisation's time zone: what staff read on a page, never a database's UTC or an ISO string."""

from __future__ import annotations

import datetime as dt

__all__ = ["written_day", "written_time"]


def written_day(day: dt.date) -> str:
    """``day`` as "4 July 2023"."""
    return f"{day.day} {day:%B %Y}"


def written_time(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """``moment`` as "4 July 2023, 2:05pm" where ``zone`` keeps its clocks (a moment without a
    zone is UTC: the database keeps every moment in UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(zone)
    hour = local.hour % 12 or 12
    half = "am" if local.hour < 12 else "pm"
    return f"{written_day(local.date())}, {hour}:{local.minute:02d}{half}"
