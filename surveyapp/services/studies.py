"""Studies, their instruments, and what staff see of the returns."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager

from questionnaires import Questionnaire
from surveyapp.models import (
    CHANNELS,
    QuestionnaireVersion,
    Response,
    Study,
    StudyInstrument,
    User,
)
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.audit import audit_study
from surveyapp.services.definitions import served_definition

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def parse_instrument(text: str) -> tuple[str, int]:
    """``patient/v1`` -> (``patient``, 1), with a message that shows the expected form."""
    key, sep, version = text.strip().partition("/v")
    if not sep or not key or not re.fullmatch(r"[0-9]{1,6}", version):
        raise ServiceError(f"'{text}' is not an instrument: write it as key/vN, like patient/v1")
    return key, int(version)


def create_study(
    session: Session,
    slug: str,
    name: str,
    instruments: Iterable[str] = (),
    description: str | None = None,
    is_demo: bool = False,
) -> Study:
    """A study with the given published instruments (``patient/v1`` ...) attached in order."""
    if not SLUG.match(slug):
        raise ServiceError(
            f"'{slug}' cannot be a study's short name: use lower-case letters, digits and hyphens"
        )
    if session.scalar(select(Study).filter_by(slug=slug)) is not None:
        raise ServiceError(f"There is already a study called '{slug}'")
    study = Study(slug=slug, name=name, description=description, is_demo=is_demo)
    session.add(study)
    for text in instruments:
        _attach(session, study, text)
    session.commit()
    return study


def attach_instrument(session: Session, slug: str, instrument: str) -> StudyInstrument:
    study = get_study(session, slug)
    attached = _attach(session, study, instrument)
    session.commit()
    return attached


def _attach(session: Session, study: Study, instrument: str) -> StudyInstrument:
    key, version = parse_instrument(instrument)
    published = session.scalar(select(QuestionnaireVersion).filter_by(key=key, version=version))
    if published is None:
        raise ServiceError(
            f"{key} v{version} is not published: check that questionnaires/{key}/v{version}.yaml "
            "exists and is a questionnaire (not a shared section), then run "
            "'surveyapp questionnaires load'"
        )
    if any(i.questionnaire_version_id == published.id for i in study.instruments):
        raise ServiceError(f"{published.label} is already part of study '{study.slug}'")
    channels = published.content.get("channels") or ["online", "paper"]
    if published.content.get("kind") == "shared":
        raise ServiceError(f"{published.label} is a shared section; attach a questionnaire")
    attached = StudyInstrument(
        questionnaire_version=published,
        position=len(study.instruments),
        # An instrument not meant for online answering (interviews only) gets no public link.
        open_online="online" in channels,
    )
    study.instruments.append(attached)
    # A newer version of the same instrument takes over the online link; the older stays
    # attached (its responses keep their version) but closed online.
    for other in study.instruments:
        same_key = other.questionnaire_version.key == key
        if other is not attached and same_key and other.questionnaire_version.version < version:
            other.open_online = False
    return attached


def get_study(session: Session, slug: str) -> Study:
    study = session.scalar(select(Study).filter_by(slug=slug))
    if study is None:
        raise NotFoundError(f"There is no study called '{slug}'")
    return study


def list_studies(session: Session) -> list[Study]:
    return list(session.scalars(select(Study).order_by(Study.created_at.desc(), Study.id.desc())))


def open_instrument(
    session: Session, slug: str, key: str, version: int | None = None
) -> tuple[Study, StudyInstrument, Questionnaire]:
    """The study, the instrument serving ``key`` (newest open version unless one is named) and
    its checked definition. Raises ``NotFoundError`` or ``FrozenVersionError``.

    One query for the three rows: every page of a public form opens its instrument, so this is
    on the path a launch-day peak takes (see benchmarks/serving.py)."""
    version_row = StudyInstrument.questionnaire_version
    instrument = session.scalar(
        select(StudyInstrument)
        .join(StudyInstrument.study)
        .join(version_row)
        .where(
            Study.slug == slug,
            QuestionnaireVersion.key == key,
            QuestionnaireVersion.version == version if version else StudyInstrument.open_online,
        )
        .order_by(QuestionnaireVersion.version.desc())
        .limit(1)
        .options(contains_eager(StudyInstrument.study), contains_eager(version_row))
    )
    if instrument is None:
        get_study(session, slug)  # an unknown study is named as such
        raise NotFoundError(f"Study '{slug}' has no open questionnaire '{key}'")
    return (
        instrument.study,
        instrument,
        served_definition(session, instrument.questionnaire_version),
    )


def version_instrument(
    session: Session, study: Study, version: QuestionnaireVersion
) -> tuple[StudyInstrument, Questionnaire]:
    """The study's instrument for ``version`` (closed online or not) and its checked definition."""
    instrument = session.scalar(
        select(StudyInstrument).filter_by(study_id=study.id, questionnaire_version_id=version.id)
    )
    if instrument is None:
        raise NotFoundError(f"{version.label} is no longer part of study '{study.slug}'")
    return instrument, served_definition(session, version)


