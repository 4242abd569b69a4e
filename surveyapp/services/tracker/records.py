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

from analysis.tracker import STANCES
from analysis.working_days import Holidays, response_deadline
from surveyapp.models import (
    EVIDENCE_KINDS,
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
from surveyapp.services import NotFoundError
from surveyapp.services.audit import audit
from surveyapp.services.tracker.common import TrackerError, apply_changes, find_record
from surveyapp.services.tracker.lists import lines_from_file


def audit_dispatch(
    session: Session,
    user: User | None,
    dispatch: Dispatch,
    what: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
) -> None:
    """Audit a change to a report's sending or its reply, filed under the report."""
    audit(session, user, "dispatch", dispatch.id, dispatch.report_id, what, changes)


# -- reports and recommendations ---------------------------------------------------------------


def list_reports(session: Session) -> list[Report]:
    return list(session.scalars(select(Report).order_by(Report.created_at.desc(), Report.id)))


def get_report(session: Session, report_id: int) -> Report:
    return find_record(session, Report, report_id, "report")


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
    commit: bool = True,
) -> Recommendation:
    if number < 1:
        raise TrackerError("A recommendation's number is 1 or more")
    if not text.strip():
        raise TrackerError(f"Enter the text of recommendation {number}")
    if any(r.number == number for r in report.recommendations):
        raise TrackerError(f"The report already has a recommendation {number}")
    recommendation = Recommendation(number=number, text=text.strip())
    for organisation_id in dict.fromkeys(organisation_ids):
        find_record(session, Organisation, organisation_id, "organisation")
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
    if commit:
        session.commit()
    return recommendation


NUMBERED = re.compile(
    r"^(?:recommendation\s*(\d+)\s*[.):\-]?\s*|(\d+)\s*[.):\t]\s*|(\d+)\s+-\s+)(.*)$",
    re.IGNORECASE,
)
BULLET = re.compile(r"^[-\u2022*\u2013\u2014\u25cf]\s+")


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
    upload: tuple[str, bytes] | None = None,
) -> ImportResult:
    """Recommendations from a pasted list, one per line, and from an uploaded file (``upload``:
    its name and bytes; see ``lines_from_file``), in one transaction.

    Lines may be numbered ("3. Text", "3) Text", "Recommendation 3: Text", or "Recommendation 3"
    alone with the text on the next line) or bulleted or plain (numbered after the last one).
    A line ending in ":" ("We recommend that:") is a heading, not a recommendation. A number the
    report already has is reported and skipped, so the same list imported twice adds nothing.
    """
    if upload is not None:
        pasted += "\n" + lines_from_file(*upload)
    organisation_ids = list(organisation_ids)
    added: list[int] = []
    problems: list[str] = []
    used = {r.number for r in report.recommendations}
    next_number = max(used, default=0) + 1
    waiting: int | None = None  # "Recommendation 5" alone: its text is on the next line
    for line_number, raw in enumerate(pasted.splitlines(), start=1):
        line = BULLET.sub("", raw.strip())
        if not line or (line.endswith(":") and waiting is None):
            continue
        match = NUMBERED.match(line)
        if match:
            number = int(next(g for g in match.groups()[:3] if g))
            text = match.group(4).strip()
            if not text:
                waiting = number
                continue
        elif re.fullmatch(r"[0-9]{1,3}\.?", line):
            waiting = int(line.rstrip("."))
            continue
        else:
            number, text = (waiting if waiting is not None else next_number), line
        waiting = None
        if number in used:
            problems.append(
                f"Line {line_number}: the report already has a recommendation {number}; "
                "not imported again"
            )
            continue
        add_recommendation(session, report, number, text, organisation_ids, user, commit=False)
        used.add(number)
        added.append(number)
        next_number = max(next_number, number + 1)
    if waiting is not None:
        problems.append(f"Recommendation {waiting} has no text after it; not imported")
    session.commit()
    return ImportResult(added, problems)


