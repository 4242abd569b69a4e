"""Recommendation tracking: response deadlines and the red/amber/green status of each report.

A study's report goes to one or more organisations (NHS bodies, the council). Each must reply within
20 working days, stating for every recommendation whether it is accepted; accepted recommendations
become actions with an owner and a due date, reviewed until done. Everything here is derived from
dates and records *as of a given day*: a record dated after ``as_of`` (a reply, a review) is not yet
known on that day. The bank-holiday calendar is injected (see :mod:`analysis.working_days`); there
is no I/O, no Flask and no database here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from analysis.working_days import (
    STATUTORY_RESPONSE_DAYS,
    Holidays,
    response_deadline,
    working_days_between,
)

__all__ = [
    "COLOURS",
    "REVIEW_STATES",
    "REVIEW_STATE_LABELS",
    "STANCES",
    "STANCE_LABELS",
    "ActionState",
    "ResponseTiming",
    "Status",
    "action_status",
    "dispatch_status",
    "few_answers",
    "format_day",
    "response_timing",
]

STANCES = ("accepted", "partly_accepted", "not_accepted", "already_in_place", "no_response")
"""What a body said about one recommendation, as stored."""

STANCE_LABELS = {
    "accepted": "Accepted",
    "partly_accepted": "Partly accepted",
    "not_accepted": "Not accepted",
    "already_in_place": "Already in place",
    "no_response": "No response",
}

REVIEW_STATES = ("done", "in_progress", "not_done")
"""Where an action stood at a review, as stored."""

REVIEW_STATE_LABELS = {
    "done": "Done",
    "in_progress": "In progress",
    "not_done": "Not done",
}

COLOURS = ("grey", "green", "amber", "red")
"""Status colours, least to most urgent."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: date) -> str:
    """A date as the tracker prints it: ``1 Aug 2023`` (no leading zero, English, any locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    """``1 action``, ``2 actions``."""
    word = singular if count == 1 else (plural or singular + "s")
    return f"{count} {word}"


def _listing(items: Sequence[str]) -> str:
    """``3``, ``3 and 7``, ``3, 6 and 7``."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class ResponseTiming:
    """The dates of one organisation's reply to one report, and the working-day figures as of a day.

    Build it with :func:`response_timing`, which computes the three working-day fields with the
    calendar. ``received_on`` is the date the reply arrived, if it has; a date after ``as_of`` is
    kept but the reply does not count as received on ``as_of``.
    """

    sent_on: date
    deadline: date
    """Statutory deadline: 20 working days after ``sent_on``."""
    extended_to: date | None
    received_on: date | None
    as_of: date
    working_days_left: int | None
    """Not received and not past the effective deadline: working days from ``as_of`` to it."""
    working_days_overdue: int | None
    """Not received and ``as_of`` is after the effective deadline: working days past it."""
    working_days_late: int | None
    """Received after the *statutory* deadline: working days from it to ``received_on``."""

    @property
    def received(self) -> bool:
        """Whether the reply had arrived by ``as_of``."""
        return self.received_on is not None and self.received_on <= self.as_of

    @property
    def effective_deadline(self) -> date:
        """The deadline that applies: the agreed extension if there is one, else the statutory."""
        return self.extended_to if self.extended_to is not None else self.deadline

    @property
    def met_extension(self) -> bool | None:
        """With an extension and a reply: whether the reply came by the extended date."""
        if self.extended_to is None or self.received_on is None or not self.received:
            return None
        return self.received_on <= self.extended_to

    @property
    def on_time(self) -> bool | None:
        """With a reply: whether it came by the effective deadline (None while awaited)."""
        if self.received_on is None or not self.received:
            return None
        return self.received_on <= self.effective_deadline


def response_timing(
    sent_on: date,
    received_on: date | None,
    extended_to: date | None,
    as_of: date,
    holidays: Holidays,
    working_days: int = STATUTORY_RESPONSE_DAYS,
) -> ResponseTiming:
    """The deadline and the days left, overdue or late for one reply, as of ``as_of``.

    The statutory deadline is ``working_days`` working days after ``sent_on`` in the ``holidays``
    calendar; ``extended_to`` is an extension agreed with the body, if any.
    """
    deadline = response_deadline(sent_on, holidays, working_days)
    effective = extended_to if extended_to is not None else deadline
    received = received_on is not None and received_on <= as_of
    left = overdue = late = None
    if received_on is None or not received:
        if as_of <= effective:
            left = working_days_between(as_of, effective, holidays)
        else:
            overdue = working_days_between(effective, as_of, holidays)
    elif received_on > deadline:
        late = working_days_between(deadline, received_on, holidays)
    return ResponseTiming(
        sent_on=sent_on,
        deadline=deadline,
        extended_to=extended_to,
        received_on=received_on,
        as_of=as_of,
        working_days_left=left,
        working_days_overdue=overdue,
        working_days_late=late,
    )


@dataclass(frozen=True)
class Status:
    """A tracker status: a colour (one of :data:`COLOURS`) and a plain-English reason."""

    colour: str
    reason: str

    def __post_init__(self) -> None:
        if self.colour not in COLOURS:
            raise ValueError(f"colour must be one of {', '.join(COLOURS)}, not {self.colour!r}")


@dataclass(frozen=True)
class ActionState:
    """One action agreed in reply to a recommendation, with its latest review (if any)."""

    description: str
    owner: str
    due_on: date | None
    latest_review: str | None
    """One of :data:`REVIEW_STATES`, or None before the first review."""
    latest_review_on: date | None

    def __post_init__(self) -> None:
        if self.latest_review is not None and self.latest_review not in REVIEW_STATES:
            raise ValueError(
                f"latest_review must be one of {', '.join(REVIEW_STATES)} or None, "
                f"not {self.latest_review!r}"
            )


