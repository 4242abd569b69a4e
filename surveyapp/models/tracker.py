"""The recommendation-response tracker: reports, their recommendations, who they were sent to,
the responses, the actions promised and their reviews. Deadlines and statuses are not stored:
they are derived from these dates (``analysis.tracker``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from analysis.tracker import REVIEW_STATES, STANCES
from surveyapp.models.base import Base, created_at, in_list, intpk, short_text

EVIDENCE_KINDS = ("table", "finding", "quote", "other")


class Organisation(Base):
    """A body recommendations are addressed to (an ICB, a council, a trust, a PCN...)."""

    __tablename__ = "organisation"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[intpk]
    name: Mapped[short_text]
    kind: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[created_at]

    contacts: Mapped[list[OrganisationContact]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationContact.name",
    )


class OrganisationContact(Base):
    __tablename__ = "organisation_contact"

    id: Mapped[intpk]
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    name: Mapped[short_text]
    role: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")


class Report(Base):
    __tablename__ = "report"

    id: Mapped[intpk]
    title: Mapped[short_text]
    study_id: Mapped[int | None] = mapped_column(ForeignKey("study.id", ondelete="SET NULL"))
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[created_at]

    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Recommendation.number"
    )
    dispatches: Mapped[list[Dispatch]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Dispatch.sent_on"
    )


class RecommendationAddressee(Base):
    __tablename__ = "recommendation_addressee"
    __table_args__ = (UniqueConstraint("recommendation_id", "organisation_id"),)

    id: Mapped[intpk]
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE")
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Recommendation(Base):
    __tablename__ = "recommendation"
    __table_args__ = (
        UniqueConstraint("report_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[intpk]
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    report: Mapped[Report] = relationship(back_populates="recommendations")
    addressees: Mapped[list[RecommendationAddressee]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan", order_by="Evidence.id"
    )

    @property
    def organisations(self) -> list[Organisation]:
        return [a.organisation for a in self.addressees]


class Evidence(Base):
    """What a recommendation rests on: an appendix table, a finding or a quote, with its base."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint(in_list("kind", EVIDENCE_KINDS), name="kind_known"),
        CheckConstraint("base_n IS NULL OR base_n >= 0", name="base_not_negative"),
    )

    id: Mapped[intpk]
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16), default="table")
    label: Mapped[str] = mapped_column(Text)
    base_n: Mapped[int | None]
    question_id: Mapped[str | None] = mapped_column(String(64))

    recommendation: Mapped[Recommendation] = relationship(back_populates="evidence")


class Dispatch(Base):
    """A report sent to one organisation: the 20 working days run from ``sent_on``."""

    __tablename__ = "dispatch"
    __table_args__ = (
        UniqueConstraint("report_id", "organisation_id"),
        CheckConstraint(
            "extended_to IS NULL OR (extension_reason IS NOT NULL AND extended_to >= sent_on)",
            name="extension_explained",
        ),
        CheckConstraint("received_on IS NULL OR received_on >= sent_on", name="reply_after_send"),
    )

    id: Mapped[intpk]
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation_contact.id", ondelete="SET NULL")
    )
    sent_on: Mapped[dt.date] = mapped_column(Date)
    extended_to: Mapped[dt.date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    general_response: Mapped[str | None] = mapped_column(Text)

    report: Mapped[Report] = relationship(back_populates="dispatches")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    contact: Mapped[OrganisationContact | None] = relationship()
    answers: Mapped[list[RecommendationResponse]] = relationship(
        back_populates="dispatch", cascade="all, delete-orphan"
    )


class RecommendationResponse(Base):
    """An organisation's answer to one recommendation, with its stance."""

    __tablename__ = "recommendation_response"
    __table_args__ = (
        UniqueConstraint("dispatch_id", "recommendation_id"),
        CheckConstraint(in_list("stance", STANCES), name="stance_known"),
    )

    id: Mapped[intpk]
    dispatch_id: Mapped[int] = mapped_column(ForeignKey("dispatch.id", ondelete="CASCADE"))
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE")
    )
    answer: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(32))

    dispatch: Mapped[Dispatch] = relationship(back_populates="answers")
    recommendation: Mapped[Recommendation] = relationship()
    actions: Mapped[list[Action]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Action.id"
    )


class Action(Base):
    """An action promised in a response, with its owner and due date."""

    __tablename__ = "action"

    id: Mapped[intpk]
    response_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation_response.id", ondelete="CASCADE")
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(255))
    due_on: Mapped[dt.date | None] = mapped_column(Date)

    response: Mapped[RecommendationResponse] = relationship(back_populates="actions")
    reviews: Mapped[list[ActionReview]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionReview.reviewed_on"
    )

    @property
    def latest_review(self) -> ActionReview | None:
        return self.reviews[-1] if self.reviews else None


class ActionReview(Base):
    """A follow-up (at 6 months, at 12...): was the action done, and what changed."""

    __tablename__ = "action_review"
    __table_args__ = (CheckConstraint(in_list("state", REVIEW_STATES), name="state_known"),)

    id: Mapped[intpk]
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    impact: Mapped[str | None] = mapped_column(Text)

    action: Mapped[Action] = relationship(back_populates="reviews")
