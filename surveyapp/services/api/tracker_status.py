"""The recommendations tracker as the read-only API hands it out: each report, its
recommendations and who they went to, the deadlines and red/amber/green status as of a day (as
the dashboard works them out), the responses received and the actions promised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.tracker import REVIEW_STATE_LABELS, STANCE_LABELS
from analysis.working_days import Holidays
from surveyapp.models import Study, User
from surveyapp.services.api.reading import iso, may_read_studies
from surveyapp.services.studies import get_study
from surveyapp.services.tracker import dashboard
from surveyapp.services.tracker.overview import DispatchView, action_state


def tracker_status(
    session: Session,
    user: User,
    as_of: dt.date,
    holidays: Holidays,
    slug: str | None = None,
) -> dict[str, Any]:
    """Every report (or those of study ``slug``) as the tracker stands on ``as_of``."""
    may_read_studies(user)
    wanted = get_study(session, slug).id if slug else None
    slugs = {row.id: row.slug for row in session.execute(select(Study.id, Study.slug))}
    reports = []
    for row in dashboard(session, as_of, holidays):
        report = row.report
        if wanted is not None and report.study_id != wanted:
            continue
        reports.append(
            {
                "id": report.id,
                "title": report.title,
                "study": slugs.get(report.study_id) if report.study_id else None,
                "published_on": iso(report.published_on),
                "open": row.is_open,
                "recommendations": [
                    {
                        "number": r.number,
                        "text": r.text,
                        "addressed_to": [o.name for o in r.organisations],
                        "evidence": [
                            {"kind": e.kind, "label": e.label, "base": e.base_n} for e in r.evidence
                        ],
                    }
                    for r in report.recommendations
                ],
                "sent_to": [_dispatch(view, as_of) for view in row.dispatches],
            }
        )
    return {"as_of": as_of.isoformat(), "reports": reports}


def _dispatch(view: DispatchView, as_of: dt.date) -> dict[str, Any]:
    dispatch, timing = view.dispatch, view.timing
    numbers = {r.id: r.number for r in dispatch.report.recommendations}
    return {
        "organisation": dispatch.organisation.name,
        "sent_on": iso(dispatch.sent_on),
        "deadline": iso(timing.deadline),
        "extended_to": iso(timing.extended_to),
        "extension_reason": dispatch.extension_reason,
        "received_on": iso(timing.received_on) if timing.received else None,
        "working_days_left": timing.working_days_left,
        "working_days_overdue": timing.working_days_overdue,
        "working_days_late": timing.working_days_late,
        "status": {"colour": view.status.colour, "reason": view.status.reason},
        "unanswered": view.missing,
        "general_response": dispatch.general_response if timing.received else None,
        "responses": [
            {
                "recommendation": numbers.get(answer.recommendation_id),
                "stance": answer.stance,
                "stance_label": STANCE_LABELS[answer.stance],
                "answer": answer.answer,
                "actions": [_action(a, as_of) for a in answer.actions],
            }
            for answer in sorted(
                dispatch.answers, key=lambda a: numbers.get(a.recommendation_id, 0)
            )
        ]
        if timing.received
        else [],
    }


def _action(action: Any, as_of: dt.date) -> dict[str, Any]:
    state = action_state(action, as_of)
    return {
        "description": state.description,
        "owner": state.owner,
        "due_on": iso(state.due_on),
        "latest_review": state.latest_review,
        "latest_review_label": REVIEW_STATE_LABELS.get(state.latest_review or ""),
        "latest_review_on": iso(state.latest_review_on),
    }
