"""People who log in: volunteers key paper forms, staff run studies, admins manage users."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Boolean, CheckConstraint, DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.models.base import Base, created_at, in_list, intpk, short_text

ROLES = ("volunteer", "staff", "admin")
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
