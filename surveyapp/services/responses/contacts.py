"""Contact details people chose to leave: kept apart from their answers, shown to staff only,
and deleted on their date (the answers stay): the record's own (the questionnaire's retention
from the day they were left), or sooner, the study's months after it closes. Deletions are
recorded in the audit trail."""

from __future__ import annotations

import calendar
import datetime as dt

from sqlalchemy import delete, select, true
from sqlalchemy.orm import Session

from questionnaires import Section
from surveyapp.models import ContactDetails, Response, Study
from surveyapp.services.audit import audit_study


def contact_record(section: Section | None, details: dict[str, str]) -> ContactDetails:
    """Contact details kept apart from the answers, until the section's retention date."""
    days = (section.retention_days if section else None) or 365
    return ContactDetails(details=details, retain_until=dt.date.today() + dt.timedelta(days=days))


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def study_contacts_end(study: Study) -> dt.date | None:
    """The last day any contact record of ``study`` is kept: months after it closes."""
    return months_after(study.closes_on, study.contact_months) if study.closes_on else None


def kept_until(contact: ContactDetails, study: Study) -> dt.date:
    """The last day ``contact`` is kept: its own date, or the study's if that comes first."""
    end = study_contacts_end(study)
    return min(contact.retain_until, end) if end else contact.retain_until


def purge_expired_contacts(session: Session, today: dt.date | None = None) -> int:
    """Delete contact details kept past their last day, a statement per study; the answers stay.
    Each study's deletions are recorded (how many, and why). Returns how many in all."""
    today = today or dt.date.today()
    deleted = 0
    for study in session.scalars(select(Study)):
        end = study_contacts_end(study)
        due = true() if end is not None and end < today else ContactDetails.retain_until < today
        gone = session.execute(
            delete(ContactDetails).where(
                ContactDetails.response_id.in_(
                    select(Response.id).where(Response.study_id == study.id)
                ),
                due,
            )
        ).rowcount
        if gone:
            audit_study(
                session, None, study.id, f"deleted {gone} contact record(s) kept past their day"
            )
            deleted += gone
    session.commit()
    return deleted


def contact_list(session: Session, study: Study) -> list[ContactDetails]:
    """Contact details left in ``study``'s responses, newest first, with their response."""
    return list(
        session.scalars(
            select(ContactDetails)
            .join(Response)
            .where(Response.study_id == study.id, Response.status != "void")
            .order_by(ContactDetails.created_at.desc(), ContactDetails.id.desc())
        )
    )
