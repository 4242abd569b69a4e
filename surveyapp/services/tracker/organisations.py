"""The reusable list of organisations (and their named contacts) reports are sent to."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import Organisation, OrganisationContact
from surveyapp.services.tracker.common import TrackerError, find_record


def list_organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def create_organisation(session: Session, name: str, kind: str | None = None) -> Organisation:
    name = " ".join(name.split())
    if not name:
        raise TrackerError("Enter the organisation's name")
    same = select(Organisation).where(func.lower(Organisation.name) == name.lower())
    if session.scalar(same) is not None:
        raise TrackerError(f"'{name}' is already in the list of organisations")
    organisation = Organisation(name=name, kind=(kind or "").strip() or None)
    session.add(organisation)
    session.commit()
    return organisation


def find_or_create_organisation(
    session: Session, name: str, kind: str | None = None
) -> Organisation:
    name = " ".join(name.split())
    found = session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )
    return found or create_organisation(session, name, kind)


def add_contact(
    session: Session, organisation_id: int, name: str, role: str | None, email: str | None
) -> OrganisationContact:
    organisation = find_record(session, Organisation, organisation_id, "organisation")
    if not name.strip():
        raise TrackerError("Enter the contact's name")
    contact = OrganisationContact(
        name=name.strip(), role=(role or "").strip() or None, email=(email or "").strip() or None
    )
    organisation.contacts.append(contact)
    session.commit()
    return contact
