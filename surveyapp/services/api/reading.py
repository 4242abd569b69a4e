"""What the read-only API hands out, as plain JSON values: the studies, a study's instruments
(their definitions as published), its answers in the tidy shape a page at a time, its appendix
tables as the findings compute them. Every function first checks that the token's user may read
study data at all (volunteers may not: they key paper forms and see nothing else)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.frames import TIDY_COLUMNS
from surveyapp.models import Response, Study, User
from surveyapp.services import ServiceError
from surveyapp.services.findings import appendix
from surveyapp.services.responses import COUNTED, held_back, tidy_frame
from surveyapp.services.studies import get_study, list_studies, returns_overview

#: Who may read study data through the API: the roles that see studies in the app.
STUDY_READERS = ("staff", "admin")
#: Responses a page of answers holds unless the caller asks for fewer or more (up to the most).
PAGE_RESPONSES = 100
MOST_RESPONSES = 500


class NotAllowedError(ServiceError):
    """The token's user may not read this (403)."""


def may_read_studies(user: User) -> None:
    """Refuse, saying why, a user whose role reads no study data."""
    if not user.has_role(*STUDY_READERS):
        raise NotAllowedError(
            f"This token belongs to a {user.role}'s account, which may read no study data: "
            "ask a member of staff for what you need."
        )


def iso(value: Any) -> Any:
    """Dates and times as ISO 8601 text (times in UTC); anything else as it is."""
    if isinstance(value, dt.datetime):
        value = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _instrument(instrument: Any) -> dict[str, Any]:
    version = instrument.questionnaire_version
    return {
        "questionnaire": version.key,
        "version": version.version,
        "title": version.title,
        "open_online": instrument.open_online,
        "content_sha256": version.content_sha256,
    }


def _study(study: Study) -> dict[str, Any]:
    return {
        "slug": study.slug,
        "name": study.name,
        "description": study.description,
        "demo": study.is_demo,
        "closes_on": iso(study.closes_on),
        "created_at": iso(study.created_at),
        "instruments": [_instrument(i) for i in study.instruments],
    }


def studies(session: Session, user: User) -> dict[str, Any]:
    """Every study, newest first, with its instruments."""
    may_read_studies(user)
    return {"studies": [_study(s) for s in list_studies(session)]}


def study(session: Session, user: User, slug: str) -> dict[str, Any]:
    """One study, with its instruments and their returns per channel."""
    may_read_studies(user)
    found = get_study(session, slug)
    returns = [
        {
            "questionnaire": r.key,
            "version": r.version,
            "by_channel": r.by_channel,
            "total": r.total,
            "in_progress": r.in_progress,
            "earliest": iso(r.earliest),
            "latest": iso(r.latest),
        }
        for r in returns_overview(session, found)
    ]
    return {**_study(found), "returns": returns}


def instruments(session: Session, user: User, slug: str) -> dict[str, Any]:
    """The study's questionnaire versions, each with its definition as published (the
    canonical content its SHA-256 freezes)."""
    may_read_studies(user)
    found = get_study(session, slug)
    return {
        "study": found.slug,
        "instruments": [
            {**_instrument(i), "definition": i.questionnaire_version.content}
            for i in found.instruments
        ],
    }


@dataclass(frozen=True)
class PageRequest:
    """Which page of answers: ``limit`` responses after the response id ``cursor``."""

    limit: int = PAGE_RESPONSES
    cursor: int = 0


def responses_page(session: Session, user: User, slug: str, page: PageRequest) -> dict[str, Any]:
    """One page of the study's counted answers in the tidy shape: the answers of ``page.limit``
    responses, a response never split over two pages, in response order; ``next_cursor`` is
    None on the last page. No contact details: they are never part of the tidy frame."""
    may_read_studies(user)
    found = get_study(session, slug)
    ids = list(
        session.scalars(
            select(Response.id)
            .where(
                Response.study_id == found.id,
                Response.status.in_(COUNTED),
                ~held_back(),
                Response.id > page.cursor,
            )
            .order_by(Response.id)
            .limit(page.limit + 1)
        )
    )
    shown = ids[: page.limit]
    rows: list[dict[str, Any]] = []
    if shown:
        frame = tidy_frame(session, found, response_ids=(shown[0], shown[-1]))
        rows = tidy_rows(frame)
    return {
        "study": found.slug,
        "columns": list(TIDY_COLUMNS),
        "responses": len(shown),
        "rows": rows,
        "limit": page.limit,
        "next_cursor": str(shown[-1]) if len(ids) > page.limit else None,
    }


def tidy_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as JSON objects: missing values as null, moments in ISO 8601."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{key: _plain(value) for key, value in row.items()} for row in records]


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return iso(value.to_pydatetime())
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    return iso(value)


def appendix_tables(
    session: Session, user: User, slug: str, keys: Iterable[str] | None = None
) -> dict[str, Any]:
    """The numbered appendix tables of the study (or of the instruments ``keys`` names), as the
    findings page and workbook compute them: "Appendix 1" first, each with its rows and base."""
    may_read_studies(user)
    found = get_study(session, slug)
    worked_out = appendix(session, found, keys)
    return {
        "study": found.slug,
        "title": worked_out.title,
        "tables": [
            {"appendix": number, **dataclasses.asdict(table)}
            for number, table in enumerate(worked_out.tables, start=1)
        ],
    }
