"""Settling the disagreements of blind double entry, and how often keyings agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from questionnaires import Questionnaire
from surveyapp.models import Discrepancy, PaperEntry, PaperForm, Response, Study, User
from surveyapp.paper.comparison import META, label_of, meta_values, words_of
from surveyapp.paper.keying import KeyingError, read_keyed, read_one
from surveyapp.paper.values import (
    comparable,
    from_plain,
    grouped,
    to_plain,
)
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.audit import audit_response
from surveyapp.services.definitions import served_definition
from surveyapp.services.responses.changes import record_quality, replace_answers
from surveyapp.services.studies import get_study

PICKED_REASON = "Checked against the paper form"


@dataclass(frozen=True)
class DisagreementRow:
    """One disagreement as staff read it: the question as printed, both keyings in words."""

    id: int
    serial: str | None
    reference: str
    label: str
    first: str
    second: str


def open_discrepancies(session: Session, study: Study) -> list[DisagreementRow]:
    """Disagreements waiting for staff, oldest form first (void responses left out)."""
    found = session.scalars(
        select(Discrepancy)
        .join(Response)
        .where(
            Response.study_id == study.id,
            Response.status != "void",
            Discrepancy.resolution.is_(None),
        )
        .order_by(Response.id, Discrepancy.id)
    ).all()
    definitions: dict[int, Questionnaire] = {}
    rows = []
    for d in found:
        version = d.response.questionnaire_version
        if version.id not in definitions:
            definitions[version.id] = served_definition(session, version)
        definition = definitions[version.id]
        rows.append(
            DisagreementRow(
                id=d.id,
                serial=d.response.paper_serial,
                reference=d.response.reference,
                label=label_of(definition, d.question_id, d.item),
                first=words_of(definition, d.question_id, d.first),
                second=words_of(definition, d.question_id, d.second),
            )
        )
    return rows


def resolve_discrepancy(
    session: Session,
    slug: str,
    discrepancy_id: int,
    user: User,
    choice: str,
    reason: str,
    typed: Mapping[str, str] | None = None,
) -> Discrepancy:
    """Settle one disagreement of study ``slug``: the ``first`` or ``second`` keying, or the
    value ``typed`` from the paper (with the entry screen's convention, and a reason). The
    answer is replaced and audited; once nothing is left open, the response is verified."""
    study = get_study(session, slug)
    found = session.get(Discrepancy, discrepancy_id)
    if found is None or found.response.study_id != study.id:
        raise NotFoundError("That disagreement is not one of this study's; reload the page")
    if found.resolution is not None:
        who = found.resolved_by.name if found.resolved_by else "someone"
        raise ServiceError(f"That disagreement was already settled by {who}")
    response = found.response
    if response.status == "void":
        raise ServiceError(f"Response {response.reference} is void; nothing is left to settle")
    definition = served_definition(session, response.questionnaire_version)
    typed = typed or {}
    reason = reason.strip()
    values = _chosen(definition, found, choice, reason, typed)
    label = label_of(definition, found.question_id, found.item)
    what = f"Reconciled {label} of serial {response.paper_serial}"
    if found.question_id in META:
        old = getattr(response, found.question_id)
        new = values[0]["text"] if values else None
        setattr(response, found.question_id, new)
        audit_response(
            session,
            user,
            response.id,
            what,
            {label: (old, new)},
            reason=reason or PICKED_REASON,
        )
    else:
        replace_answers(
            session,
            response,
            definition,
            [from_plain(v) for v in values],
            user=user,
            what=what,
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


def _chosen(
    definition: Questionnaire,
    found: Discrepancy,
    choice: str,
    reason: str,
    typed: Mapping[str, str],
) -> list[dict]:
    if choice in ("first", "second"):
        if typed.get("value", "").strip():
            raise ServiceError(
                "You typed a value from the paper: choose 'Neither: type it' to keep it, or "
                "clear the box to take one of the keyings"
            )
        return found.first if choice == "first" else found.second
    if choice != "typed":
        raise ServiceError("Choose the first keying, the second, or type the value")
    if not reason:
        raise ServiceError("Say why the value typed differs from both keyings")
    value, other = typed.get("value", ""), typed.get("other", "")
    if found.question_id in META:
        keyed = read_keyed(definition, {found.question_id: value})
        if keyed.errors:
            raise ServiceError(" ".join(keyed.errors.values()))
        meta = {"participant_code": keyed.participant_code, "timepoint": keyed.timepoint}
        return meta_values(definition, meta).get((found.question_id, ""), [])
    try:
        return [
            to_plain(a) for a in read_one(definition, found.question_id, found.item, value, other)
        ]
    except KeyingError as exc:
        raise ServiceError(str(exc)) from None


@dataclass
class Agreement:
    """How often two keyings agreed, over the answers that either keying gave (both left
    blank is not counted), and after reconciliation how often this person's value was not the
    one kept."""

    compared: int = 0
    disagreed: int = 0
    kept_other: int = 0

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
    """Agreement of blind double entry per person keying and per question, for the study's
    forms keyed twice (void responses left out)."""
    forms = session.scalars(
        select(PaperForm)
        .join(Response, PaperForm.response_id == Response.id)
        .where(PaperForm.study_id == study.id, Response.status != "void")
        .options(selectinload(PaperForm.entries).joinedload(PaperEntry.keyed_by))
    ).all()
    twice = [f for f in forms if len(f.entries) == 2]
    report = AgreementReport(forms=len(twice))
    if not twice:
        return report
    settled: dict[int, dict[tuple[str, str], Discrepancy]] = {}
    for d in session.scalars(
        select(Discrepancy)
        .join(Response, Discrepancy.response_id == Response.id)
        .where(Response.study_id == study.id, Response.status != "void")
    ):
        settled.setdefault(d.response_id, {})[(d.question_id, d.item)] = d
    definitions: dict[int, Questionnaire] = {}
    for form in twice:
        version = form.questionnaire_version
        if version.id not in definitions:
            definitions[version.id] = served_definition(session, version)
        _tally(report, definitions[version.id], form, settled.get(form.response_id or 0, {}))
    return report


def _tally(
    report: AgreementReport,
    definition: Questionnaire,
    form: PaperForm,
    found: dict[tuple[str, str], Discrepancy],
) -> None:
    first, second = form.entries
    values = [
        {**meta_values(definition, e.meta), **grouped(definition, map(from_plain, e.answers))}
        for e in (first, second)
    ]
    units = [u for u in values[0] if values[0].get(u) or values[1].get(u)]
    for unit in units:
        label = f"{definition.label}: {label_of(definition, *unit)}"
        disagreed = unit in found
        for tally in (report.overall, report.by_question.setdefault(label, Agreement())):
            tally.compared += 1
            tally.disagreed += disagreed
        decision = found.get(unit)
        for entry, mine in zip((first, second), values, strict=True):
            person = entry.keyed_by
            tally = report.by_volunteer.setdefault(f"{person.name} ({person.email})", Agreement())
            tally.compared += 1
            tally.disagreed += disagreed
            if decision is not None and decision.resolved is not None:
                tally.kept_other += comparable(mine.get(unit, [])) != comparable(decision.resolved)
