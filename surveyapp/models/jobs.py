"""Slow work done away from the web request (a workbook, a report, a batch of paper forms, an
import, theming) and the files people hand in or take away. Both live in the database, so that
any app process can show a job's progress and any worker can do it: no app process holds state.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.base import Base, created_at, in_list, short_text
from surveyapp.models.study import Study

#: Where a job is: waiting for a worker, being done, done (its file or summary kept), or failed
#: (its reason kept, and it can be tried again).
JOB_STATES = ("queued", "running", "done", "failed")


class StoredFile(Base):
    """A file kept for a while: an upload between its dry run and its import, or a job's
    result. Its key is random and unguessable; the row, not a folder, holds the bytes."""

    __tablename__ = "stored_file"
    __table_args__ = (CheckConstraint("length(name) > 0", name="named"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str] = mapped_column(String(120))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[created_at]


class Job(Base):
    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint(in_list("state", JOB_STATES), name="state_known"),
        CheckConstraint("done >= 0 AND total >= 0", name="progress_counts"),
        # What the same request for the same data finds again instead of starting over.
        Index("ix_job_request", "kind", "request_key"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    study_id: Mapped[int | None] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
    # What was asked for (the instruments ticked, the batch, the upload's key) as JSON.
    params: Mapped[dict] = mapped_column(JSON)
    # A digest of kind, params and the fingerprint of the data when it was asked for: a second
    # request with the same key is answered by this job, not worked out again.
    request_key: Mapped[str] = mapped_column(String(64))
    title: Mapped[short_text]
    state: Mapped[str] = mapped_column(String(16), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    # The step being done, or why the job failed, in words for the person waiting.
    message: Mapped[str] = mapped_column(Text, default="")
    # What the job did, for a job without a file ("Coded 412 written answers").
    summary: Mapped[str] = mapped_column(Text, default="")
    result_key: Mapped[str | None] = mapped_column(
        ForeignKey("stored_file.key", ondelete="SET NULL")
    )
    attempts: Mapped[int] = mapped_column(default=0)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[created_at]
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Touched every few seconds while a worker does the job: a running job whose heartbeat
    # stopped had its worker die, and can be tried again.
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    study: Mapped[Study | None] = relationship()
