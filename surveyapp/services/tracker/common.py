"""What every part of the tracker shares: its error, finding a record by the id in a URL, and
changing a record's fields so that the change can be audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from surveyapp.services import NotFoundError, ServiceError


class TrackerError(ServiceError):
    """A tracker change that cannot be made; the message says what to correct."""


MAX_ID = 2**31 - 1  # beyond any id the database holds (and beyond what it can be asked)


def find_record(session: Session, model: type, id_: int, what: str) -> Any:
    """The ``model`` record ``id_``, or NotFoundError naming it as ``what``."""
    found = session.get(model, id_) if 0 < id_ <= MAX_ID else None
    if found is None:
        raise NotFoundError(f"There is no {what} number {id_}")
    return found


def apply_changes(record: Any, **values: Any) -> dict[str, tuple[Any, Any]]:
    """Set ``values`` on ``record``; return the fields that changed as (old, new)."""
    changes = {}
    for field, new in values.items():
        old = getattr(record, field)
        if old != new:
            changes[field] = (old, new)
            setattr(record, field, new)
    return changes
