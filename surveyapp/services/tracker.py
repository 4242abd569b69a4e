"""Recording the tracker: organisations, reports, recommendations, dispatches, responses,
actions and reviews. Every change to a response or an action writes an audit entry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import (
    EVIDENCE_KINDS,
    REVIEW_STATES,
    STANCES,
    Action,
    ActionReview,
    AuditEntry,
    Dispatch,
    Evidence,
    Organisation,
    Recommendation,
    RecommendationAddressee,
    RecommendationResponse,
    Report,
    User,
)
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.audit import audit


class TrackerError(ServiceError):
    """A tracker change that cannot be made; the message says what to correct."""


def _get(session: Session, model: type, id_: int, what: str) -> Any:
    found = session.get(model, id_)
    if found is None:
        raise NotFoundError(f"There is no {what} number {id_}")
    return found


def _changed(record: Any, **values: Any) -> dict[str, tuple[Any, Any]]:
    """Set ``values`` on ``record``; return the fields that changed as (old, new)."""
    changes = {}
    for field, new in values.items():
        old = getattr(record, field)
        if old != new:
            changes[field] = (old, new)
            setattr(record, field, new)
    return changes


# -- reports and recommendations ---------------------------------------------------------------


def list_reports(session: Session) -> list[Report]:
    return list(session.scalars(select(Report).order_by(Report.created_at.desc(), Report.id)))


def get_report(session: Session, report_id: int) -> Report:
    return _get(session, Report, report_id, "report")


def create_report(
    session: Session,
    title: str,
    published_on: dt.date | None,
    study_id: int | None,
    user: User | None,
) -> Report:
    if not title.strip():
        raise TrackerError("Enter the report's title")
    report = Report(title=title.strip(), published_on=published_on, study_id=study_id)
    session.add(report)
    session.flush()
    audit(session, user, "report", report.id, report.id, f"Recorded report '{report.title}'")
    session.commit()
    return report


def add_recommendation(
    session: Session,
    report: Report,
    number: int,
    text: str,
    organisation_ids: Iterable[int],
    user: User | None,
) -> Recommendation:
    if number < 1:
        raise TrackerError("A recommendation's number is 1 or more")
    if not text.strip():
        raise TrackerError(f"Enter the text of recommendation {number}")
    if any(r.number == number for r in report.recommendations):
        raise TrackerError(f"The report already has a recommendation {number}")
    recommendation = Recommendation(number=number, text=text.strip())
    for organisation_id in dict.fromkeys(organisation_ids):
        _get(session, Organisation, organisation_id, "organisation")
        recommendation.addressees.append(RecommendationAddressee(organisation_id=organisation_id))
    report.recommendations.append(recommendation)
    session.flush()
    audit(
        session,
        user,
        "recommendation",
        recommendation.id,
        report.id,
        f"Added recommendation {number}",
    )
    session.commit()
    return recommendation


NUMBERED = re.compile(r"^\s*(?:recommendation\s*)?(\d+)\s*[.):-]?\s+(.*\S)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ImportResult:
    added: list[int]
    problems: list[str]


def import_recommendations(
    session: Session,
    report: Report,
    pasted: str,
    organisation_ids: Iterable[int],
    user: User | None,
) -> ImportResult:
    """Recommendations from a pasted list, one per line ("3. Text", "Recommendation 3 Text", or
    plain lines numbered after the last). Lines with a number already used are reported, not
    imported, so pasting the same list twice adds nothing."""
    organisation_ids = list(organisation_ids)
    added: list[int] = []
    problems: list[str] = []
    next_number = max((r.number for r in report.recommendations), default=0) + 1
    for line_number, line in enumerate(pasted.splitlines(), start=1):
        if not line.strip():
            continue
        match = NUMBERED.match(line)
        number, text = (int(match.group(1)), match.group(2)) if match else (None, line.strip())
        if match is None and text.rstrip(".").isdigit():
            problems.append(f"Line {line_number}: recommendation {text} has no text")
            continue
        if number is None:
            number = next_number
        if any(r.number == number for r in report.recommendations):
            problems.append(
                f"Line {line_number}: the report already has a recommendation {number}; "
                "not imported again"
            )
            continue
        add_recommendation(session, report, number, text, organisation_ids, user)
        added.append(number)
        next_number = number + 1
    return ImportResult(added, problems)


def add_evidence(
    session: Session,
    recommendation_id: int,
    kind: str,
    label: str,
    base_n: int | None,
    user: User | None,
) -> Evidence:
    recommendation = _get(session, Recommendation, recommendation_id, "recommendation")
    if kind not in EVIDENCE_KINDS:
        raise TrackerError(f"Evidence is one of {', '.join(EVIDENCE_KINDS)}")
    if not label.strip():
        raise TrackerError("Say what the evidence is (for example 'Appendix 10: overall rating')")
    if base_n is not None and base_n < 0:
        raise TrackerError("The base (n) is a number of answers: 0 or more")
    evidence = Evidence(kind=kind, label=label.strip(), base_n=base_n)
    recommendation.evidence.append(evidence)
    session.flush()
    audit(
        session,
        user,
        "evidence",
        evidence.id,
        recommendation.report_id,
        f"Added evidence to recommendation {recommendation.number}: {evidence.label}",
    )
    session.commit()
    return evidence


# -- sending, responses, actions ---------------------------------------------------------------


def send_report(
    session: Session,
    report: Report,
    organisation_id: int,
    sent_on: dt.date,
    user: User | None,
    contact_id: int | None = None,
) -> Dispatch:
    organisation = _get(session, Organisation, organisation_id, "organisation")
    if any(d.organisation_id == organisation_id for d in report.dispatches):
        raise TrackerError(f"The report has already been sent to {organisation.name}")
    dispatch = Dispatch(organisation=organisation, sent_on=sent_on, contact_id=contact_id)
    report.dispatches.append(dispatch)
    session.flush()
    audit(
        session,
        user,
        "dispatch",
        dispatch.id,
        report.id,
        f"Sent to {organisation.name}",
        {"sent_on": (None, sent_on)},
    )
    session.commit()
    return dispatch


def get_dispatch(session: Session, dispatch_id: int) -> Dispatch:
    return _get(session, Dispatch, dispatch_id, "dispatch")


def record_extension(
    session: Session, dispatch: Dispatch, extended_to: dt.date, reason: str, user: User | None
) -> Dispatch:
    if extended_to < dispatch.sent_on:
        raise TrackerError("An extension ends after the report was sent")
    if not reason.strip():
        raise TrackerError("Give the reason the extension was agreed")
    changes = _changed(dispatch, extended_to=extended_to, extension_reason=reason.strip())
    audit(
        session,
        user,
        "dispatch",
        dispatch.id,
        dispatch.report_id,
        f"Extension agreed with {dispatch.organisation.name}",
        changes,
    )
    session.commit()
    return dispatch


@dataclass(frozen=True)
class GivenAnswer:
    recommendation_id: int
    answer: str | None
    stance: str


def record_response(
    session: Session,
    dispatch: Dispatch,
    received_on: dt.date,
    general_response: str | None,
    answers: Iterable[GivenAnswer],
    user: User | None,
) -> Dispatch:
    """The organisation's reply: date, general response, and per recommendation the answer and
    stance. Recording again changes what differs, each change audited."""
    if received_on < dispatch.sent_on:
        raise TrackerError(
            f"The reply cannot be received before the report was sent ({dispatch.sent_on:%d/%m/%Y})"
        )
    changes = _changed(
        dispatch,
        received_on=received_on,
        general_response=(general_response or "").strip() or None,
    )
    if changes:
        audit(
            session,
            user,
            "dispatch",
            dispatch.id,
            dispatch.report_id,
            f"Response from {dispatch.organisation.name}",
            changes,
        )
    existing = {a.recommendation_id: a for a in dispatch.answers}
    recommendation_ids = {r.id for r in dispatch.report.recommendations}
    for given in answers:
        if given.recommendation_id not in recommendation_ids:
            raise NotFoundError("That recommendation is not in this report")
        if given.stance not in STANCES:
            raise TrackerError(f"A stance is one of {', '.join(STANCES)}")
        text = (given.answer or "").strip() or None
        row = existing.get(given.recommendation_id)
        if row is None:
            if text is None and given.stance == "no_response":
                continue  # nothing said yet about this one
            row = RecommendationResponse(
                recommendation_id=given.recommendation_id, answer=text, stance=given.stance
            )
            dispatch.answers.append(row)
            session.flush()
            change = {"answer": (None, text), "stance": (None, given.stance)}
        else:
            change = _changed(row, answer=text, stance=given.stance)
        if change:
            number = session.get(Recommendation, given.recommendation_id).number
            audit(
                session,
                user,
                "recommendation_response",
                row.id,
                dispatch.report_id,
                f"Answer of {dispatch.organisation.name} to recommendation {number}",
                change,
            )
    session.commit()
    return dispatch


def add_action(
    session: Session,
    response_id: int,
    description: str,
    owner: str | None,
    due_on: dt.date | None,
    user: User | None,
) -> Action:
    response = _get(session, RecommendationResponse, response_id, "response")
    if not description.strip():
        raise TrackerError("Describe the action promised")
    action = Action(
        description=description.strip(), owner=(owner or "").strip() or None, due_on=due_on
    )
    response.actions.append(action)
    session.flush()
    audit(
        session,
        user,
        "action",
        action.id,
        response.dispatch.report_id,
        f"Action promised on recommendation {response.recommendation.number}",
        {
            "description": (None, action.description),
            "owner": (None, action.owner),
            "due_on": (None, due_on),
        },
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
    action = _get(session, Action, action_id, "action")
    if state not in REVIEW_STATES:
        raise TrackerError(f"An action is {', '.join(REVIEW_STATES)}")
    review = ActionReview(
        reviewed_on=reviewed_on, state=state, impact=(impact or "").strip() or None
    )
    action.reviews.append(review)
    session.flush()
    audit(
        session,
        user,
        "action",
        action.id,
        action.response.dispatch.report_id,
        f"Review of action '{action.description[:60]}'",
        {
            "state": (None, state),
            "reviewed_on": (None, reviewed_on),
            "impact": (None, review.impact),
        },
    )
    session.commit()
    return review


def report_history(session: Session, report_id: int) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.report_id == report_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
    )
