"""What the tracker shows: each dispatch's deadline and status, as of a day, derived afresh from
the recorded dates (never stored), using ``analysis.tracker``. Deadlines skip the ``holidays``
the caller names (the configured nation's bank holidays in the app)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from analysis.tracker import (
    ActionState,
    ResponseTiming,
    Status,
    action_status,
    dispatch_status,
    few_answers,
    response_timing,
)
from analysis.working_days import Holidays
from surveyapp.models import Action, Dispatch, Recommendation, RecommendationResponse, Report


def action_state(action: Action, as_of: dt.date) -> ActionState:
    """The action as it stood on ``as_of``: its latest review on or before that day."""
    reviews = [r for r in action.reviews if r.reviewed_on <= as_of]
    latest = reviews[-1] if reviews else None
    return ActionState(
        description=action.description,
        owner=action.owner,
        due_on=action.due_on,
        latest_review=latest.state if latest else None,
        latest_review_on=latest.reviewed_on if latest else None,
    )


@dataclass
class DispatchView:
    """One report sent to one organisation, with everything the dashboard says about it."""

    dispatch: Dispatch
    timing: ResponseTiming
    status: Status
    missing: list[int] = field(default_factory=list)
    actions_overdue: int = 0
    actions_due_soon: int = 0


def missing_answers(dispatch: Dispatch) -> list[int]:
    """Numbers of the recommendations addressed to this organisation with no answer from it."""
    answered = {a.recommendation_id for a in dispatch.answers if a.stance != "no_response"}
    return [
        r.number
        for r in dispatch.report.recommendations
        if dispatch.organisation_id in {o.id for o in r.organisations} and r.id not in answered
    ]


def view_dispatch(dispatch: Dispatch, as_of: dt.date, holidays: Holidays) -> DispatchView:
    timing = response_timing(
        dispatch.sent_on, dispatch.received_on, dispatch.extended_to, as_of, holidays
    )
    missing = missing_answers(dispatch) if timing.received else []
    actions = [action_state(a, as_of) for answer in dispatch.answers for a in answer.actions]
    colours = [action_status(a, as_of).colour for a in actions]
    return DispatchView(
        dispatch=dispatch,
        timing=timing,
        status=dispatch_status(timing, [str(n) for n in missing], actions, as_of),
        missing=missing,
        actions_overdue=colours.count("red"),
        actions_due_soon=colours.count("amber"),
    )


@dataclass
class ReportRow:
    """A dashboard row: a report and its dispatches (or a grey row when it is not sent yet)."""

    report: Report
    dispatches: list[DispatchView]

    @property
    def is_open(self) -> bool:
        """Still to follow: not sent, awaiting a reply, or with something not green."""
        return not self.dispatches or any(
            v.status.colour != "green" or not v.timing.received for v in self.dispatches
        )


def dashboard(
    session: Session,
    as_of: dt.date,
    holidays: Holidays,
    organisation_id: int | None = None,
    open_only: bool = False,
) -> list[ReportRow]:
    """Every report (or only those still open) with its dispatches' statuses as of ``as_of``;
    optionally for one organisation (reports sent or addressed to it)."""
    rows = []
    for report in session.scalars(
        with_everything(select(Report)).order_by(Report.created_at.desc(), Report.id)
    ):
        dispatches = [
            view_dispatch(d, as_of, holidays)
            for d in report.dispatches
            if organisation_id is None or d.organisation_id == organisation_id
        ]
        addressed = any(
            organisation_id in {o.id for o in r.organisations} for r in report.recommendations
        )
        if organisation_id is not None and not dispatches and not addressed:
            continue
        row = ReportRow(report, dispatches)
        if open_only and not row.is_open:
            continue
        rows.append(row)
    return rows


def with_everything(query: Select) -> Select:
    """``query`` over reports, loading all the tracker shows in a few queries (not one per row)."""
    return query.options(
        selectinload(Report.recommendations).selectinload(Recommendation.evidence),
        selectinload(Report.dispatches)
        .selectinload(Dispatch.answers)
        .selectinload(RecommendationResponse.actions)
        .selectinload(Action.reviews),
    )


def small_base(recommendation: Recommendation, threshold: int) -> bool:
    """Whether the evidence for ``recommendation`` rests on few answers (any piece below
    ``threshold``)."""
    return any(few_answers(e.base_n, threshold) for e in recommendation.evidence)
