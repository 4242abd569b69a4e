"""What the tracker's pages share: the day statuses are worked out for, ids from the query
string, and the organisations to choose from."""

from __future__ import annotations

import datetime as dt
import re

from flask import request

from surveyapp.extensions import db
from surveyapp.forms.tracker import FIRST_YEAR
from surveyapp.services import tracker


def as_of_day() -> dt.date:
    """The day statuses are worked out for: today, or ``?as_of=YYYY-MM-DD`` to look back."""
    today = dt.date.today()
    try:
        asked = dt.date.fromisoformat(request.args.get("as_of", ""))
    except ValueError:
        return today
    return asked if FIRST_YEAR <= asked.year <= today.year + 5 else today


def id_arg(name: str) -> int | None:
    """An id from the query string, or None (ASCII digits only, and no longer than an id)."""
    value = request.args.get(name, "")
    return int(value) if re.fullmatch(r"[0-9]{1,9}", value) else None


def organisation_choices() -> list[tuple[str, str]]:
    return [(str(o.id), o.name) for o in tracker.list_organisations(db.session)]
