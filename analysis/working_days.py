"""Working-day arithmetic for the recommendation tracker.

A body that receives a Healthwatch report has 20 working days to reply. These functions count
working days (Monday to Friday, not a bank holiday) with the calendar *injected*: pass anything that
answers ``day in holidays``, such as a ``set`` of dates in a test, or
``holidays.country_holidays("GB", subdiv="ENG")`` in the app (``"SCT"``, ``"WLS"`` or ``"NIR"`` for
the other nations). This module never imports a holiday library and does no I/O.

Counting convention: the day something happens never counts. Day 1 is the first working day *after*
the start, so a report sent on a Saturday or a bank holiday starts counting on the next working day.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta
from typing import TypeAlias

__all__ = [
    "STATUTORY_RESPONSE_DAYS",
    "Holidays",
    "add_working_days",
    "is_working_day",
    "response_deadline",
    "working_days_between",
]

Holidays: TypeAlias = Container[date]
"""Any calendar of non-working days that supports ``day in holidays``."""

STATUTORY_RESPONSE_DAYS = 20
"""Working days a body has to reply to a Healthwatch report."""

_ONE_DAY = timedelta(days=1)


def is_working_day(day: date, holidays: Holidays) -> bool:
    """Whether ``day`` counts as a working day: Monday to Friday and not in ``holidays``."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Holidays) -> date:
    """The date that is ``days`` working days after ``start``: a deadline of the tracker.

    ``start`` itself never counts, whatever day it is; day 1 is the first working day after it.
    ``days`` must be zero or more; ``add_working_days(start, 0, holidays)`` is ``start``.
    """
    if days < 0:
        raise ValueError(f"days must be zero or more, not {days}")
    day = start
    remaining = days
    while remaining:
        day += _ONE_DAY
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def _working_days_after_until(start: date, end: date, holidays: Holidays) -> int:
    """The number of working days ``d`` with ``start < d <= end`` (0 when ``end <= start``)."""
    # Ordinals, not date arithmetic, so that the last representable date cannot overflow.
    return sum(
        is_working_day(date.fromordinal(ordinal), holidays)
        for ordinal in range(start.toordinal() + 1, end.toordinal() + 1)
    )


def working_days_between(start: date, end: date, holidays: Holidays) -> int:
    """Working days from ``start`` to ``end``: days left to a deadline, or how late a reply was.

    The number of working days ``d`` with ``start < d <= end``. When ``end`` is before ``start``
    the answer is negative: minus the number of working days ``d`` with ``end < d <= start``. So
    ``working_days_between(deadline, received_on, holidays)`` is how many working days late a reply
    was, and ``working_days_between(today, deadline, holidays)`` how many are left.
    """
    if end >= start:
        return _working_days_after_until(start, end, holidays)
    return -_working_days_after_until(end, start, holidays)


def response_deadline(
    sent_on: date, holidays: Holidays, working_days: int = STATUTORY_RESPONSE_DAYS
) -> date:
    """The statutory deadline for a reply to a report sent on ``sent_on``.

    ``working_days`` (20 by law) working days after the day it was sent.
    """
    return add_working_days(sent_on, working_days, holidays)
