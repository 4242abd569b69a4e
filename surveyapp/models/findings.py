"""What staff make of a study's findings before publishing: their wording of headline findings
(the generated text is not stored: it is worked out from the answers each time), how texts
written after "Other" are grouped, the sections of the report they write themselves, and results
worked out once and kept until the data change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.models.base import Base, created_at, in_list, intpk, utcnow


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


class GroupedAnswer(Base):
    """Staff's grouping of a text written after "Other (please specify)": every answer written
    like ``written`` (compared without case or extra spaces) counts in the row ``shown_as`` of
    the question's table ("GP practice - Clinical Pharmacist" for "pharmacist at my GP")."""

    __tablename__ = "grouped_answer"
    __table_args__ = (
        UniqueConstraint("study_id", "questionnaire", "question_id", "written"),
        CheckConstraint("length(shown_as) > 0", name="shown_as_given"),
    )

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    questionnaire: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    # As compared: lower case, runs of spaces as one (analysis.answer_counts.normalise_text).
    written: Mapped[str] = mapped_column(String(500))
    shown_as: Mapped[str] = mapped_column(String(255))
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    edited_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


#: The sections of a report staff write (in the order a Healthwatch report prints them).
REPORT_SECTIONS = ("about", "summary", "background", "method", "acknowledgements")


class ReportSection(Base):
    """A section of the study's report written by staff (the method comes prefilled)."""

    __tablename__ = "report_section"
    __table_args__ = (
        UniqueConstraint("study_id", "key"),
        CheckConstraint(in_list("key", REPORT_SECTIONS), name="key_known"),
    )

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    edited_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class CachedResult(Base):
    """A study's result worked out once (its findings, its appendix) and kept against the
    fingerprint of the data it came from: any new, changed or voided answer, code or edit
    changes the fingerprint, and the result is worked out again."""

    __tablename__ = "cached_result"
    __table_args__ = (UniqueConstraint("study_id", "name"),)

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    # What was worked out, with its settings: "findings:patient,professional:10:Healthwatch".
    name: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    computed_at: Mapped[created_at]
