"""The audit trail: one entry per change to a tracked record (who, when, what, before/after)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session, aliased

from surveyapp.models import ApiToken, AuditEntry, Study, User


def audit(
    session: Session,
    user: User | None,
    subject: str,
    subject_id: int,
    report_id: int | None,
    what: str,
    changes: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    """Record who changed what (old and new values, as text), and why, on a tracked record."""
    session.add(
        AuditEntry(
            user_id=user.id if user is not None else None,
            subject=subject,
            subject_id=subject_id,
            report_id=report_id,
            what=what,
            changes={k: [_text(old), _text(new)] for k, (old, new) in (changes or {}).items()},
            reason=reason,
        )
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def audit_response(
    session: Session,
    user: User | None,
    response_id: int,
    what: str,
    changes: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    """Record a change to a response after its first save (correction, reconciliation, void)."""
    audit(session, user, "response", response_id, None, what, changes, reason=reason)


def audit_study(
    session: Session,
    user: User | None,
    study_id: int | None,
    what: str,
    changes: Mapping[str, Any] | None = None,
) -> None:
    """Record ``what`` happened to a study, or was done with it (the caller commits)."""
    audit(session, user, "study", study_id or 0, None, what, changes)


def audit_access(session: Session, user: User | None, study_id: int | None, what: str) -> None:
    """Record that ``user`` saw or took something personal or whole: the contact details left,
    a download of a study's answers or findings (who, when, what). Committed at once, so the
    record stands even if the page then fails."""
    audit_study(session, user, study_id, what)
    session.commit()


def recent_access(session: Session, limit: int = 200) -> list[tuple[AuditEntry, str | None]]:
    """The latest views of contact details, downloads, deletions, account changes and calls of
    the read-only API (the audit entries about studies, users and API tokens), newest first,
    each with what it was about: the study's name, the account's email or the token's name."""
    account = aliased(User)
    rows = session.execute(
        select(
            AuditEntry,
            func.coalesce(Study.name, account.email, literal("API token: ") + ApiToken.name),
        )
        .outerjoin(Study, (AuditEntry.subject == "study") & (Study.id == AuditEntry.subject_id))
        .outerjoin(account, (AuditEntry.subject == "user") & (account.id == AuditEntry.subject_id))
        .outerjoin(
            ApiToken, (AuditEntry.subject == "api_token") & (ApiToken.id == AuditEntry.subject_id)
        )
        .where(AuditEntry.subject.in_(("study", "user", "api_token")))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return [(entry, about) for entry, about in rows]
