"""Plain records the tracker's files are made from, filled in by the app (or a notebook).

``exports`` never imports the app: it gets these, with every status already worked out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AnsweredRecommendation:
    """One row of the Report & Recommendation Response Form: recommendation beside response."""

    number: int
    recommendation: str
    answer: str | None
    stance: str | None  # a label, e.g. "Accepted"; None when not answered
    actions: tuple[str, ...] = ()  # "Revised leaflet (SEL ICB), due 1 Sep 2023"


@dataclass(frozen=True)
class ResponseFormData:
    """What the response form shows for one report sent to one organisation."""

    issuer: str  # the organisation that wrote the report (configuration, not code)
    report_title: str
    sent_to: str
    sent_on: dt.date
    deadline: dt.date
    extended_to: dt.date | None
    extension_reason: str | None
    received_on: dt.date | None
    general_response: str | None
    rows: tuple[AnsweredRecommendation, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DispatchRow:
    """A row of the tracker workbook's "Reports" sheet."""

    report_title: str
    organisation: str
    sent_on: dt.date
    deadline: dt.date
    extended_to: dt.date | None
    received_on: dt.date | None
    working_days_late: int | None
    status_colour: str  # grey, green, amber, red
    status_reason: str


@dataclass(frozen=True)
class RecommendationRow:
    """A row of the "Recommendations" sheet: one recommendation and one organisation's answer."""

    report_title: str
    number: int
    recommendation: str
    addressed_to: str
    evidence: str  # "Appendix 10 (n=86); ..."
    smallest_base: int | None
    few_answers: bool
    organisation: str | None
    stance: str | None
    answer: str | None


@dataclass(frozen=True)
class ActionRow:
    """A row of the "Actions" sheet."""

    report_title: str
    recommendation_number: int
    organisation: str
    description: str
    owner: str | None
    due_on: dt.date | None
    latest_review: str | None
    latest_review_on: dt.date | None
    impact: str | None
    status_colour: str
    status_reason: str
