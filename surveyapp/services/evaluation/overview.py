"""What a service evaluation's page shows for a period: the headline figures, referrals by
PCN, the needs, and the period the records cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.service import Period, people_with_needs, referrals_by
from analysis.service.evaluation import at_a_glance
from surveyapp.models import CaseStudy, Study
from surveyapp.services import ServiceError
from surveyapp.services.evaluation.records import study_records
from surveyapp.services.evaluation.reference import reference_data
from surveyapp.services.studies import get_study

__all__ = ["EvaluationPage", "chosen_period", "evaluation_page"]

#: The years a period may start or end in: a typo such as 0221 would count thousands of months.
EARLIEST, LATEST = 1990, 2100


@dataclass
class EvaluationPage:
    study: Study
    records: int
    period: Period | None
    covered: Period | None  # first and last referral date in the records
    glance: list[tuple[str, Any]] = field(default_factory=list)
    by_pcn: list[tuple[str, int, int, int]] = field(default_factory=list)
    needs: list[tuple[str, int, float]] = field(default_factory=list)
    case_studies: int = 0
    case_studies_approved: int = 0


def chosen_period(start: str | None, end: str | None, covered: Period | None) -> Period:
    """The period typed (ISO dates, like 2021-03-01), or the whole of ``covered`` where a side
    is left empty; ServiceError naming what is wrong."""
    if covered is None and not (start and end):
        raise ServiceError("Give the period's first and last days")
    try:
        first = dt.date.fromisoformat(start) if start else covered.start  # type: ignore[union-attr]
        last = dt.date.fromisoformat(end) if end else covered.end  # type: ignore[union-attr]
    except ValueError:
        raise ServiceError(
            "Write the period's dates as year-month-day, like 2021-03-01 (or pick them)"
        ) from None
    for day in (first, last):
        if not EARLIEST <= day.year <= LATEST:
            raise ServiceError(
                f"{day:%-d %B %Y} is not a date a service's records can hold: check the year"
            )
    try:
        return Period(first, last)
    except ValueError as exc:
        raise ServiceError(f"{exc}: swap the dates") from None


def evaluation_page(
    session: Session, slug: str, start: str | None = None, end: str | None = None
) -> EvaluationPage:
    """The page of study ``slug``'s service evaluation for the period from ``start`` to
    ``end`` (the whole of the records where not given)."""
    study = get_study(session, slug)
    records = study_records(session, slug)
    if records.empty:
        return EvaluationPage(study, 0, None, None)
    covered = Period(records["referral_date"].min().date(), records["referral_date"].max().date())
    period = chosen_period(start, end, covered)
    pcn = referrals_by(records, period, "pcn")
    needs = people_with_needs(records, period)
    return EvaluationPage(
        study,
        len(records),
        period,
        covered,
        at_a_glance(records, period, reference_data(session, study).capacity),
        [(str(k), int(r.referrals), int(r.declined), int(r.total)) for k, r in pcn.iterrows()],
        [(str(k), int(r.people), float(r.share)) for k, r in needs.iterrows()],
        *_case_studies(session, study),
    )


def _case_studies(session: Session, study: Study) -> tuple[int, int]:
    """How many case studies the evaluation has, and how many are approved."""
    written, approved = session.execute(
        select(func.count(CaseStudy.id), func.count(CaseStudy.approved_at)).where(
            CaseStudy.study_id == study.id
        )
    ).one()
    return int(written), int(approved)
