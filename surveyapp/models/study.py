"""Studies and the published questionnaire versions attached to them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.base import Base, created_at, intpk, sha256, short_text, slug


class QuestionnaireVersion(Base):
    """A published version of a definition file, frozen by the SHA-256 of its canonical content."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (
        UniqueConstraint("key", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("length(content_sha256) = 64", name="sha256_length"),
    )

    id: Mapped[intpk]
    key: Mapped[slug]
    version: Mapped[int]
    title: Mapped[short_text]
    content_sha256: Mapped[sha256]
    # The canonical content as published, so a changed file can be compared and explained.
    # Deferred: every public page loads the version with its instrument, and only publishing,
    # tabulating and the paper page read this (the served definition comes from the file,
    # checked against the hash), so it is not parsed from JSON on each request.
    content: Mapped[dict] = mapped_column(JSON, deferred=True)
    published_at: Mapped[created_at]

    @property
    def label(self) -> str:
        return f"{self.key} v{self.version}"


class Study(Base):
    __tablename__ = "study"
    __table_args__ = (
        UniqueConstraint("slug"),
        CheckConstraint("slug <> ''", name="slug_not_empty"),
        CheckConstraint(
            "double_entry_percent BETWEEN 0 AND 100", name="double_entry_percent_range"
        ),
        CheckConstraint("contact_months BETWEEN 1 AND 120", name="contact_months_range"),
    )

    id: Mapped[intpk]
    slug: Mapped[slug]
    name: Mapped[short_text]
    description: Mapped[str | None] = mapped_column(Text)
    # Demo studies hold generated responses and say so on every page that shows them.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # The share of returned paper forms keyed a second time, blind, to catch typing errors.
    double_entry_percent: Mapped[int] = mapped_column(default=0, server_default="0")
    # Names hidden from quotes besides the usual (staff, link workers, local people named).
    names_to_hide: Mapped[str | None] = mapped_column(Text)
    # The headline findings staff chose for the report, in their order (finding keys); none
    # chosen: the findings ranked as analysis.findings ranks them.
    headlines: Mapped[list | None] = mapped_column(JSON, deferred=True)
    # When the study stops taking answers; the contact details people left are deleted
    # ``contact_months`` after it (or sooner, on each record's own date).
    closes_on: Mapped[dt.date | None] = mapped_column(Date)
    contact_months: Mapped[int] = mapped_column(default=12, server_default="12")
    created_at: Mapped[created_at]

    instruments: Mapped[list[StudyInstrument]] = relationship(
        back_populates="study", order_by="StudyInstrument.position", cascade="all, delete-orphan"
    )


class StudyInstrument(Base):
    """A questionnaire version used by a study; ``open_online`` controls the public link."""

    __tablename__ = "study_instrument"
    __table_args__ = (UniqueConstraint("study_id", "questionnaire_version_id"),)

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    position: Mapped[int] = mapped_column(default=0)
    open_online: Mapped[bool] = mapped_column(Boolean, default=True)
    attached_at: Mapped[created_at]

    study: Mapped[Study] = relationship(back_populates="instruments")
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")
