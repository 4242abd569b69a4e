"""Paper returns: printed serial-numbered forms, each keying of a returned form, the
disagreements between two blind keyings, and the data-quality findings on a response."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.base import Base, created_at, in_list, intpk
from surveyapp.models.people import User
from surveyapp.models.response import Response
from surveyapp.models.study import QuestionnaireVersion

RESOLUTIONS = ("first", "second", "typed")
QUALITY_RULES = ("skip_answered", "out_of_range", "required_blank")
#: Rules whose open findings keep a response out of the counts until staff have looked.
HOLDING_RULES = ("out_of_range", "required_blank")
QUALITY_STATES = ("open", "confirmed", "corrected")


class PaperBatch(Base):
    """One print run: ``copies`` forms of one version, each with its own serial."""

    __tablename__ = "paper_batch"
    __table_args__ = (CheckConstraint("copies >= 1", name="copies_positive"),)

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    copies: Mapped[int]
    large_print: Mapped[bool] = mapped_column(Boolean, default=False)
    printed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    printed_at: Mapped[created_at]

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")
    printed_by: Mapped[User | None] = relationship()
    forms: Mapped[list[PaperForm]] = relationship(
        back_populates="batch", order_by="PaperForm.id", cascade="all, delete-orphan"
    )


class PaperForm(Base):
    """A printed copy. ``double_entry`` is drawn when it is first keyed (None until then), so
    that nobody keying it knows beforehand whether a second person will check it."""

    __tablename__ = "paper_form"
    __table_args__ = (UniqueConstraint("serial"), UniqueConstraint("response_id"))

    id: Mapped[intpk]
    serial: Mapped[str] = mapped_column(String(16))
    batch_id: Mapped[int] = mapped_column(ForeignKey("paper_batch.id", ondelete="CASCADE"))
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("response.id", ondelete="SET NULL"))
    double_entry: Mapped[bool | None] = mapped_column(Boolean)

    batch: Mapped[PaperBatch] = relationship(back_populates="forms")
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")
    response: Mapped[Response | None] = relationship()
    entries: Mapped[list[PaperEntry]] = relationship(
        back_populates="paper_form", order_by="PaperEntry.number", cascade="all, delete-orphan"
    )


class PaperEntry(Base):
    """One person's keying of a returned form: what they typed and what it means. Contact
    details are never kept here (they live, and are purged, in ``contact_details`` only)."""

    __tablename__ = "paper_entry"
    __table_args__ = (
        UniqueConstraint("paper_form_id", "number"),
        CheckConstraint("number IN (1, 2)", name="first_or_second"),
    )

    id: Mapped[intpk]
    paper_form_id: Mapped[int] = mapped_column(ForeignKey("paper_form.id", ondelete="CASCADE"))
    number: Mapped[int]
    keyed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    keyed_at: Mapped[created_at]
    # Field name -> what was typed, to show the screen again for a correction.
    keys: Mapped[dict] = mapped_column(JSON)
    # The answers those keys mean, as plain dicts (``surveyapp.paper.values.to_plain``).
    answers: Mapped[list] = mapped_column(JSON)
    # The participant code and timepoint as keyed (they pair ONS4 before with after).
    meta: Mapped[dict] = mapped_column(JSON, default=dict)

    paper_form: Mapped[PaperForm] = relationship(back_populates="entries")
    keyed_by: Mapped[User] = relationship(lazy="joined")


class Discrepancy(Base):
    """An answer the two blind keyings disagree on, until staff settle it from the paper."""

    __tablename__ = "discrepancy"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id", "item"),
        CheckConstraint(
            "resolution IS NULL OR " + in_list("resolution", RESOLUTIONS), name="resolution_known"
        ),
        CheckConstraint(
            "resolution IS NULL OR (reason IS NOT NULL AND resolved_at IS NOT NULL)",
            name="resolution_explained",
        ),
    )

    id: Mapped[intpk]
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64), default="")
    first: Mapped[list] = mapped_column(JSON)
    second: Mapped[list] = mapped_column(JSON)
    resolution: Mapped[str | None] = mapped_column(String(16))
    resolved: Mapped[list | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    response: Mapped[Response] = relationship()
    resolved_by: Mapped[User | None] = relationship()


class QualityIssue(Base):
    """A data-quality rule a keyed or imported response breaks, and what staff made of it."""

    __tablename__ = "quality_issue"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id", "item", "rule"),
        CheckConstraint(in_list("rule", QUALITY_RULES), name="rule_known"),
        CheckConstraint(in_list("status", QUALITY_STATES), name="status_known"),
    )

    id: Mapped[intpk]
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64), default="")
    rule: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    found_at: Mapped[created_at]
    reason: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    response: Mapped[Response] = relationship()
    resolved_by: Mapped[User | None] = relationship()

    @property
    def holds(self) -> bool:
        return self.status == "open" and self.rule in HOLDING_RULES