def add_evidence(
    session: Session,
    recommendation_id: int,
    kind: str,
    label: str,
    base_n: int | None,
    user: User | None,
) -> Evidence:
    recommendation = find_record(session, Recommendation, recommendation_id, "recommendation")
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
    organisation = find_record(session, Organisation, organisation_id, "organisation")
    if contact_id is not None and contact_id not in {c.id for c in organisation.contacts}:
        raise TrackerError(f"That contact does not work for {organisation.name}")
    if any(d.organisation_id == organisation_id for d in report.dispatches):
        raise TrackerError(f"The report has already been sent to {organisation.name}")
    dispatch = Dispatch(organisation=organisation, sent_on=sent_on, contact_id=contact_id)
    report.dispatches.append(dispatch)
    session.flush()
    audit_dispatch(
        session, user, dispatch, f"Sent to {organisation.name}", {"sent_on": (None, sent_on)}
    )
    session.commit()
    return dispatch


def get_dispatch(session: Session, dispatch_id: int) -> Dispatch:
    return find_record(session, Dispatch, dispatch_id, "dispatch")


def record_extension(
    session: Session,
    dispatch: Dispatch,
    extended_to: dt.date,
    reason: str,
    user: User | None,
    *,
    holidays: Holidays,
) -> Dispatch:
    """An extension of the deadline agreed with the organisation, past the statutory deadline
    (20 working days after sending, skipping ``holidays``)."""
    deadline = response_deadline(dispatch.sent_on, holidays)
    if extended_to <= deadline:
        raise TrackerError(f"An extension ends after the statutory deadline ({deadline:%-d %B %Y})")
    if not reason.strip():
        raise TrackerError("Give the reason the extension was agreed")
    changes = apply_changes(dispatch, extended_to=extended_to, extension_reason=reason.strip())
    if not changes:
        return dispatch
    audit_dispatch(
        session,
        user,
        dispatch,
        f"Extension agreed with {dispatch.organisation.name}",
        changes,
    )
    session.commit()
    return dispatch


def correct_sending(
    session: Session, dispatch: Dispatch, sent_on: dt.date, reason: str, user: User | None
) -> Dispatch:
    """Correct the date a report was sent (a typing slip); the deadline follows from it."""
    if dispatch.received_on is not None and sent_on > dispatch.received_on:
        raise TrackerError("The report cannot have been sent after its reply was received")
    if dispatch.extended_to is not None and sent_on > dispatch.extended_to:
        raise TrackerError("The report cannot have been sent after its extended deadline")
    if not reason.strip():
        raise TrackerError("Say why the date is corrected")
    changes = apply_changes(dispatch, sent_on=sent_on)
    if changes:
        audit_dispatch(
            session,
            user,
            dispatch,
            f"Date sent to {dispatch.organisation.name} corrected: {reason.strip()}",
            changes,
        )
    session.commit()
    return dispatch


@dataclass(frozen=True)
class RecommendationAnswer:
    """An organisation's answer to one recommendation, and its stance."""

    recommendation_id: int
    answer: str | None
    stance: str


def record_response(
    session: Session,
    dispatch: Dispatch,
    received_on: dt.date,
    general_response: str | None,
    answers: Iterable[RecommendationAnswer],
    user: User | None,
) -> Dispatch:
    """The organisation's reply: date, general response, and per recommendation the answer and
    stance. Recording again changes what differs, each change audited."""
    if received_on < dispatch.sent_on:
        raise TrackerError(
            f"The reply cannot be received before the report was sent ({dispatch.sent_on:%d/%m/%Y})"
        )
    changes = apply_changes(
        dispatch,
        received_on=received_on,
        general_response=(general_response or "").strip() or None,
    )
    if changes:
        audit_dispatch(
            session,
            user,
            dispatch,
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
            change = apply_changes(row, answer=text, stance=given.stance)
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


def report_history(session: Session, report_id: int) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.report_id == report_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
    )
