"""Working-day arithmetic with the calendar injected, checked against dates counted by hand."""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from analysis.working_days import (
    add_working_days,
    is_working_day,
    response_deadline,
    working_days_between,
)

ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(2022, 2026))
SCOTLAND = holidays.country_holidays("GB", subdiv="SCT", years=range(2022, 2026))
NO_HOLIDAYS: frozenset[date] = frozenset()


def test_working_day_is_monday_to_friday_and_not_a_holiday():
    assert is_working_day(date(2023, 7, 4), ENGLAND)  # Tuesday
    assert not is_working_day(date(2023, 7, 8), ENGLAND)  # Saturday
    assert not is_working_day(date(2023, 7, 9), ENGLAND)  # Sunday
    assert not is_working_day(date(2023, 12, 25), ENGLAND)  # Christmas Day, a Monday
    assert is_working_day(date(2023, 12, 25), NO_HOLIDAYS)
    assert not is_working_day(date(2023, 12, 25), {date(2023, 12, 25)})  # a plain set will do


def test_the_seed_report_deadline_and_lateness():
    # Sent Tue 4 Jul 2023; no bank holiday in July or early August 2023. Counting from the next day:
    # Jul 5 (1), 6 (2), 7 (3), 10 (4), 11 (5), 12 (6), 13 (7), 14 (8), 17 (9), 18 (10), 19 (11),
    # 20 (12), 21 (13), 24 (14), 25 (15), 26 (16), 27 (17), 28 (18), 31 (19), Aug 1 (20).
    deadline = response_deadline(date(2023, 7, 4), ENGLAND)
    assert deadline == date(2023, 8, 1)  # Tuesday
    # The reply of Mon 14 Aug 2023: Aug 2, 3, 4, 7, 8, 9, 10, 11, 14 -> 9 working days late.
    assert working_days_between(deadline, date(2023, 8, 14), ENGLAND) == 9


def test_christmas_and_new_year_are_skipped():
    # Sent Wed 20 Dec 2023. Dec 21 (1), 22 (2); 23-24 weekend; 25 Christmas, 26 Boxing Day;
    # 27 (3), 28 (4), 29 (5); 30-31 weekend; Jan 1 New Year's Day; Jan 2 (6), 3 (7), 4 (8),
    # 5 (9), 8 (10), 9 (11), 10 (12), 11 (13), 12 (14), 15 (15), 16 (16), 17 (17), 18 (18),
    # 19 (19), 22 (20). Not Thu 18 Jan: that would be so with only one of the three holidays.
    assert response_deadline(date(2023, 12, 20), ENGLAND) == date(2024, 1, 22)  # Monday
    # Without any holidays the 20th working day is three working days earlier: Wed 17 Jan.
    assert response_deadline(date(2023, 12, 20), NO_HOLIDAYS) == date(2024, 1, 17)


def test_easter_is_skipped():
    # Sent Thu 28 Mar 2024; Fri 29 Mar Good Friday, Mon 1 Apr Easter Monday. Apr 2 (1), 3 (2),
    # 4 (3), 5 (4), 8-12 (5-9), 15-19 (10-14), 22-26 (15-19), 29 (20).
    assert response_deadline(date(2024, 3, 28), ENGLAND) == date(2024, 4, 29)  # Monday


def test_summer_bank_holiday_is_skipped():
    # Sent Fri 16 Aug 2024; Mon 26 Aug 2024 the summer bank holiday (England). Aug 19-23 (1-5),
    # 27-30 (6-9), Sep 2-6 (10-14), 9-13 (15-19), 16 (20).
    assert response_deadline(date(2024, 8, 16), ENGLAND) == date(2024, 9, 16)  # Monday


