"""The bank holidays that working-day deadlines skip: those of the configured UK nation."""

from __future__ import annotations

from functools import lru_cache

import holidays
from flask import current_app

NATIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}


@lru_cache(maxsize=8)
def _nation_holidays(nation: str) -> holidays.HolidayBase:
    # The library works out each year's holidays the first time a date of that year is asked.
    return holidays.country_holidays("GB", subdiv=nation)


def bank_holidays(nation: str | None = None) -> holidays.HolidayBase:
    """Bank holidays of ``nation`` (ENG, WLS, SCT, NIR; default: the app's BANK_HOLIDAYS)."""
    nation = (nation or str(current_app.config["BANK_HOLIDAYS"])).upper()
    if nation not in NATIONS:
        raise ValueError(f"Unknown nation '{nation}': use one of {', '.join(NATIONS)}")
    return _nation_holidays(nation)
