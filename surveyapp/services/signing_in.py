"""Signing in and staying signed in: sign-ins kept on the server, ended by signing out, a new
password or a deactivated account (a copied cookie then opens nothing), ended by themselves
when idle or old; and throttling of wrong passwords per account and per address, counted in
the database so that every app process sees the same count."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import SignIn, SignInAttempt, User
from surveyapp.models.base import utcnow
from surveyapp.services import ServiceError
from surveyapp.services.accounts import authenticate


@dataclass(frozen=True)
class SignInRules:
    """How long a sign-in lasts, and how many wrong passwords are taken."""

    idle: dt.timedelta = dt.timedelta(hours=1)
    longest: dt.timedelta = dt.timedelta(hours=12)
    #: Wrong passwords within ``window`` after which an account, or an address, must wait.
    per_account: int = 5
    per_address: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)


class TooManyAttemptsError(ServiceError):
    """Signing in refused for a while, without checking the password (which costs CPU)."""


#: A sign-in's last-seen time is written at most this often (not on every page).
_SEEN_EVERY = dt.timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _wrong_since(session: Session, since: dt.datetime, **who: str | None) -> int:
    return (
        session.scalar(
            select(func.count(SignInAttempt.id))
            .filter_by(succeeded=False, **who)
            .where(SignInAttempt.at >= since)
        )
        or 0
    )


def sign_in(
    session: Session, email: str, password: str, address: str | None, rules: SignInRules
) -> tuple[User, str] | None:
    """The user and a new sign-in's token (for the session cookie), or None when the email or
    password is wrong. Raises ``TooManyAttemptsError`` when the account or address has had too many
    wrong passwords lately: the password is then not even checked."""
    email = email.strip().lower()
    since = utcnow() - rules.window
    minutes = int(rules.window.total_seconds() // 60)
    if _wrong_since(session, since, email=email) >= rules.per_account:
        raise TooManyAttemptsError(
            f"There have been too many wrong passwords for this account in the last {minutes} "
            f"minutes, so it is locked for a while. Wait {minutes} minutes and try again, or ask "
            "an administrator to set a new password."
        )
    if address and _wrong_since(session, since, address=address) >= rules.per_address:
        raise TooManyAttemptsError(
            f"There have been too many wrong passwords from this network in the last {minutes} "
            f"minutes. Wait {minutes} minutes and try again."
        )
    user = authenticate(session, email, password)
    session.add(SignInAttempt(email=email[:255], address=address, succeeded=user is not None))
    if user is None:
        session.commit()
        return None
    token = secrets.token_urlsafe(32)
    session.add(
        SignIn(user=user, token_sha256=_digest(token), address=address, last_seen_at=utcnow())
    )
    session.commit()
    return user, token


def signed_in_user(session: Session, token: str | None, rules: SignInRules) -> User | None:
    """The user of the live sign-in holding ``token``; None if it was ended, has been idle or
    open too long (it is ended then), or the account is no longer active."""
    found = _live(session, token)
    if found is None:
        return None
    now = utcnow()
    # SQLite hands back times without their zone; they were written in UTC.
    last_seen = found.last_seen_at.replace(tzinfo=dt.UTC)
    if now - found.started_at.replace(tzinfo=dt.UTC) > rules.longest:
        _end(session, found, "too old", now)
        return None
    if now - last_seen > rules.idle:
        _end(session, found, "idle", now)
        return None
    if not found.user.active:
        return None
    if now - last_seen > _SEEN_EVERY:
        found.last_seen_at = now
        session.commit()
    return found.user


def sign_out(session: Session, token: str | None) -> None:
    found = _live(session, token)
    if found is not None:
        _end(session, found, "signed out", utcnow())


def _live(session: Session, token: str | None) -> SignIn | None:
    """The sign-in holding ``token``, if it has not ended."""
    if not token:
        return None
    return session.scalar(
        select(SignIn).filter_by(token_sha256=_digest(token)).where(SignIn.ended_at.is_(None))
    )


def _end(session: Session, found: SignIn, why: str, now: dt.datetime) -> None:
    found.ended_at = now
    found.ended_why = why
    session.commit()
