"""People who log in: volunteers key paper forms, staff run studies, admins manage users."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.base import Base, created_at, in_list, intpk, sha256, short_text, timestamp

ROLES = ("volunteer", "staff", "admin")
#: Why a sign-in ended.
ENDINGS = ("signed out", "idle", "too old", "password changed", "deactivated")
#: What the sign-in form and account creation accept as an email address (no DNS look-up: these
#: machines may be offline), and the shortest password either accepts.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 12


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (
        UniqueConstraint("email"),
        CheckConstraint(in_list("role", ROLES), name="role_known"),
    )

    id: Mapped[intpk]
    email: Mapped[short_text]
    name: Mapped[short_text]
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created_at]
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    # Flask-Login's protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


class SignIn(Base):
    """A person signed in on one browser. The session cookie holds a random token; only its
    digest is kept here (a copy of the database opens no session). Signing out, a new password
    or a deactivated account ends it here, so a cookie copied before stops working; a sign-in
    left idle, or too old, ends by itself."""

    __tablename__ = "sign_in"
    __table_args__ = (
        UniqueConstraint("token_sha256"),
        CheckConstraint(in_list("ended_why", ENDINGS), name="ended_why_known"),
        CheckConstraint("(ended_at IS NULL) = (ended_why IS NULL)", name="ended_with_a_reason"),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_sha256: Mapped[sha256]
    address: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[created_at]
    last_seen_at: Mapped[timestamp]
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_why: Mapped[str | None] = mapped_column(String(32))

    user: Mapped[User] = relationship()


class SignInAttempt(Base):
    """Each try at signing in, right or wrong: what throttling counts (per account and per
    address), and who tried what, when and from where."""

    __tablename__ = "sign_in_attempt"

    id: Mapped[intpk]
    email: Mapped[short_text] = mapped_column(index=True)
    address: Mapped[str | None] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[created_at] = mapped_column(index=True)
