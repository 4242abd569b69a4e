"""The whole report of a study: the sections staff write (the method prefilled with what the
app knows of how the study was done), its findings, and the recommendations and responses the
tracker holds for the reports made from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.tracker import format_day
from analysis.working_days import Holidays
from exports.publication import (
    WRITTEN_SECTIONS,
    Publication,
    PublishedRecommendation,
    WrittenSection,
)
from questionnaires import Questionnaire
from surveyapp.models import Report, ReportSection, Study, User
from surveyapp.services import ServiceError
from surveyapp.services.audit import audit
from surveyapp.services.findings.content import findings_content
from surveyapp.services.studies import InstrumentReturns, returns_overview, study_definitions
from surveyapp.services.tracker.files import response_form_data
from surveyapp.services.tracker.overview import with_everything

#: A section's longest text (about ten pages): longer is a paste gone wrong.
MAX_SECTION = 50_000
_CHANNEL_WORDS = {
    "online": "online",
    "paper": "on paper",
    "interview": "in interviews",
    "phone": "by phone",
    "import": "imported from another tool",
}


def report_sections(session: Session, study: Study) -> list[WrittenSection]:
    """The sections staff write, in printed order, as saved; "What we did" prefilled with the
    study's methodology facts until staff save their own."""
    saved = {
        s.key: s.text for s in session.scalars(select(ReportSection).filter_by(study_id=study.id))
    }
    return [
        WrittenSection(
            key,
            heading,
            saved.get(key, method_facts(session, study) if key == "method" else ""),
        )
        for key, heading in WRITTEN_SECTIONS
    ]


def save_report_sections(
    session: Session, study: Study, texts: Mapping[str, str], user: User | None
) -> None:
    """Staff's text of the report's sections (``texts`` by key; keys not given are kept).
    Each change is audited; nothing is saved if any text is too long."""
    known = dict(WRITTEN_SECTIONS)
    unknown = sorted(set(texts) - set(known))
    if unknown:
        raise ServiceError(f"The report has no section '{unknown[0]}'")
    too_long = [known[k] for k, text in texts.items() if len(text) > MAX_SECTION]
    if too_long:
        raise ServiceError(
            f"'{too_long[0]}' is longer than {MAX_SECTION:,} characters; shorten it, or put the "
            "detail in an appendix."
        )
    saved = {s.key: s for s in session.scalars(select(ReportSection).filter_by(study_id=study.id))}
    for key, typed in texts.items():
        text = typed.replace("\r\n", "\n").strip()
        section = saved.get(key)
        old = section.text if section is not None else ""
        if section is None:
            session.add(
                ReportSection(
                    study_id=study.id, key=key, text=text, edited_by_id=user.id if user else None
                )
            )
        elif section.text != text:
            section.text, section.edited_by_id = text, user.id if user else None
        if old != text:
            audit(
                session, user, "study", study.id, None, f"Report section '{known[key]}' edited",
                {"text": (old[:200], text[:200])},
            )  # fmt: skip
    session.commit()


def method_facts(session: Session, study: Study) -> str:
    """What the app knows of how the study was done, as paragraphs to start "What we did"
    from: who was asked, by which channels, when, and how many answered."""
    definitions = {d.key: d for d in study_definitions(session, study)}
    paragraphs = []
    for returns in _by_instrument(returns_overview(session, study)):
        definition = definitions.get(returns.key)
        if definition is None or returns.total == 0:
            continue
        paragraphs.append(_instrument_facts(definition, returns))
    if not paragraphs:
        return ""
    paragraphs.append(
        "Answers given on paper were keyed in by staff and volunteers; forms keyed twice were "
        "checked against each other. Written answers were read and grouped into themes, and "
        "quotes chosen for this report had names and contact details taken out."
    )
    return "\n\n".join(paragraphs)


def _by_instrument(rows: Iterable[InstrumentReturns]) -> list[InstrumentReturns]:
    """Versions of one questionnaire as one row, in the study's order."""
    merged: dict[str, InstrumentReturns] = {}
    for row in rows:
        kept = merged.get(row.key)
        if kept is None:
            merged[row.key] = InstrumentReturns(
                label=row.label,
                key=row.key,
                version=row.version,
                title=row.title,
                open_online=row.open_online,
                by_channel=dict(row.by_channel),
                latest=row.latest,
                earliest=row.earliest,
            )
            continue
        for channel, n in row.by_channel.items():
            kept.by_channel[channel] = kept.by_channel.get(channel, 0) + n
        kept.latest = max(filter(None, [kept.latest, row.latest]), default=None)
        kept.earliest = min(filter(None, [kept.earliest, row.earliest]), default=None)
    return list(merged.values())


def _instrument_facts(definition: Questionnaire, returns: InstrumentReturns) -> str:
    who = definition.respondents or "people"
    channels = [(c, n) for c, n in returns.by_channel.items() if n]
    words = [_CHANNEL_WORDS[c] for c, _ in channels]
    ways = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    when = ""
    if returns.earliest and returns.latest:
        first, last = returns.earliest.date(), returns.latest.date()
        when = (
            f" on {format_day(first)}"
            if first == last
            else f" between {format_day(first)} and {format_day(last)}"
        )
    split = ", ".join(f"{n} {_CHANNEL_WORDS[c]}" for c, n in channels)
    return (
        f"We asked {who} to answer the {definition.title}, {ways}{when}. "
        f"{returns.total} answered ({split})."
    )


def publication(
    session: Session,
    study: Study,
    keys: Iterable[str] | None,
    *,
    small_base: int,
    organisation: str,
    holidays: Holidays,
    as_of: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Publication:
    """The whole report of ``study`` for the chosen instruments: staff's sections, the
    findings, and the recommendations and responses of the tracker's reports on the study."""
    content = findings_content(
        session, study, keys, small_base=small_base, organisation=organisation, progress=progress
    )
    reports = session.scalars(
        with_everything(select(Report))
        .filter_by(study_id=study.id)
        .order_by(Report.created_at, Report.id)
    ).all()
    recommendations = tuple(
        PublishedRecommendation(
            number=r.number,
            text=r.text,
            addressed_to=tuple(a.organisation.name for a in r.addressees),
        )
        for report in reports
        for r in sorted(report.recommendations, key=lambda r: r.number)
    )
    dispatches = sorted(
        (d for report in reports for d in report.dispatches), key=lambda d: (d.sent_on, d.id)
    )
    today = as_of or dt.datetime.now(dt.UTC).date()
    responses = tuple(response_form_data(d, today, holidays, organisation) for d in dispatches)
    return Publication(
        content=content,
        sections=tuple(report_sections(session, study)),
        recommendations=recommendations,
        responses=responses,
    )
