"""Contact details people chose to leave: kept apart from their answers, shown to staff only,
and deleted after their retention date (the answers stay)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Section
from surveyapp.models import ContactDetails, Response, Study


def contact_record(section: Section | None, details: dict[str, str]) -> ContactDetails:
    """Contact details kept apart from the answers, until the section's retention date."""
    days = (section.retention_days if section else None) or 365
    return ContactDetails(details=details, retain_until=dt.date.today() + dt.timedelta(days=days))


def purge_expired_contacts(session: Session, today: dt.date | None = None) -> int:
    """Delete contact details past their retention date; the answers stay. Returns how many."""
    today = today or dt.date.today()
    expired = session.scalars(
        select(ContactDetails).where(ContactDetails.retain_until < today)
    ).all()
    for contact in expired:
        session.delete(contact)
    session.commit()
    return len(expired)


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
