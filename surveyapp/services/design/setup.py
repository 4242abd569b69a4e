"""Setting a study up from the staff pages rather than a shell: its name and short name, the
questionnaire versions it uses, which of them take answers online, and the day it closes.

Every change is recorded in the study's audit trail with who made it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from surveyapp.models import PaperBatch, QuestionnaireVersion, Response, Study, User
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.audit import audit_study
from surveyapp.services.studies import SLUG, attach_instrument, close_study, create_study

#: The most a short name may hold (``SLUG``), kept short enough to read in a link.
SLUG_LENGTH = 64


def propose_slug(name: str) -> str:
    """The short name a study called ``name`` gets unless staff type another: lower-case
    letters and digits, words joined by hyphens (``Care homes 2024`` -> ``care-homes-2024``)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    slug = "-".join(words)[:SLUG_LENGTH].strip("-")
    return slug or "study"


@dataclass(frozen=True)
class NewStudy:
    """What staff typed to create a study; ``slug`` empty: proposed from the name."""

    name: str
    slug: str = ""
    description: str = ""


def create_from_form(session: Session, typed: NewStudy, user: User | None) -> Study:
    """A study with no instruments yet, named as typed (committed), or ``ServiceError`` saying
    what to change; the short name is proposed from the name when none is typed."""
    name = typed.name.strip()
    if not name:
        raise ServiceError("Enter the study's name")
    if len(name) > 200:
        raise ServiceError("Enter a name of 200 characters or fewer")
    slug = typed.slug.strip() or propose_slug(name)
    if not SLUG.match(slug):
        raise ServiceError(
            f"'{slug}' cannot be a short name: use lower-case letters, digits and hyphens, "
            f"starting with a letter or digit, {SLUG_LENGTH} characters at most"
        )
    study = create_study(session, slug, name, description=typed.description.strip() or None)
    audit_study(session, user, study.id, "created", {"slug": (None, slug), "name": (None, name)})
    session.commit()
    return study


def attachable(session: Session, study: Study) -> list[QuestionnaireVersion]:
    """Published questionnaires (shared sections apart) the study does not use yet."""
    used = {i.questionnaire_version_id for i in study.instruments}
    versions = session.scalars(
        select(QuestionnaireVersion).order_by(
            QuestionnaireVersion.key, QuestionnaireVersion.version.desc()
        )
    )
    return [v for v in versions if v.id not in used and v.content.get("kind") != "shared"]


def _version(session: Session, version_id: int) -> QuestionnaireVersion:
    found = session.get(QuestionnaireVersion, version_id)
    if found is None:
        raise NotFoundError("That questionnaire version does not exist; choose another")
    return found


def attach_version(session: Session, study: Study, version_id: int, user: User | None) -> None:
    """Attach a published version (committed). A newer version of a questionnaire the study
    uses takes over its online link; the older keeps its responses."""
    version = _version(session, version_id)
    attach_instrument(session, study.slug, f"{version.key}/v{version.version}")
    audit_study(session, user, study.id, f"attached {version.label}")
    session.commit()


def detach_version(session: Session, study: Study, version_id: int, user: User | None) -> None:
    """Take a version off the study (committed), only while nothing was collected with it:
    no response (begun, submitted or void) and no paper form printed."""
    version = _version(session, version_id)
    instrument = next(
        (i for i in study.instruments if i.questionnaire_version_id == version.id), None
    )
    if instrument is None:
        raise NotFoundError(f"{version.label} is not part of this study")
    answered = session.scalar(
        select(
            exists().where(
                Response.study_id == study.id, Response.questionnaire_version_id == version.id
            )
        )
    )
    if answered:
        raise ServiceError(
            f"{version.label} has responses in this study, which keep their version: it stays "
            "attached. Close it online instead, so that it takes no more answers."
        )
    printed = session.scalar(
        select(
            exists().where(
                PaperBatch.study_id == study.id, PaperBatch.questionnaire_version_id == version.id
            )
        )
    )
    if printed:
        raise ServiceError(
            f"Paper forms of {version.label} were printed for this study and may come back: it "
            "stays attached. Close it online instead."
        )
    study.instruments.remove(instrument)
    for position, other in enumerate(study.instruments):
        other.position = position
    audit_study(session, user, study.id, f"detached {version.label}")
    session.commit()


def set_online(
    session: Session, study: Study, version_id: int, is_open: bool, user: User | None
) -> None:
    """Open a version's online form (the other versions of the same questionnaire close: one
    link per questionnaire), or close it (committed)."""
    version = _version(session, version_id)
    instrument = next(
        (i for i in study.instruments if i.questionnaire_version_id == version.id), None
    )
    if instrument is None:
        raise NotFoundError(f"{version.label} is not part of this study")
    if is_open and "online" not in (version.content.get("channels") or ["online", "paper"]):
        channels = ", ".join(version.content.get("channels") or [])
        raise ServiceError(f"{version.label} is not answered online (its channels: {channels})")
    if is_open:
        for other in study.instruments:
            if other.questionnaire_version.key == version.key:
                other.open_online = False
    instrument.open_online = is_open
    audit_study(session, user, study.id, f"{'opened' if is_open else 'closed'} {version.label}")
    session.commit()


def set_closing(
    session: Session, study: Study, on: dt.date, contact_months: int, user: User | None
) -> None:
    """The day the study closes and how long contact details are kept after it (committed),
    as ``surveyapp study close`` sets them; the change is recorded with who made it."""
    close_study(session, study, on, contact_months, user)
