"""Headline findings as staff edited them before publishing (the generated text is not stored:
it is worked out from the answers each time)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.models.base import Base, intpk, utcnow


class EditedFinding(Base):
    __tablename__ = "edited_finding"
    __table_args__ = (UniqueConstraint("study_id", "key"),)

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    # The generated finding's stable key, e.g. "patient.overall_rating.top_two".
    key: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # The sentence as generated when staff edited it: if the answers change it, the page says so.
    generated: Mapped[str] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    edited_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
