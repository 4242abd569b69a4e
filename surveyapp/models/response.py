"""Responses and their answers, and contact details kept apart from both."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from questionnaires.answers import ANSWER_STATES
from surveyapp.models.base import Base, created_at, in_list, intpk, sha256, utcnow
from surveyapp.models.study import QuestionnaireVersion, Study

CHANNELS = ("online", "paper", "interview", "phone", "import")
STATUSES = ("in_progress", "submitted", "verified", "void")


class Response(Base):
    """One person's return of one questionnaire version, through one channel."""

    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("reference"),
        UniqueConstraint("resume_token"),
        UniqueConstraint("start_key"),
        UniqueConstraint("study_id", "paper_serial"),
        UniqueConstraint("study_id", "source_reference"),
        CheckConstraint(in_list("channel", CHANNELS), name="channel_known"),
        CheckConstraint(in_list("status", STATUSES), name="status_known"),
        CheckConstraint(
            "status = 'in_progress' OR submitted_at IS NOT NULL", name="submitted_has_time"
        ),
        CheckConstraint("length(content_sha256) = 64", name="sha256_length"),
        Index("ix_response_study_version_status", "study_id", "questionnaire_version_id", "status"),
        # A study's latest change, read to know whether its worked-out results still hold.
        Index("ix_response_study_updated", "study_id", "updated_at"),
    )

    id: Mapped[intpk]
    # What the person can quote ("HW-7K3P-9QXD"); unguessable enough to say nothing else.
    reference: Mapped[str] = mapped_column(String(32))
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    # The hash of the definition the answers were given against, kept even if a file changes.
    content_sha256: Mapped[sha256]
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    started_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Secret in the URL of an online form in progress, so a person can come back to it.
    resume_token: Mapped[str | None] = mapped_column(String(64))
    # One per rendered start page: a double-clicked or retried first post finds the same response.
    start_key: Mapped[str | None] = mapped_column(String(64))
    keyed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    paper_serial: Mapped[str | None] = mapped_column(String(32))
    # An imported row's own reference (another tool's response ID): importing again adds nothing.
    source_reference: Mapped[str | None] = mapped_column(String(64))
    participant_code: Mapped[str | None] = mapped_column(String(64), index=True)
    timepoint: Mapped[str | None] = mapped_column(String(32))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    study: Mapped[Study] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.id"
    )
    contact: Mapped[ContactDetails | None] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(Base):
    """One value of one question: a multiple choice is several rows, a grid one row per cell.

    ``item`` names a grid cell (``monday.in_person``); ``value_code`` an option. A blank is a row
    with ``state='blank'``; ``condition_met`` is False when a follow-up was answered although its
    condition was not (kept, flagged).
    """

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id", "item", "value_code"),
        CheckConstraint(in_list("state", ANSWER_STATES), name="state_known"),
        CheckConstraint(
            "state = 'answered' OR (value_code = '' AND text IS NULL AND number IS NULL "
            "AND date_value IS NULL)",
            name="state_without_value",
        ),
    )

    id: Mapped[intpk]
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64), default="")
    value_code: Mapped[str] = mapped_column(String(64), default="")
    other_text: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    number: Mapped[float | None] = mapped_column(Float)
    date_value: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="answered")
    # More than one box ticked on a one-tick question: which ones ("gp;self_referral").
    ticked: Mapped[str | None] = mapped_column(String(500))
    condition_met: Mapped[bool | None] = mapped_column(Boolean)

    response: Mapped[Response] = relationship(back_populates="answers")


class ContactDetails(Base):
    """Details a person chose to leave: staff only, deleted after ``retain_until``, not exported."""

    __tablename__ = "contact_details"
    __table_args__ = (UniqueConstraint("response_id"),)

    id: Mapped[intpk]
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    details: Mapped[dict] = mapped_column(JSON)
    retain_until: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[created_at]

    response: Mapped[Response] = relationship(back_populates="contact")
