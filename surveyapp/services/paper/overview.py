"""What the entry screens and the staff paper page show: forms waiting for a second keying, the
summary of a saved form, and a study's paper returns at a glance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaires.answers import UNCLEAR_STATES
from surveyapp.models import (
    Discrepancy,
    PaperBatch,
    PaperEntry,
    PaperForm,
    QualityIssue,
    Response,
    Study,
    StudyInstrument,
    User,
)
from surveyapp.paper.values import describe, from_plain, grouped, question_label
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.audit import audit
from surveyapp.services.definitions import served_definition
from surveyapp.services.paper.entry import EntryRefusedError, find_form, latest_entry
from surveyapp.services.paper.printing import list_batches
from surveyapp.services.studies import get_study


@dataclass(frozen=True)
class EntryHome:
    keyed_today: int
    # Serials a second person still has to key (serials only: nobody's answers).
    awaiting_second: list[str]


def awaiting_second(session: Session, study: Study | None = None) -> list[str]:
    """Serials keyed once that were drawn for a second, blind keying."""
    one_entry = (
        select(PaperEntry.paper_form_id)
        .group_by(PaperEntry.paper_form_id)
        .having(func.count(PaperEntry.id) == 1)
    )
    query = select(PaperForm.serial).where(
        PaperForm.double_entry.is_(True), PaperForm.id.in_(one_entry)
    )
    if study is not None:
        query = query.where(PaperForm.study_id == study.id)
    return list(session.scalars(query.order_by(PaperForm.serial)))


def entry_home(session: Session, user: User, zone: dt.tzinfo = dt.UTC) -> EntryHome:
    """What a keyer's home page says: forms keyed since midnight where ``zone`` keeps its
    clocks, and the serials waiting for a second keying."""
    midnight = dt.datetime.combine(dt.datetime.now(zone).date(), dt.time(), tzinfo=zone)
    today = session.scalar(
        select(func.count(PaperEntry.id)).where(
            PaperEntry.keyed_by_id == user.id, PaperEntry.keyed_at >= midnight
        )
    )
    return EntryHome(keyed_today=today or 0, awaiting_second=awaiting_second(session))


@dataclass(frozen=True)
class SummaryLine:
    label: str
    value: str
    flagged: bool = False


@dataclass
class SavedSummary:
    serial: str
    version: str
    number: int
    double_entry: bool
    lines: list[SummaryLine] = field(default_factory=list)
    contact_given: bool = False
    quality: list[str] = field(default_factory=list)


def saved_summary_for(session: Session, typed_serial: str, user: User) -> SavedSummary:
    """The summary of ``user``'s own latest keying, if it is of this serial: a volunteer never
    sees another person's keying."""
    try:
        form = find_form(session, typed_serial)
    except EntryRefusedError:
        raise NotFoundError(f"There is no form {typed_serial} of yours to show") from None
    entry = latest_entry(session, user)
    if entry is None or entry.paper_form_id != form.id:
        raise NotFoundError(f"There is no form {form.serial} of yours to show")
    return saved_summary(session, entry)


def saved_summary(session: Session, entry: PaperEntry) -> SavedSummary:
    """What was saved for ``entry``, said in words, for the keyer to check against the paper.
    A second keying is shown nothing of the first (not even whether they agree): the check
    stays blind."""
    form = entry.paper_form
    definition = served_definition(session, form.questionnaire_version)
    values = grouped(definition, (from_plain(a) for a in entry.answers))
    summary = SavedSummary(
        serial=form.serial,
        version=definition.label,
        number=entry.number,
        double_entry=bool(form.double_entry),
    )
    for (question_id, item), given in values.items():
        question = definition.question(question_id)
        if question is not None and question.type == "grid" and not given:
            continue
        summary.lines.append(
            SummaryLine(
                question_label(question, question_id, item),
                describe(question, given),
                flagged=any(v.get("state") in UNCLEAR_STATES for v in given),
            )
        )
    response = form.response
    if response is not None and entry.number == 1:
        summary.contact_given = response.contact is not None
        summary.quality = list(
            session.scalars(
                select(QualityIssue.message).where(
                    QualityIssue.response_id == response.id, QualityIssue.status == "open"
                )
            )
        )
    return summary


@dataclass(frozen=True)
class PaperOverview:
    printed: int
    keyed: int
    awaiting_second: list[str]
    open_discrepancies: int
    open_issues: int
    double_entry_percent: int


def paper_overview(session: Session, study: Study) -> PaperOverview:
    printed = session.scalar(select(func.count(PaperForm.id)).filter_by(study_id=study.id))
    keyed = session.scalar(
        select(func.count(PaperForm.id)).where(
            PaperForm.study_id == study.id, PaperForm.response_id.is_not(None)
        )
    )
    discrepancies = session.scalar(
        select(func.count(Discrepancy.id))
        .join(Response)
        .where(Response.study_id == study.id, Discrepancy.resolution.is_(None))
    )
    return PaperOverview(
        printed=printed or 0,
        keyed=keyed or 0,
        awaiting_second=awaiting_second(session, study),
        open_discrepancies=discrepancies or 0,
        open_issues=len(open_issues(session, study)),
        double_entry_percent=study.double_entry_percent,
    )


def open_issues(session: Session, study: Study) -> list[QualityIssue]:
    """Data-quality findings staff have not looked at, of responses that count or would."""
    return list(
        session.scalars(
            select(QualityIssue)
            .join(Response)
            .where(
                Response.study_id == study.id,
                Response.status != "void",
                QualityIssue.status == "open",
            )
            .order_by(Response.id, QualityIssue.id)
        )
    )


def set_double_entry(session: Session, study: Study, percent: int, user: User | None) -> Study:
    """The share of paper forms (0-100 %) drawn, as they are first keyed, for a second keying."""
    if not 0 <= percent <= 100:
        raise ServiceError(
            f"The share of forms keyed twice is a percentage from 0 to 100 (not {percent})"
        )
    old = study.double_entry_percent
    study.double_entry_percent = percent
    audit(
        session,
        user,
        "study",
        study.id,
        None,
        "Set the share of paper forms keyed twice",
        {"double_entry_percent": (old, percent)},
    )
    session.commit()
    return study


@dataclass(frozen=True)
class PaperPage:
    study: Study
    instruments: list[StudyInstrument]
    overview: PaperOverview
    batches: list[PaperBatch]


def paper_page(session: Session, slug: str) -> PaperPage:
    """What the staff paper page shows: the instruments that can be printed, the returns at a
    glance and the batches printed so far."""
    study = get_study(session, slug)
    instruments = [
        i
        for i in study.instruments
        if "paper" in (i.questionnaire_version.content.get("channels") or ["online", "paper"])
    ]
    return PaperPage(
        study, instruments, paper_overview(session, study), list_batches(session, study)
    )
