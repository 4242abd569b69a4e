"""Trying a transaction again when another one won a race for the same unique key."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

T = TypeVar("T")


def after_a_race(session: Session, attempt: Callable[[], T], times: int) -> T:
    """``attempt()``, run again (after a rollback) while a unique constraint says another
    transaction got there first, at most ``times`` times in all; the last failure is raised."""
    for tried in range(1, times + 1):
        try:
            return attempt()
        except IntegrityError:
            session.rollback()
            if tried == times:
                raise
    raise ValueError("times must be at least 1")
