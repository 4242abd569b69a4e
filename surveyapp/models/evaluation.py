"""A service's own records, imported for its evaluation: one row per referral, as the service's
record system (or ours) exports it. Needs and support offered are kept as the ``;``-separated
lists people type; ``analysis.service`` turns the rows into the evaluation's figures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.models.base import Base, created_at, in_list, intpk

#: The longest identifier a record system gives a referral or a person that we keep.
ID_LENGTH = 100


class ServiceRecord(Base):
    """One referral to the service evaluated by a study (a service evaluation)."""

    __tablename__ = "service_record"
    __table_args__ = (
        UniqueConstraint("study_id", "referral_id"),
        CheckConstraint(
            "first_contact_date IS NULL OR first_contact_date >= referral_date",
            name="contact_after_referral",
        ),
        CheckConstraint(
            "discharge_date IS NULL OR discharge_date >= referral_date",
            name="discharge_after_referral",
        ),
    )

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    person_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    referral_date: Mapped[dt.date] = mapped_column(Date)
    referral_source: Mapped[str | None] = mapped_column(String(255))
    practice: Mapped[str | None] = mapped_column(String(255))
    pcn: Mapped[str | None] = mapped_column(String(255))
    link_worker: Mapped[str | None] = mapped_column(String(255))
    first_contact_date: Mapped[dt.date | None] = mapped_column(Date)
    declined: Mapped[bool] = mapped_column(Boolean, default=False)
    needs: Mapped[str] = mapped_column(Text, default="")
    support_offered: Mapped[str] = mapped_column(Text, default="")
    discharge_date: Mapped[dt.date | None] = mapped_column(Date)
    discharge_reason: Mapped[str | None] = mapped_column(String(255))
    participant_code: Mapped[str | None] = mapped_column(String(64))
    age_band: Mapped[str | None] = mapped_column(String(64))
    gender: Mapped[str | None] = mapped_column(String(64))
    ethnicity: Mapped[str | None] = mapped_column(String(255))
    ward: Mapped[str | None] = mapped_column(String(255))
    imported_at: Mapped[created_at]


class ServicePractice(Base):
    """A GP practice of the area a service evaluation covers: its PCN and registered list."""

    __tablename__ = "service_practice"
    __table_args__ = (
        UniqueConstraint("study_id", "name"),
        CheckConstraint("list_size IS NULL OR list_size > 0", name="list_size_positive"),
    )

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    pcn: Mapped[str | None] = mapped_column(String(255))
    list_size: Mapped[int | None]


class ServiceLinkWorker(Base):
    """A link worker of the service and how many people they can hold on their caseload."""

    __tablename__ = "service_link_worker"
    __table_args__ = (
        UniqueConstraint("study_id", "name"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    capacity: Mapped[int | None]


class AreaPopulation(Base):
    """How many people live in the area, per category of one characteristic (age band, gender,
    ethnicity or ward): who is reached is compared with it."""

    __tablename__ = "area_population"
    __table_args__ = (
        UniqueConstraint("study_id", "characteristic", "category"),
        CheckConstraint("people >= 0", name="people_not_negative"),
    )

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    characteristic: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(255))
    people: Mapped[int]


#: How the dates of a source's export are written, when not year first.
DATE_ORDERS = ("day-first", "month-first", "year-first")


class RecordsSource(Base):
    """How another record system's export becomes our records: which of its columns holds each
    of ours, how it writes dates, and whether it has a row per contact (several per referral)
    instead of one per referral. Staff set it once per source and it is used for every file."""

    __tablename__ = "records_source"
    __table_args__ = (
        UniqueConstraint("study_id", "name"),
        CheckConstraint(in_list("date_order", DATE_ORDERS), name="date_order_known"),
    )

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    #: Our column -> the header of theirs that holds it.
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
    date_order: Mapped[str] = mapped_column(String(16), default="day-first")
    #: Their header holding each contact's date, when the export has a row per contact.
    contact_date_column: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[created_at]


class CaseStudy(Base):
    """A person's story of the service, written by staff against one of its records: published
    (anonymised) only with the person's consent recorded and once a member of staff approves."""

    __tablename__ = "case_study"
    __table_args__ = (
        CheckConstraint(
            "approved_at IS NULL OR consent_on IS NOT NULL", name="approved_with_consent"
        ),
    )

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    title: Mapped[str] = mapped_column(String(200))
    about: Mapped[str] = mapped_column(Text, default="")  # who the person is, in a line
    needs: Mapped[str] = mapped_column(Text)
    support: Mapped[str] = mapped_column(Text)  # what was done
    on_discharge: Mapped[str] = mapped_column(Text, default="")
    own_words: Mapped[str] = mapped_column(Text, default="")
    consent_on: Mapped[dt.date | None] = mapped_column(Date)
    consent_how: Mapped[str] = mapped_column(String(255), default="")
    written_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[created_at]