def _is_done(action: ActionState, as_of: date) -> bool:
    """Whether the action's latest review known on ``as_of`` found it done."""
    known = action.latest_review_on is None or action.latest_review_on <= as_of
    return known and action.latest_review == "done"


def action_status(action: ActionState, as_of: date, due_soon_days: int = 30) -> Status:
    """The status of one action as of ``as_of``: the colour beside it in the tracker.

    Done is green; past its due date and not done is red; due within ``due_soon_days`` calendar
    days, or with no due date at all, is amber; otherwise green. A review dated after ``as_of``
    is not yet known on that day.
    """
    if _is_done(action, as_of):
        if action.latest_review_on is None:
            return Status("green", "Done")
        return Status("green", f"Done (reviewed {format_day(action.latest_review_on)})")
    if action.due_on is None:
        return Status("amber", "No due date set")
    if action.due_on < as_of:
        return Status("red", f"Overdue since {format_day(action.due_on)}")
    days_to_go = (action.due_on - as_of).days
    if days_to_go <= due_soon_days:
        when = "today" if days_to_go == 0 else f"in {_plural(days_to_go, 'day')}"
        return Status("amber", f"Due on {format_day(action.due_on)} ({when})")
    return Status("green", f"On track: due {format_day(action.due_on)}")


def _awaiting_status(timing: ResponseTiming, amber_within: int) -> Status:
    """The status of a report whose reply has not arrived by ``timing.as_of``."""
    if timing.working_days_overdue is not None:
        extension = ""
        if timing.extended_to is not None:
            extension = f", extended to {format_day(timing.extended_to)}"
        if timing.working_days_overdue:
            overdue = f"{_plural(timing.working_days_overdue, 'working day')} overdue"
        else:  # a weekend or bank holiday just after the deadline
            overdue = f"overdue since {format_day(timing.effective_deadline)}"
        return Status(
            "red",
            f"No response: {overdue} (due {format_day(timing.deadline)}{extension})",
        )
    left = timing.working_days_left or 0
    when = "today" if left == 0 else f"in {_plural(left, 'working day')}"
    by = f"by {format_day(timing.effective_deadline)}"
    if timing.extended_to is not None:
        by += f", extended from {format_day(timing.deadline)}"
    colour = "amber" if left <= amber_within else "green"
    return Status(colour, f"Response due {when} ({by})")


def dispatch_status(
    timing: ResponseTiming | None,
    missing_recommendations: Sequence[str],
    actions: Sequence[ActionState],
    as_of: date,
    amber_within: int = 5,
    due_soon_days: int = 30,
) -> Status:
    """The status of one report sent to one organisation, as of ``as_of``: its tracker row colour.

    ``timing`` is None when the report has not been sent (grey). Before the reply: green while
    more than ``amber_within`` working days are left, amber within them, red once overdue. After
    it: red if any action is overdue; amber if a recommendation (``missing_recommendations``, by
    number) has no answer yet, or an action is due within ``due_soon_days`` days or has no due
    date; green otherwise. Red takes precedence over amber, and the reason names every problem of
    the winning colour.
    """
    if timing is None or timing.sent_on > as_of:
        return Status("grey", "Not sent yet")
    if timing.as_of != as_of:
        raise ValueError(f"timing is as of {timing.as_of}, not {as_of}")
    if timing.received_on is None or not timing.received:
        return _awaiting_status(timing, amber_within)

    colours = [action_status(action, as_of, due_soon_days).colour for action in actions]
    overdue = colours.count("red")
    undated = sum(1 for action in actions if action.due_on is None and not _is_done(action, as_of))
    due_soon = colours.count("amber") - undated
    red: list[str] = []
    amber: list[str] = []
    if overdue:
        red.append(f"{_plural(overdue, 'action')} overdue")
    if missing_recommendations:
        word = "recommendation" if len(missing_recommendations) == 1 else "recommendations"
        amber.append(f"no answer yet to {word} {_listing(missing_recommendations)}")
    if due_soon:
        amber.append(f"{_plural(due_soon, 'action')} due soon")
    if undated:
        amber.append(f"{_plural(undated, 'action')} with no due date")
    if red:
        # Everything still wrong is said, so a missing answer is not hidden by an overdue action.
        return Status("red", _sentence(red + amber))
    if amber:
        return Status("amber", _sentence(amber))
    if actions and all(_is_done(action, as_of) for action in actions):
        return Status("green", "All actions done")

    reason = f"Response received {format_day(timing.received_on)}"
    if timing.met_extension:
        reason += ", within the agreed extension"
    elif timing.working_days_late is not None:
        if timing.working_days_late:
            reason += f", {_plural(timing.working_days_late, 'working day')} late"
        else:
            reason += ", after the deadline"
        if timing.extended_to is not None:
            reason += f" (the extension to {format_day(timing.extended_to)} was missed)"
    return Status("green", reason)


def _sentence(parts: list[str]) -> str:
    joined = "; ".join(parts)
    return joined[:1].upper() + joined[1:]


def few_answers(base_n: int | None, threshold: int = 10) -> bool:
    """Whether a recommendation's evidence rests on too few answers to flag (fewer than
    ``threshold``); an unknown base (None) is not flagged."""
    return base_n is not None and base_n < threshold
