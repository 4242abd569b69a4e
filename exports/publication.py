"""What a published report holds, in the order Healthwatch reports print it: the sections staff
write, the findings worked out from the answers, the recommendations and the provider's
response from the tracker. Filled in by the app (or a notebook); ``exports`` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.results import FindingsContent
from exports.tracker.data import ResponseFormData

#: The sections staff write, in printed order, with their headings. ``method`` comes prefilled
#: with what the app knows of how the study was done.
WRITTEN_SECTIONS = (
    ("about", "About us"),
    ("acknowledgements", "Acknowledgements"),
    ("summary", "Executive summary"),
    ("background", "Background"),
    ("method", "What we did"),
)


@dataclass(frozen=True)
class WrittenSection:
    """A section staff wrote: its key (``WRITTEN_SECTIONS``), heading and text (paragraphs
    separated by blank lines); empty text leaves the section out of the report."""

    key: str
    heading: str
    text: str

    @property
    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in self.text.split("\n\n") if p.strip()]


@dataclass(frozen=True)
class PublishedRecommendation:
    """A recommendation as the report prints it: its number, text and who it is for."""

    number: int
    text: str
    addressed_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class Publication:
    """The whole report: ``content`` (findings, charts, themes, quotes, appendices), staff's
    ``sections``, the tracker's ``recommendations`` for the study and each organisation's
    ``responses`` to them (the Report & Recommendation Response Form)."""

    content: FindingsContent
    sections: tuple[WrittenSection, ...] = ()
    recommendations: tuple[PublishedRecommendation, ...] = ()
    responses: tuple[ResponseFormData, ...] = field(default_factory=tuple)

    def section(self, key: str) -> WrittenSection | None:
        """The written section ``key`` when it has text, else None (left out)."""
        return next((s for s in self.sections if s.key == key and s.paragraphs), None)
