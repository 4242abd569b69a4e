"""The tracker's files: models turned into the plain records ``exports`` writes from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.tracker import (
    REVIEW_STATE_LABELS,
    STANCE_LABELS,
    action_status,
    few_answers,
    format_day,
)
from analysis.working_days import Holidays
from exports.tracker.data import (
    ActionRow,
    AnsweredRecommendation,
    DispatchRow,
    RecommendationRow,
    ResponseFormData,
)
from surveyapp.models import Action, Dispatch, Report
from surveyapp.services.tracker.overview import action_state, view_dispatch, with_everything


def _action_text(action: Action) -> str:
    parts = [action.description]
    if action.owner:
        parts.append(f"({action.owner})")
    if action.due_on:
        parts.append(f"due {format_day(action.due_on)}")
    return " ".join(parts)


def response_form_data(
    dispatch: Dispatch, as_of: dt.date, holidays: Holidays, issuer: str
) -> ResponseFormData:
    """The Report & Recommendation Response Form for one report sent to one organisation, from
    ``issuer`` (the organisation that wrote the report)."""
    view = view_dispatch(dispatch, as_of, holidays)
    answers = {a.recommendation_id: a for a in dispatch.answers}
    rows = []
    for r in dispatch.report.recommendations:
        answer = answers.get(r.id)
        rows.append(
            AnsweredRecommendation(
                number=r.number,
                recommendation=r.text,
                answer=answer.answer if answer else None,
                stance=STANCE_LABELS[answer.stance] if answer else None,
                actions=tuple(_action_text(a) for a in answer.actions) if answer else (),
            )
        )
    return ResponseFormData(
        issuer=issuer,
        report_title=dispatch.report.title,
        sent_to=dispatch.organisation.name,
        sent_on=dispatch.sent_on,
        deadline=view.timing.deadline,
        extended_to=dispatch.extended_to,
        extension_reason=dispatch.extension_reason,
        received_on=dispatch.received_on,
        general_response=dispatch.general_response,
        rows=tuple(rows),
    )


def workbook_rows(
    session: Session,
    as_of: dt.date,
    holidays: Holidays,
    small_base: int,
    report_id: int | None = None,
) -> tuple[list[DispatchRow], list[RecommendationRow], list[ActionRow]]:
    """The three sheets of the tracker workbook, for every report or one; evidence resting on
    fewer than ``small_base`` answers is flagged."""
    query = with_everything(select(Report)).order_by(Report.created_at, Report.id)
    if report_id is not None:
        query = query.where(Report.id == report_id)
    dispatches, recommendations, actions = [], [], []
    for report in session.scalars(query):
        views = [view_dispatch(d, as_of, holidays) for d in report.dispatches]
        for v in views:
            dispatches.append(
                DispatchRow(
                    report_title=report.title,
                    organisation=v.dispatch.organisation.name,
                    sent_on=v.dispatch.sent_on,
                    deadline=v.timing.deadline,
                    extended_to=v.dispatch.extended_to,
                    received_on=v.dispatch.received_on if v.timing.received else None,
                    working_days_late=v.timing.working_days_late,
                    status_colour=v.status.colour,
                    status_reason=v.status.reason,
                )
            )
        for r in report.recommendations:
            bases = [e.base_n for e in r.evidence if e.base_n is not None]
            evidence = "; ".join(
                f"{e.label} (n={e.base_n})" if e.base_n is not None else e.label for e in r.evidence
            )
            answered = [
                (d.organisation.name, a)
                for d in report.dispatches
                for a in d.answers
                if a.recommendation_id == r.id
            ] or [(None, None)]
            for organisation, answer in answered:
                recommendations.append(
                    RecommendationRow(
                        report_title=report.title,
                        number=r.number,
                        recommendation=r.text,
                        addressed_to=", ".join(o.name for o in r.organisations),
                        evidence=evidence,
                        smallest_base=min(bases) if bases else None,
                        few_answers=any(few_answers(b, small_base) for b in bases),
                        organisation=organisation,
                        stance=STANCE_LABELS[answer.stance] if answer else None,
                        answer=answer.answer if answer else None,
                    )
                )
                for action in answer.actions if answer else []:
                    state = action_state(action, as_of)
                    status = action_status(state, as_of)
                    seen = [r for r in action.reviews if r.reviewed_on <= as_of]
                    latest = seen[-1] if seen else None
                    actions.append(
                        ActionRow(
                            report_title=report.title,
                            recommendation_number=r.number,
                            organisation=organisation or "",
                            description=action.description,
                            owner=action.owner,
                            due_on=action.due_on,
                            latest_review=REVIEW_STATE_LABELS[latest.state] if latest else None,
                            latest_review_on=latest.reviewed_on if latest else None,
                            impact=latest.impact if latest else None,
                            status_colour=status.colour,
                            status_reason=status.reason,
                        )
                    )
    return dispatches, recommendations, actions
