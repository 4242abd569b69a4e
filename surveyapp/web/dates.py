"""The ``when`` and ``day`` filters of every template: moments in the organisation's time zone
(``TIME_ZONE``, Europe/London unless set) and days, written as people write them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Flask

from questionnaires.dates import written_day, written_time


def register(app: Flask) -> None:
    zone = ZoneInfo(str(app.config["TIME_ZONE"]))

    def when(moment: dt.datetime | None) -> str:
        return written_time(moment, zone) if moment else ""

    def day(value: dt.date | None) -> str:
        return written_day(value) if value else ""

    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["day"] = day
