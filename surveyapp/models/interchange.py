"""What other tools and programs exchange with the platform: personal access tokens for the
read-only API, and the saved column mappings that read other survey tools' exports as returns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.models.base import Base, created_at, in_list, intpk, sha256

#: The survey tools whose exports are read as they come (``other``: any CSV/XLSX with one
#: header row of question wording).
SURVEY_TOOLS = (
    "smartsurvey",
    "surveymonkey",
    "google-forms",
    "microsoft-forms",
    "limesurvey",
    "other",
)

#: The longest name a token may have, and the longest life it may be given (days): the page
#: that makes one and the service that stores it hold to the same.
TOKEN_NAME_LENGTH = 100
TOKEN_LONGEST_DAYS = 365


class ApiToken(Base):
    """A personal access token for the read-only API: it reads what its user may read, until it
    is revoked (or expires). Only its SHA-256 is kept; the token is shown once, when made."""

    __tablename__ = "api_token"
    __table_args__ = (UniqueConstraint("token_sha256"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # What it is for, in its owner's words.
    name: Mapped[str] = mapped_column(String(TOKEN_NAME_LENGTH))
    token_sha256: Mapped[sha256]
    #: The token's first characters, shown in lists so its owner can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[created_at]
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ResponsesSource(Base):
    """How one survey tool's export of one questionnaire becomes our returns: which header holds
    which question (and, for a tool that spreads a multiple choice over columns, which option),
    and which cell text is which option. Proposed from the first file, confirmed or corrected by
    staff once, saved per study and source, and used for every later file."""

    __tablename__ = "responses_source"
    __table_args__ = (
        UniqueConstraint("study_id", "name"),
        CheckConstraint(in_list("tool", SURVEY_TOOLS), name="tool_known"),
        CheckConstraint("header_rows IN (1, 2)", name="header_rows_one_or_two"),
    )

    id: Mapped[intpk]
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    tool: Mapped[str] = mapped_column(String(32))
    #: The questionnaire version the export answers ("patient/v1").
    instrument: Mapped[str] = mapped_column(String(100))
    #: Rows of headers above the answers (SurveyMonkey writes two: question, then option).
    header_rows: Mapped[int] = mapped_column(Integer, default=1)
    #: Their column (its header, both rows joined by " / " where there are two) -> ours:
    #: {"question": id, "option": value or null, "part": "other" for a write-in}, or null to skip.
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Question id -> {their cell text, as compared (case and spacing forgiven) -> option value}.
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[created_at]