def study_definitions(session: Session, study: Study) -> list[Questionnaire]:
    """One definition per instrument key, the newest version attached, in the study's order.
    Answers to older versions pool with it: a question keeps its id across versions."""
    newest: dict[str, Questionnaire] = {}
    for instrument in study.instruments:
        version = instrument.questionnaire_version
        if version.key not in newest or newest[version.key].version < version.version:
            newest[version.key] = served_definition(session, version)
    return list(newest.values())


def chosen_definitions(
    session: Session, study: Study, keys: Iterable[str] | None
) -> list[Questionnaire]:
    """``study_definitions`` of the instruments named by ``keys`` (all of them when none is)."""
    return choose(study_definitions(session, study), study, keys)


def choose(
    definitions: list[Questionnaire], study: Study, keys: Iterable[str] | None
) -> list[Questionnaire]:
    """The ``definitions`` whose key is one of ``keys`` (all when none is), or ServiceError
    naming the keys the study has no instrument for."""
    wanted = [k for k in (keys or []) if k]
    if not wanted:
        return definitions
    unknown = set(wanted) - {d.key for d in definitions}
    if unknown:
        raise ServiceError(f"Study '{study.slug}' has no instrument {', '.join(sorted(unknown))}")
    return [d for d in definitions if d.key in wanted]


@dataclass
class InstrumentReturns:
    """A row of the staff overview: one instrument version and its returns."""

    label: str
    key: str
    version: int
    title: str
    open_online: bool
    by_channel: dict[str, int] = field(default_factory=dict)
    in_progress: int = 0
    latest: dt.datetime | None = None
    earliest: dt.datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


def returns_overview(session: Session, study: Study) -> list[InstrumentReturns]:
    """Per instrument: submitted returns per channel, forms in progress, the latest submission."""
    rows = session.execute(
        select(
            Response.questionnaire_version_id,
            Response.channel,
            Response.status,
            func.count(Response.id),
            func.max(Response.submitted_at),
            func.min(Response.submitted_at),
        )
        .where(Response.study_id == study.id, Response.status != "void")
        .group_by(Response.questionnaire_version_id, Response.channel, Response.status)
    ).all()
    overview = {
        i.questionnaire_version_id: InstrumentReturns(
            label=i.questionnaire_version.label,
            key=i.questionnaire_version.key,
            version=i.questionnaire_version.version,
            title=i.questionnaire_version.title,
            open_online=i.open_online,
            by_channel={c: 0 for c in CHANNELS},
        )
        for i in study.instruments
    }
    for version_id, channel, status, count, latest, earliest in rows:
        entry = overview.get(version_id)
        if entry is None:
            continue
        if status == "in_progress":
            entry.in_progress += count
            continue
        entry.by_channel[channel] += count
        if latest is not None:
            latest = latest if latest.tzinfo else latest.replace(tzinfo=dt.UTC)
            entry.latest = max(filter(None, [entry.latest, latest]))
        if earliest is not None:
            earliest = earliest if earliest.tzinfo else earliest.replace(tzinfo=dt.UTC)
            entry.earliest = min(filter(None, [entry.earliest, earliest]))
    return list(overview.values())


def close_study(
    session: Session, study: Study, on: dt.date, contact_months: int, user: User | None = None
) -> None:
    """The day ``study`` stops, and how long after it the contact details people left are
    kept (1 to 120 months); ``user``: who set it (none from the shell)."""
    if not 1 <= contact_months <= 120:
        raise ServiceError("Keep contact details for 1 to 120 months after the study closes")
    before = (study.closes_on, study.contact_months)
    study.closes_on = on
    study.contact_months = contact_months
    changes = {"closes_on": (before[0], on), "contact_months": (before[1], contact_months)}
    audit_study(session, user, study.id, "closing date set", changes)
    session.commit()
