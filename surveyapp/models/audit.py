"""Who changed what, when: one row per change to a tracked record."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.base import Base, created_at, intpk
from surveyapp.models.people import User


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_subject", "subject", "subject_id"),)

    id: Mapped[intpk]
    at: Mapped[created_at]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The record changed, e.g. ("dispatch", 3); ``report_id`` groups a report's history.
    subject: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int]
    report_id: Mapped[int | None] = mapped_column(index=True)
    what: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship(lazy="joined")
