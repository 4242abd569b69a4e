"""Changes to a response after its first save, every one audited (who, when, old value, new
value, reason), and the data-quality findings kept in step with the answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from questionnaires.answers import GivenAnswer
from surveyapp.models import AuditEntry, QualityIssue, Response, User
from surveyapp.models.base import utcnow
from surveyapp.paper.keying import KeyingError, read_one
from surveyapp.paper.quality import quality_findings
from surveyapp.paper.values import Unit, describe, from_row, grouped, question_label
from surveyapp.services import ServiceError
from surveyapp.services.audit import audit_response
from surveyapp.services.definitions import served_definition
from surveyapp.services.responses.saving import answer_row, complete_answers
from surveyapp.services.studies import get_study


def response_values(definition: Questionnaire, response: Response) -> dict[Unit, list[dict]]:
    """The response's answers gathered by unit (question, or grid cell), as plain values."""
    return grouped(definition, (from_row(a) for a in response.answers))


def replace_answers(
    session: Session,
    response: Response,
    definition: Questionnaire,
    answers: Iterable[GivenAnswer],
    *,
    user: User,
    what: str,
    reason: str,
    only: Iterable[Unit] | None = None,
    audit_unchanged: bool = False,
) -> int:
    """Put ``answers`` in place of the response's answers (of the units in ``only``, or all),
    and audit each unit whose value changes (every unit in scope with ``audit_unchanged``: a
    decision that the stored value stands is a change of record too). Returns how many
    changed. The caller commits."""
    answers = list(answers)
    before = response_values(definition, response)
    after_all = grouped(definition, answers)
    scope = set(only) if only is not None else set(before) | set(after_all)
    # Only what changed is replaced: an answer whose value stands keeps its row, and with it
    # the codes and quotes staff gave its words.
    replaced = {u for u in scope if before.get(u, []) != after_all.get(u, [])}
    questions = {q.id: q for q in definition.questions()}
    changes: dict[str, tuple[str, str]] = {}
    for unit in sorted(scope, key=_printed_order(definition)):
        old, new = before.get(unit, []), after_all.get(unit, [])
        if old != new or audit_unchanged:
            question = questions.get(unit[0])
            changes[question_label(question, *unit)] = (
                describe(question, old),
                describe(question, new),
            )
    if not changes:
        return 0
    changed = len(replaced)
    for row in list(response.answers):
        question = questions.get(row.question_id)
        unit = (row.question_id, row.item if question and question.type == "grid" else "")
        if unit in replaced:
            response.answers.remove(row)
    # Deletes first: a new row may take the unique place of the row it replaces.
    session.flush()
    for given in answers:
        question = questions.get(given.question_id)
        if question is None:
            continue
        unit = (given.question_id, given.item if question.type == "grid" else "")
        if unit in replaced and given.state != "blank":
            response.answers.append(answer_row(given))
    session.flush()
    complete_answers(response, definition)
    # Changing answers changes no column of the response itself: say it changed, so that the
    # study's kept results are worked out again (surveyapp.services.results).
    response.updated_at = utcnow()
    audit_response(session, user, response.id, what, changes, reason=reason)
    return changed


def _printed_order(definition: Questionnaire) -> Callable[[Unit], tuple[int, str]]:
    order = {q.id: i for i, q in enumerate(definition.questions())}
    return lambda unit: (order.get(unit[0], len(order)), unit[1])


def record_quality(session: Session, response: Response, definition: Questionnaire) -> None:
    """Run the data-quality rules on the response as it now is. A finding that no longer
    applies becomes ``corrected``; one staff confirmed stays confirmed. The caller commits."""
    session.flush()
    findings = {
        (f.question_id, f.item, f.rule): f
        for f in quality_findings(definition, (from_row(a) for a in response.answers))
    }
    existing = {
        (i.question_id, i.item, i.rule): i
        for i in session.scalars(select(QualityIssue).filter_by(response_id=response.id))
    }
    now = dt.datetime.now(dt.UTC)
    for key, issue in existing.items():
        finding = findings.get(key)
        if finding is None and issue.status == "open":
            issue.status = "corrected"
            issue.resolved_at = now
        elif finding is not None and (
            issue.status == "corrected"
            # Confirmed for one value; the value has changed since, so it is looked at again.
            or (issue.status == "confirmed" and issue.message != finding.message)
        ):
            issue.status = "open"
            issue.message = finding.message
            issue.reason = issue.resolved_by_id = issue.resolved_at = None
    for key, finding in findings.items():
        if key not in existing:
            session.add(
                QualityIssue(
                    response_id=response.id,
                    question_id=finding.question_id,
                    item=finding.item,
                    rule=finding.rule,
                    message=finding.message,
                    status="open",
                )
            )


def confirm_issue(
    session: Session, slug: str, issue_id: int, user: User, reason: str
) -> QualityIssue:
    """Staff checked the paper: the answer stands as written, and the response may count."""
    study = get_study(session, slug)
    issue = session.get(QualityIssue, issue_id)
    if issue is None or issue.response.study_id != study.id:
        raise ServiceError("That data-quality finding is not one of this study's; reload the page")
    if not reason.strip():
        raise ServiceError("Say why the answer stands (for example: 'as written on the paper')")
    if issue.status != "open":
        raise ServiceError("That finding has already been dealt with")
    issue.status = "confirmed"
    issue.reason = reason.strip()
    issue.resolved_by_id = user.id
    issue.resolved_at = dt.datetime.now(dt.UTC)
    audit_response(
        session,
        user,
        issue.response_id,
        f"Confirmed as on paper: {issue.message}",
        reason=issue.reason,
    )
    session.commit()
    return issue


def void_response(session: Session, response: Response, user: User, reason: str) -> Response:
    """Take a response out of every count (a duplicate, a form keyed against the wrong serial),
    keeping it and its history."""
    if not reason.strip():
        raise ServiceError("Say why the response is voided; the reason is kept in its history")
    if response.status == "void":
        raise ServiceError(f"Response {response.reference} is already void")
    old = response.status
    response.status = "void"
    if response.submitted_at is None:
        response.submitted_at = dt.datetime.now(dt.UTC)
    audit_response(
        session,
        user,
        response.id,
        "Voided the response",
        {"status": (old, "void")},
        reason=reason.strip(),
    )
    session.commit()
    return response


def response_history(session: Session, response: Response) -> list[AuditEntry]:
    """Every recorded change to the response, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .filter_by(subject="response", subject_id=response.id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )


def correct_answer(
    session: Session,
    response: Response,
    user: User,
    *,
    question_id: str,
    item: str,
    value: str,
    other: str,
    reason: str,
) -> int:
    """Staff correct one answer (a question, or a grid cell) to what the paper says, typed with
    the entry screen's convention, with a reason. Returns 0 when nothing changed."""
    if not reason.strip():
        raise ServiceError("Say why the answer is corrected; the reason is kept in its history")
    if response.status == "void":
        raise ServiceError(f"Response {response.reference} is void; it cannot be corrected")
    definition = served_definition(session, response.questionnaire_version)
    try:
        answers = read_one(definition, question_id, item, value, other)
    except KeyingError as exc:
        raise ServiceError(str(exc)) from None
    question = definition.question(question_id)
    label = question_label(question, question_id, item)
    changed = replace_answers(
        session,
        response,
        definition,
        answers,
        user=user,
        what=f"Corrected {label}",
        reason=reason.strip(),
        only=[(question_id, item if question is not None and question.type == "grid" else "")],
    )
    record_quality(session, response, definition)
    session.commit()
    return changed
