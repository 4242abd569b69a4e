"""The bank holidays of each UK nation: the calendar that response deadlines skip.

Working-day arithmetic (``analysis.working_days``) takes any calendar; this is the one the app
uses, from the ``holidays`` library, so that a notebook gets the same deadlines as the tracker.
"""

from __future__ import annotations

from functools import lru_cache

import holidays

__all__ = ["NATIONS", "bank_holidays"]

NATIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}


@lru_cache(maxsize=8)
def bank_holidays(nation: str = "ENG") -> holidays.HolidayBase:
    """Bank holidays of ``nation`` (ENG, WLS, SCT or NIR). The library works out each year's
    holidays the first time a date of that year is asked, so one calendar serves every year."""
    nation = nation.upper()
    if nation not in NATIONS:
        raise ValueError(f"Unknown nation '{nation}': use one of {', '.join(NATIONS)}")
    return holidays.country_holidays("GB", subdiv=nation)
