"""Settling the disagreements of blind double entry, and how often keyings agree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from questionnaires import Questionnaire
from surveyapp.models import Discrepancy, PaperEntry, PaperForm, Response, Study, User
from surveyapp.paper.keying import KeyingError, read_one
from surveyapp.paper.values import comparable, from_plain, question_label, to_plain, units
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.definitions import served_definition
from surveyapp.services.response_changes import record_quality, replace_answers

PICKED_REASON = "Checked against the paper form"


def open_discrepancies(session: Session, study: Study) -> list[Discrepancy]:
    """Disagreements waiting for staff, oldest form first."""
    return list(
        session.scalars(
            select(Discrepancy)
            .join(Response)
            .where(Response.study_id == study.id, Discrepancy.resolution.is_(None))
            .order_by(Response.id, Discrepancy.id)
        )
    )


def resolve_discrepancy(
    session: Session,
    discrepancy_id: int,
    user: User,
    choice: str,
    reason: str,
    typed: Mapping[str, str] | None = None,
) -> Discrepancy:
    """Settle one disagreement: the ``first`` or ``second`` keying, or the value ``typed`` from
    the paper (with the entry screen's convention, and a reason). The answer is replaced and
    audited; once nothing is left open, the response is verified."""
    found = session.get(Discrepancy, discrepancy_id)
    if found is None:
        raise NotFoundError("That disagreement no longer exists; reload the page")
    if found.resolution is not None:
        who = found.resolved_by.name if found.resolved_by else "someone"
        raise ServiceError(f"That disagreement was already settled by {who}")
    response = found.response
    definition = served_definition(session, response.questionnaire_version)
    reason = reason.strip()
    if choice == "first":
        values = found.first
    elif choice == "second":
        values = found.second
    elif choice == "typed":
        if not reason:
            raise ServiceError("Say why the value typed differs from both keyings")
        values = _typed_values(definition, found, typed or {})
    else:
        raise ServiceError("Choose the first keying, the second, or type the value")
    answers = [from_plain(v) for v in values]
    label = question_label(definition.question(found.question_id), found.question_id, found.item)
    replace_answers(
        session,
        response,
        definition,
        answers,
        user=user,
        what=f"Reconciled {label} of serial {response.paper_serial}",
        reason=reason or PICKED_REASON,
        only=[(found.question_id, found.item)],
        audit_unchanged=True,
    )
    found.resolution = choice
    found.resolved = values
    found.reason = reason or PICKED_REASON
    found.resolved_by_id = user.id
    found.resolved_at = dt.datetime.now(dt.UTC)
    session.flush()
    still_open = session.scalar(
        select(Discrepancy.id).where(
            Discrepancy.response_id == response.id, Discrepancy.resolution.is_(None)
        )
    )
    if still_open is None:
        response.status = "verified"
        response.submitted_at = response.submitted_at or dt.datetime.now(dt.UTC)
    record_quality(session, response, definition)
    session.commit()
    return found


def _typed_values(
    definition: Questionnaire, found: Discrepancy, typed: Mapping[str, str]
) -> list[dict]:
    try:
        answers = read_one(
            definition,
            found.question_id,
            found.item,
            typed.get("value", ""),
            typed.get("other", ""),
        )
    except KeyingError as exc:
        raise ServiceError(str(exc)) from None
    return [to_plain(a) for a in answers]


@dataclass
class Agreement:
    """How often two keyings agreed: over answers compared, and after reconciliation, how often
    this person's keying was the value kept."""

    compared: int = 0
    disagreed: int = 0
    kept_other: int = 0  # answers where this person's value was not the one kept

    @property
    def rate(self) -> float | None:
        return (self.compared - self.disagreed) / self.compared if self.compared else None


@dataclass
class AgreementReport:
    forms: int = 0
    overall: Agreement = field(default_factory=Agreement)
    by_volunteer: dict[str, Agreement] = field(default_factory=dict)
    by_question: dict[str, Agreement] = field(default_factory=dict)


def agreement_report(session: Session, study: Study) -> AgreementReport:
    """Agreement of blind double entry per volunteer and per question, for the study's forms
    keyed twice."""
    forms = session.scalars(
        select(PaperForm)
        .where(PaperForm.study_id == study.id, PaperForm.response_id.is_not(None))
        .options(selectinload(PaperForm.entries).joinedload(PaperEntry.keyed_by))
    ).all()
    twice = [f for f in forms if len(f.entries) == 2]
    report = AgreementReport(forms=len(twice))
    if not twice:
        return report
    by_response: dict[int, dict[tuple[str, str], Discrepancy]] = defaultdict(dict)
    for d in session.scalars(
        select(Discrepancy).where(Discrepancy.response_id.in_([f.response_id for f in twice]))
    ):
        by_response[d.response_id][(d.question_id, d.item)] = d
    definitions: dict[int, Questionnaire] = {}
    for form in twice:
        version = form.questionnaire_version
        if version.id not in definitions:
            definitions[version.id] = served_definition(session, version)
        definition = definitions[version.id]
        found = by_response.get(form.response_id or 0, {})
        for unit in units(definition):
            label = f"{version.key} v{version.version}: " + question_label(
                definition.question(unit[0]), *unit
            )
            disagreed = unit in found
            tallies = [report.overall, report.by_question.setdefault(label, Agreement())]
            for tally in tallies:
                tally.compared += 1
                tally.disagreed += disagreed
            for entry in form.entries:
                person = report.by_volunteer.setdefault(entry.keyed_by.name, Agreement())
                person.compared += 1
                person.disagreed += disagreed
                settled = found.get(unit)
                if settled is not None and settled.resolved is not None:
                    mine = settled.first if entry.number == 1 else settled.second
                    person.kept_other += comparable(mine) != comparable(settled.resolved)
    return report
