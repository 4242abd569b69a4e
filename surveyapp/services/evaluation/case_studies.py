"""Case studies of a service evaluation: written by staff against one of the service's records,
with the person's consent recorded, anonymised as quotes are (names, places, phone numbers ...)
and published in the report only once a member of staff approves them. Changing an approved
case study withdraws the approval: what is published is always what someone approved."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exports.evaluation.report import CaseStudyText
from surveyapp.models import CaseStudy, ServiceRecord, Study, User
from surveyapp.models.base import utcnow
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.audit import audit
from surveyapp.services.coding.quotes import anonymiser_for
from surveyapp.services.studies import get_study

__all__ = [
    "CASE_STUDY_FIELDS",
    "CaseStudyView",
    "approve_case_study",
    "case_studies",
    "case_studies_fingerprint",
    "delete_case_study",
    "get_case_study",
    "published_case_studies",
    "save_case_study",
    "withdraw_approval",
]

#: What staff write, as published (each anonymised), in the order the report prints them.
CASE_STUDY_FIELDS = ("title", "about", "needs", "support", "on_discharge", "own_words")


@dataclass(frozen=True)
class CaseStudyView:
    """A case study and how it will read once published (anonymised)."""

    case_study: CaseStudy
    published_as: CaseStudyText
    hidden: int  # how many names, places and numbers the anonymising replaced


def _texts(case_study: CaseStudy) -> list[str]:
    return [getattr(case_study, name) or "" for name in CASE_STUDY_FIELDS]


def case_studies(session: Session, slug: str) -> list[CaseStudyView]:
    """The study's case studies, newest first, each as it would be published."""
    study = get_study(session, slug)
    found = list(
        session.scalars(
            select(CaseStudy).where(CaseStudy.study_id == study.id).order_by(CaseStudy.id.desc())
        )
    )
    return _views(session, study, found)


def _views(session: Session, study: Study, found: list[CaseStudy]) -> list[CaseStudyView]:
    if not found:
        return []
    anonymiser = anonymiser_for(session, study)
    texts = [text for case_study in found for text in _texts(case_study)]
    done = anonymiser.anonymise_many(texts)
    size = len(CASE_STUDY_FIELDS)
    views = []
    for index, case_study in enumerate(found):
        parts = done[index * size : (index + 1) * size]
        views.append(
            CaseStudyView(
                case_study,
                CaseStudyText(*(part.text for part in parts)),
                sum(len(part.redactions) for part in parts),
            )
        )
    return views


def get_case_study(session: Session, slug: str, case_study_id: int) -> CaseStudyView:
    study = get_study(session, slug)
    case_study = session.get(CaseStudy, case_study_id)
    if case_study is None or case_study.study_id != study.id:
        raise NotFoundError("There is no such case study in this evaluation")
    return _views(session, study, [case_study])[0]


def save_case_study(
    session: Session,
    slug: str,
    values: dict[str, object],
    user: User,
    case_study_id: int | None = None,
) -> CaseStudy:
    """Write a new case study (``case_study_id`` None) or change one, from ``values``: the
    :data:`CASE_STUDY_FIELDS`, ``referral_id``, ``consent_on`` and ``consent_how``. The
    referral must be one of the study's records. A change to an approved case study withdraws
    its approval."""
    study = get_study(session, slug)
    referral = str(values.get("referral_id") or "").strip()
    known = session.scalar(
        select(func.count())
        .select_from(ServiceRecord)
        .where(ServiceRecord.study_id == study.id, ServiceRecord.referral_id == referral)
    )
    if not known:
        raise ServiceError(
            f"There is no referral '{referral}' in this evaluation's records: give the "
            "referral id as the service's records have it"
        )
    consent_on = values.get("consent_on")
    if consent_on is not None and not isinstance(consent_on, dt.date):
        raise ServiceError("Give the date consent was given as a date")
    if consent_on is not None and consent_on > dt.date.today():
        raise ServiceError("The date consent was given is in the future: check it")
    if case_study_id is None:
        case_study = CaseStudy(study_id=study.id, written_by_id=user.id)
        session.add(case_study)
    else:
        case_study = get_case_study(session, slug, case_study_id).case_study
    changed = {
        name: values.get(name) or ""
        for name in (*CASE_STUDY_FIELDS, "consent_how")
        if (values.get(name) or "") != (getattr(case_study, name) or "")
    }
    if referral != case_study.referral_id or consent_on != case_study.consent_on:
        changed["referral_id"] = referral
    case_study.referral_id = referral
    case_study.consent_on = consent_on  # type: ignore[assignment]
    for name in (*CASE_STUDY_FIELDS, "consent_how"):
        setattr(case_study, name, str(values.get(name) or "").strip())
    if changed and case_study.approved_at is not None:
        case_study.approved_at = None
        case_study.approved_by_id = None
    case_study.updated_at = utcnow()
    session.flush()
    # Which parts changed, not their words: the audit trail must not hold a second, unanonymised
    # copy of a person's story.
    _audit(session, user, case_study, f"written: {', '.join(sorted(changed)) or 'no change'}")
    session.commit()
    return case_study


def approve_case_study(session: Session, slug: str, case_study_id: int, user: User) -> CaseStudy:
    """Publish the case study as it reads now; refused without the person's consent."""
    view = get_case_study(session, slug, case_study_id)
    case_study = view.case_study
    if case_study.consent_on is None:
        raise ServiceError(
            "Record the date the person gave their consent before approving this case study"
        )
    case_study.approved_at = utcnow()
    case_study.approved_by_id = user.id
    _audit(session, user, case_study, "approved")
    session.commit()
    return case_study


def withdraw_approval(session: Session, slug: str, case_study_id: int, user: User) -> CaseStudy:
    case_study = get_case_study(session, slug, case_study_id).case_study
    case_study.approved_at = None
    case_study.approved_by_id = None
    _audit(session, user, case_study, "approval withdrawn")
    session.commit()
    return case_study


def delete_case_study(session: Session, slug: str, case_study_id: int, user: User) -> None:
    case_study = get_case_study(session, slug, case_study_id).case_study
    _audit(session, user, case_study, "deleted")
    session.delete(case_study)
    session.commit()


def _audit(session: Session, user: User, case_study: CaseStudy, what: str) -> None:
    audit(session, user, "case study", case_study.id, None, f"Case study {what}")


def case_studies_fingerprint(session: Session, study: Study) -> str:
    """What the published case studies depend on: which are approved, when each was last
    changed, and the names the study hides."""
    rows = session.execute(
        select(CaseStudy.id, CaseStudy.updated_at, CaseStudy.approved_at)
        .where(CaseStudy.study_id == study.id)
        .order_by(CaseStudy.id)
    ).all()
    return hashlib.sha256(repr([study.names_to_hide, *rows]).encode()).hexdigest()[:32]


def published_case_studies(session: Session, study: Study) -> list[CaseStudyText]:
    """The approved case studies, oldest first, anonymised: what the report prints."""
    approved = list(
        session.scalars(
            select(CaseStudy)
            .where(CaseStudy.study_id == study.id, CaseStudy.approved_at.is_not(None))
            .order_by(CaseStudy.id)
        )
    )
    return [view.published_as for view in _views(session, study, approved)]
