"""Actions promised in a response, and their follow-up reviews: recorded, changed, audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from analysis.tracker import REVIEW_STATES
from surveyapp.models import Action, ActionReview, RecommendationResponse, User
from surveyapp.services.audit import audit
from surveyapp.services.tracker.common import TrackerError, apply_changes, find_record


def audit_action(
    session: Session,
    user: User | None,
    action: Action,
    what: str,
    changes: dict[str, tuple[object, object]] | None = None,
) -> None:
    """Audit a change to a promised action or its review, filed under the report."""
    audit(session, user, "action", action.id, action.response.dispatch.report_id, what, changes)


def add_action(
    session: Session,
    response_id: int,
    description: str,
    owner: str | None,
    due_on: dt.date | None,
    user: User | None,
) -> Action:
    response = find_record(session, RecommendationResponse, response_id, "response")
    if not description.strip():
        raise TrackerError("Describe the action promised")
    action = Action(
        description=description.strip(), owner=(owner or "").strip() or None, due_on=due_on
    )
    response.actions.append(action)
    session.flush()
    audit_action(
        session,
        user,
        action,
        f"Action promised on recommendation {response.recommendation.number}",
        {
            "description": (None, action.description),
            "owner": (None, action.owner),
            "due_on": (None, due_on),
        },
    )
    session.commit()
    return action


def get_action(session: Session, action_id: int) -> Action:
    return find_record(session, Action, action_id, "action")


def update_action(
    session: Session,
    action: Action,
    description: str,
    owner: str | None,
    due_on: dt.date | None,
    user: User | None,
) -> Action:
    """Change an action's wording, owner or due date (due dates move); audited."""
    if not description.strip():
        raise TrackerError("Describe the action promised")
    changes = apply_changes(
        action,
        description=description.strip(),
        owner=(owner or "").strip() or None,
        due_on=due_on,
    )
    if changes:
        audit_action(
            session,
            user,
            action,
            f"Action on recommendation {action.response.recommendation.number} changed",
            changes,
        )
    session.commit()
    return action


def review_action(
    session: Session,
    action_id: int,
    reviewed_on: dt.date,
    state: str,
    impact: str | None,
    user: User | None,
) -> ActionReview:
    action = find_record(session, Action, action_id, "action")
    if state not in REVIEW_STATES:
        raise TrackerError(f"An action is {', '.join(REVIEW_STATES)}")
    review = ActionReview(
        reviewed_on=reviewed_on, state=state, impact=(impact or "").strip() or None
    )
    action.reviews.append(review)
    session.flush()
    audit_action(
        session,
        user,
        action,
        f"Review of action '{action.description[:60]}'",
        {
            "state": (None, state),
            "reviewed_on": (None, reviewed_on),
            "impact": (None, review.impact),
        },
    )
    session.commit()
    return review
