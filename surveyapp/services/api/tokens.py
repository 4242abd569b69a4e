"""Personal access tokens for the read-only API: made by their owner (shown once, only a digest
kept), listed, revoked by their owner or an admin; and each call's token checked, rate-limited
and recorded in the audit trail.

The rate limit is counted in the database (the token's audit entries of the last minute), so
every app process sees the same count and it works on the embedded SQLite with no other server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import ApiToken, AuditEntry, User
from surveyapp.models.base import utcnow
from surveyapp.models.interchange import TOKEN_LONGEST_DAYS, TOKEN_NAME_LENGTH
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.audit import audit

#: What every token starts with, so that a leaked one is recognisable (by a secret scanner too).
TOKEN_PREFIX = "hwt_"  # noqa: S105 (a marker, not a secret)
#: Characters of a token shown in lists: the marker and eight random characters.
SHOWN = len(TOKEN_PREFIX) + 8
#: The audit trail's subject for API calls: ``subject_id`` is the token's id.
API_CALL = "api_token"
#: The longest life a token may be given, and the longest name.
LONGEST_DAYS = TOKEN_LONGEST_DAYS
NAME_LENGTH = TOKEN_NAME_LENGTH
_SHAPE = re.compile(r"^hwt_[A-Za-z0-9_-]{43}$")
_WINDOW = dt.timedelta(minutes=1)


class TokenError(ServiceError):
    """A token refused; ``code`` says why in a word a program can test."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class TooManyCallsError(ServiceError):
    """The token made its allowance of calls in the last minute; ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class NewToken:
    """A token just made: ``secret`` is the whole token, shown this once and never again."""

    token: ApiToken
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back times without their zone; they were written in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def create_token(session: Session, user: User, name: str, days: int | None) -> NewToken:
    """A new token for ``user``, named in their words, expiring after ``days`` (never when
    None). Only its SHA-256 and its first characters are kept."""
    name = name.strip()
    if not name:
        raise ServiceError("Enter a name for the token, saying what it is for")
    if len(name) > NAME_LENGTH:
        raise ServiceError(f"The name must be {NAME_LENGTH} characters or fewer")
    if days is not None and not 1 <= days <= LONGEST_DAYS:
        raise ServiceError(f"The token must expire after 1 to {LONGEST_DAYS} days, or never")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_sha256=_digest(secret),
        prefix=secret[:SHOWN],
        created_at=now,
        expires_at=now + dt.timedelta(days=days) if days is not None else None,
    )
    session.add(token)
    session.flush()
    audit(session, user, "user", user.id, None, f"made API token {token.prefix}… ('{name}')")
    session.commit()
    return NewToken(token, secret)


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """``user``'s tokens, newest first, revoked and expired ones too (so their owner sees why a
    program stopped)."""
    return list(
        session.scalars(
            select(ApiToken)
            .filter_by(user_id=user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def token_state(token: ApiToken, now: dt.datetime | None = None) -> str:
    """``active``, ``revoked`` or ``expired``."""
    now = now or utcnow()
    if token.revoked_at is not None:
        return "revoked"
    expires = _utc(token.expires_at)
    if expires is not None and expires <= now:
        return "expired"
    return "active"


def revoke_token(session: Session, token_id: int, by: User) -> ApiToken:
    """Stop the token now. Its owner may revoke it, and so may an admin; to anyone else it does
    not exist (a guessed id reveals nothing)."""
    token = session.get(ApiToken, token_id)
    if token is None or (token.user_id != by.id and not by.has_role("admin")):
        raise NotFoundError("There is no such token")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit(session, by, "user", token.user_id, None, f"revoked API token {token.prefix}…")
        session.commit()
    return token


def api_caller(
    session: Session, presented: str | None, per_minute: int, what: str
) -> tuple[ApiToken, User]:
    """The token and user behind ``presented`` (the bearer token of a call), once the call is
    counted against its allowance and recorded (who, which token, ``what`` was asked for).

    Raises ``TokenError`` for no token, one not made here, a revoked or expired one, or one
    whose account was deactivated; ``TooManyCallsError`` past ``per_minute`` calls in the last
    minute (that call is not recorded, so waiting is enough)."""
    if not presented:
        raise TokenError(
            "missing_token",
            "Send a personal access token in the header 'Authorization: Bearer <token>'. "
            "Make one on the API tokens page (/account/tokens).",
        )
    token = (
        session.scalar(select(ApiToken).filter_by(token_sha256=_digest(presented)))
        if _SHAPE.match(presented)
        else None
    )
    if token is None:
        raise TokenError(
            "unknown_token",
            "This token is not one this service made: check that it was copied whole, or "
            "make a new one.",
        )
    now = utcnow()
    state = token_state(token, now)
    if state == "revoked":
        raise TokenError(
            "revoked_token",
            f"Token {token.prefix}… was revoked: make a new one on the API tokens page.",
        )
    if state == "expired":
        raise TokenError(
            "expired_token",
            f"Token {token.prefix}… has expired: make a new one on the API tokens page.",
        )
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        raise TokenError(
            "account_deactivated",
            f"The account token {token.prefix}… belongs to can no longer sign in, so its "
            "tokens do not work; ask an administrator.",
        )
    _check_allowance(session, token, per_minute, now)
    token.last_used_at = now
    audit(session, user, API_CALL, token.id, None, f"API read {what} (token {token.prefix}…)")
    session.commit()
    return token, user


def _check_allowance(session: Session, token: ApiToken, per_minute: int, now: dt.datetime) -> None:
    since = now - _WINDOW
    made, earliest = session.execute(
        select(func.count(AuditEntry.id), func.min(AuditEntry.at)).where(
            AuditEntry.subject == API_CALL,
            AuditEntry.subject_id == token.id,
            AuditEntry.at >= since,
        )
    ).one()
    if made < per_minute:
        return
    # Free again when the earliest call of the last minute leaves the window.
    wait = (_utc(earliest) or now) + _WINDOW - now
    seconds = max(1, math.ceil(wait.total_seconds()))
    raise TooManyCallsError(
        f"Token {token.prefix}… has made {made} calls in the last minute, the most allowed "
        f"({per_minute}); wait {seconds} seconds and try again.",
        seconds,
    )
