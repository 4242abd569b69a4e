"""Files kept for a while in the database: an upload between its dry run and its import, a job's
workbook or report. In the database rather than a folder, so that every app process and worker
on any machine sees the same files, and a backup of the database holds them."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from surveyapp.models import StoredFile
from surveyapp.models.base import utcnow
from surveyapp.services import ServiceError

#: An upload may hold contact details: none is kept longer than this, imported or not.
UPLOADS_KEPT = dt.timedelta(hours=24)
#: Prefix of the keys of uploads (results of jobs are kept as long as their job).
UPLOAD = "upload-"


def keep_file(session: Session, data: bytes, name: str, mimetype: str, *, upload: bool) -> str:
    """Keep ``data`` (flushed, committed with the caller's transaction); returns its key."""
    if upload:
        session.execute(
            delete(StoredFile).where(
                StoredFile.key.startswith(UPLOAD), StoredFile.created_at < utcnow() - UPLOADS_KEPT
            )
        )
    key = (UPLOAD if upload else "") + secrets.token_urlsafe(24)
    session.add(StoredFile(key=key, name=name, mimetype=mimetype, data=data))
    session.flush()
    return key


def kept_file(session: Session, key: str, *, upload: bool) -> StoredFile:
    """The file kept under ``key``; with ``upload``, only an upload (never a job's result)."""
    if upload and not key.startswith(UPLOAD):
        key = ""
    found = session.scalar(select(StoredFile).where(StoredFile.key == key)) if key else None
    if found is None:
        raise ServiceError("The uploaded file is no longer here; upload it again")
    return found


def discard_file(session: Session, key: str) -> None:
    session.execute(delete(StoredFile).where(StoredFile.key == key))
