"""Users: creation without a prompt, Argon2 password hashing, checking a password; an admin
deactivating an account or setting a new password, which ends its sign-ins everywhere."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from surveyapp.models import EMAIL, MIN_PASSWORD_LENGTH, ROLES, SignIn, SignInAttempt, User
from surveyapp.models.base import utcnow
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.audit import audit

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
    _check_password(password)
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


def find_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError("There is no such user")
    return user


def recent_sign_ins(session: Session, user: User, limit: int = 10) -> list[SignInAttempt]:
    """The latest tries at signing in to ``user``'s account, right and wrong."""
    return list(
        session.scalars(
            select(SignInAttempt)
            .filter_by(email=user.email)
            .order_by(SignInAttempt.at.desc(), SignInAttempt.id.desc())
            .limit(limit)
        )
    )


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.email)))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long")


def set_active(session: Session, user: User, active: bool, by: User) -> None:
    """Let ``user`` sign in again, or stop them now: a deactivated account's sign-ins end."""
    if user.id == by.id and not active:
        raise AccountError("You cannot deactivate your own account: ask another administrator")
    if user.active == active:
        return
    user.active = active
    if not active:
        end_sign_ins(session, user, "deactivated")
    audit(session, by, "user", user.id, None, "activated" if active else "deactivated")
    session.commit()


def set_password(session: Session, user: User, password: str, by: User) -> None:
    """A new password for ``user`` (told to them by the admin); their sign-ins end, so whoever
    knew the old one is signed out everywhere."""
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    end_sign_ins(session, user, "password changed")
    audit(session, by, "user", user.id, None, "password set")
    session.commit()


def end_sign_ins(session: Session, user: User, why: str) -> None:
    """End every live sign-in of ``user`` (the caller commits)."""
    session.execute(
        update(SignIn)
        .where(SignIn.user_id == user.id, SignIn.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_why=why)
    )
