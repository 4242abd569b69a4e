"""Times written as people write them, in the organisation's clocks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from questionnaires.dates import written_day, written_time

LONDON = ZoneInfo("Europe/London")


def test_a_summer_moment_kept_in_utc_is_read_in_british_summer_time():
    assert written_time(dt.datetime(2023, 7, 4, 13, 5), LONDON) == "4 July 2023, 2:05pm"
    assert written_time(dt.datetime(2023, 7, 4, 13, 5, tzinfo=dt.UTC), dt.UTC) == (
        "4 July 2023, 1:05pm"
    )


def test_midnight_noon_and_the_winter_clock():
    assert written_time(dt.datetime(2023, 12, 31, 0, 0), LONDON) == "31 December 2023, 12:00am"
    assert written_time(dt.datetime(2023, 12, 31, 12, 30), LONDON) == "31 December 2023, 12:30pm"
    # 23:30 UTC on 30 June is already 1 July in London.
    assert written_time(dt.datetime(2023, 6, 30, 23, 30), LONDON) == "1 July 2023, 12:30am"


def test_a_day_has_no_leading_zero_and_its_month_in_full():
    assert written_day(dt.date(2023, 3, 7)) == "7 March 2023"
