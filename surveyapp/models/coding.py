"""Coding free text: which codebook a question uses, what the machine suggested for each
answer, what people decided (human codes always win), themes staff added, trained models, and
the quotes staff approved for publication."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from analysis.themes.vocabulary import SENTIMENTS
from surveyapp.models.base import Base, created_at, in_list, intpk, short_text, slug
from surveyapp.models.people import User
from surveyapp.models.response import Answer

QUOTE_STATES = ("candidate", "approved", "rejected")


class CodingSetup(Base):
    """The codebook a study's free-text question is coded with."""

    __tablename__ = "coding_setup"
    __table_args__ = (UniqueConstraint("study_id", "questionnaire_key", "question_id"),)

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    questionnaire_key: Mapped[slug]
    question_id: Mapped[str] = mapped_column(String(64))
    codebook: Mapped[slug]


class MachineCoding(Base):
    """What rules (and a trained model, when there is one) suggest for one answer."""

    __tablename__ = "machine_coding"
    __table_args__ = (
        UniqueConstraint("answer_id"),
        CheckConstraint(
            "sentiment IS NULL OR " + in_list("sentiment", SENTIMENTS), name="sentiment_known"
        ),
    )

    id: Mapped[intpk]
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"))
    codebook: Mapped[slug]
    codes: Mapped[list] = mapped_column(JSON)  # theme keys
    scores: Mapped[dict] = mapped_column(JSON, default=dict)  # theme key -> model score
    # [theme key, start, end, words, negated] for each match: shown highlighted.
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    sentiment: Mapped[str | None] = mapped_column(String(16))
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    method: Mapped[str] = mapped_column(String(16))  # "rules" or "combined"
    coded_at: Mapped[created_at]

    answer: Mapped[Answer] = relationship()


class HumanCoding(Base):
    """A person's codes for one answer. Round 1 is the coding that counts; round 2 is a second
    coder's blind coding of a sample, kept to measure agreement (Cohen's kappa)."""

    __tablename__ = "human_coding"
    __table_args__ = (
        UniqueConstraint("answer_id", "round"),
        CheckConstraint("round IN (1, 2)", name="round_known"),
        CheckConstraint(
            "sentiment IS NULL OR " + in_list("sentiment", SENTIMENTS), name="sentiment_known"
        ),
    )

    id: Mapped[intpk]
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(default=1)
    coder_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # The codebook the codes belong to: after a question changes codebook, they no longer count.
    codebook: Mapped[slug]
    codes: Mapped[list] = mapped_column(JSON)
    sentiment: Mapped[str | None] = mapped_column(String(16))
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    coded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    answer: Mapped[Answer] = relationship()
    coder: Mapped[User] = relationship(lazy="joined")


class AddedTheme(Base):
    """A theme staff added to a codebook for a study (often from an emerging theme)."""

    __tablename__ = "added_theme"
    __table_args__ = (UniqueConstraint("study_id", "codebook", "axis", "theme_id"),)

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    codebook: Mapped[slug]
    axis: Mapped[str] = mapped_column(String(64))
    theme_id: Mapped[str] = mapped_column(String(64))
    label: Mapped[short_text]
    description: Mapped[str | None] = mapped_column(Text)
    phrases: Mapped[list] = mapped_column(JSON)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    added_at: Mapped[created_at]


class ThemeModel(Base):
    """A classifier trained on a study's human codes for one codebook (pickled, ours only)."""

    __tablename__ = "theme_model"
    __table_args__ = (UniqueConstraint("study_id", "codebook"),)

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    codebook: Mapped[slug]
    trained_at: Mapped[created_at]
    trained_on: Mapped[int]
    seconds: Mapped[float] = mapped_column(Float)
    themes: Mapped[bytes] = mapped_column(LargeBinary)
    sentiment: Mapped[bytes | None] = mapped_column(LargeBinary)


class Quote(Base):
    """A candidate quote, anonymised; published only once a member of staff approves it."""

    __tablename__ = "quote"
    __table_args__ = (
        UniqueConstraint("answer_id", "theme"),
        CheckConstraint(in_list("status", QUOTE_STATES), name="status_known"),
        CheckConstraint(in_list("sentiment", SENTIMENTS), name="sentiment_known"),
    )

    id: Mapped[intpk]
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"))
    theme: Mapped[str] = mapped_column(String(200))
    sentiment: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)  # as it will be published: anonymised
    status: Mapped[str] = mapped_column(String(16), default="candidate")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    answer: Mapped[Answer] = relationship()