def test_sent_on_a_weekend_or_bank_holiday_counting_starts_on_the_next_working_day():
    # Sat 30 Mar 2024 (Easter weekend): Sun 31, Mon 1 Apr (Easter Monday) skipped; day 1 is Tue 2.
    assert add_working_days(date(2024, 3, 30), 1, ENGLAND) == date(2024, 4, 2)
    # Sent on Easter Monday itself: day 1 is also Tue 2 Apr, and day 20 Mon 29 Apr (as above).
    assert add_working_days(date(2024, 4, 1), 1, ENGLAND) == date(2024, 4, 2)
    assert response_deadline(date(2024, 4, 1), ENGLAND) == date(2024, 4, 29)
    # Sat 6 Jan 2024: Jan 8-12 (1-5), 15-19 (6-10), 22-26 (11-15), Jan 29-Feb 2 (16-20): Fri 2 Feb,
    # the same as for a report sent on Friday 5 Jan.
    assert response_deadline(date(2024, 1, 6), ENGLAND) == date(2024, 2, 2)
    assert response_deadline(date(2024, 1, 5), ENGLAND) == date(2024, 2, 2)


def test_adding_zero_working_days_is_the_start_itself_even_on_a_holiday():
    assert add_working_days(date(2023, 7, 4), 0, ENGLAND) == date(2023, 7, 4)
    assert add_working_days(date(2023, 12, 25), 0, ENGLAND) == date(2023, 12, 25)


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="zero or more"):
        add_working_days(date(2023, 7, 4), -1, ENGLAND)


def test_working_days_between_zero_and_negative():
    assert working_days_between(date(2023, 8, 1), date(2023, 8, 1), ENGLAND) == 0
    # Friday to the following Saturday and Sunday: no working day in between.
    assert working_days_between(date(2023, 8, 4), date(2023, 8, 6), ENGLAND) == 0
    # Friday to Monday: one (the Monday); the start never counts, the end does.
    assert working_days_between(date(2023, 8, 4), date(2023, 8, 7), ENGLAND) == 1
    # Reversed: minus the working days d with end < d <= start.
    assert working_days_between(date(2023, 8, 7), date(2023, 8, 4), ENGLAND) == -1
    assert working_days_between(date(2023, 8, 14), date(2023, 8, 1), ENGLAND) == -9
    # Over Christmas 2023: Dec 22 to Dec 27 is only Dec 27 (25 and 26 are bank holidays).
    assert working_days_between(date(2023, 12, 22), date(2023, 12, 27), ENGLAND) == 1
    assert working_days_between(date(2023, 12, 27), date(2023, 12, 22), ENGLAND) == -1


@pytest.mark.parametrize(
    ("sent_on", "days"),
    [
        (date(2023, 7, 4), 20),
        (date(2023, 12, 20), 20),
        (date(2024, 3, 30), 7),
        (date(2024, 1, 6), 1),
    ],
)
def test_adding_then_counting_gives_the_days_back(sent_on: date, days: int):
    assert working_days_between(sent_on, add_working_days(sent_on, days, ENGLAND), ENGLAND) == days


def test_the_nation_is_chosen_by_the_injected_calendar():
    # 2 Jan 2024 is a bank holiday in Scotland, not in England.
    assert is_working_day(date(2024, 1, 2), ENGLAND)
    assert not is_working_day(date(2024, 1, 2), SCOTLAND)
    # Sent Wed 20 Dec 2023 in Scotland: Dec 25, 26, Jan 1 and 2 skipped, so one working day later
    # than in England: Tue 23 Jan 2024 instead of Mon 22 Jan.
    assert response_deadline(date(2023, 12, 20), SCOTLAND) == date(2024, 1, 23)
    # Scotland's summer bank holiday is the first Monday of August (5 Aug 2024), so the report
    # sent Fri 16 Aug 2024 is due one working day earlier there: Fri 13 Sep, not Mon 16 Sep.
    assert response_deadline(date(2024, 8, 16), SCOTLAND) == date(2024, 9, 13)


def test_a_shorter_or_longer_period_can_be_given():
    # Sent Tue 4 Jul 2023: 5 working days is Tue 11 Jul (5, 6, 7, 10, 11).
    assert response_deadline(date(2023, 7, 4), ENGLAND, working_days=5) == date(2023, 7, 11)
