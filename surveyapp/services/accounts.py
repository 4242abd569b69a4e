"""Users: creation without a prompt, Argon2 password hashing, sign-in."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import EMAIL, MIN_PASSWORD_LENGTH, ROLES, User
from surveyapp.services import ServiceError

_hasher = PasswordHasher()


class AccountError(ServiceError):
    pass


def create_user(session: Session, email: str, name: str, role: str, password: str) -> User:
    """Create an active user; refuses unknown roles, weak passwords and taken emails."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError(f"'{email}' is not an email address")
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}; '{role}' is not")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if session.scalar(select(User).filter_by(email=email)) is not None:
        raise AccountError(f"There is already a user with the email {email}")
    user = User(
        email=email, name=name.strip() or email, role=role, password_hash=_hasher.hash(password)
    )
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None (without saying which was wrong)."""
    user = session.scalar(select(User).filter_by(email=email.strip().lower()))
    if user is None or not user.active:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = dt.datetime.now(dt.UTC)
    session.commit()
    return user


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.email)))
