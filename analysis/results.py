"""What the analysis functions return: plain, frozen records that exports turn into files.

Every proportion carries its base (n); a figure resting on fewer answers than the configured
threshold says so (``small_base``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableRow:
    """One row of an appendix table. ``count``/``percent`` are None when suppressed; ``shown``
    is what the table prints in the No. column (the count, or the suppression mark)."""

    label: str
    count: int | None
    percent: int | None
    shown: str
    # option, other_text, other_not_specified, blank, multiple_ticked or unreadable
    kind: str = "option"
    # A follow-up question's row among those it was for (AppendixTable.routed_base); None
    # for a question asked of everyone, or when suppressed.
    routed_count: int | None = None
    routed_percent: int | None = None


@dataclass(frozen=True)
class AppendixTable:
    """A table per question, as the Bromley report prints them: printed wording as the title,
    columns No. and %, % a whole number of ``base`` rounded half up."""

    questionnaire: str
    question_id: str
    number: str | None  # the printed number, e.g. "5"
    title: str  # the printed wording
    rows: tuple[TableRow, ...]
    base: int
    multiple: bool = False
    notes: tuple[str, ...] = ()
    # What was written on an option's line when the definition lists it under the table
    # (``write_in: listed``) rather than making rows of it.
    written: WrittenAnswers | None = None
    # A follow-up question ("If Yes, ..."): how many it was for. Headlines and charts use this
    # base; the table prints both.
    routed_base: int | None = None
    routed_who: str | None = None  # "answered 'Yes' to 'Did you use the service(s) ...?'"


@dataclass(frozen=True)
class WrittenAnswers:
    """The words written on one option's line, listed under its table, most frequent first:
    ``under`` is the option as the table prints it; ``answers`` are (text, count) pairs, the
    count None where small-number suppression hides it (``shown`` then holds the mark)."""

    under: str
    answers: tuple[TableRow, ...]

    @property
    def heading(self) -> str:
        return f"Written beside '{self.under}'"


@dataclass(frozen=True)
class Proportion:
    """k of n, as a whole percent, with its Wilson 95% interval (percent points)."""

    k: int
    n: int
    percent: int
    low: float
    high: float
    small_base: bool


@dataclass(frozen=True)
class RatingSummary:
    """A rating scale (Likert): distribution in scale order, top-two and bottom-two boxes,
    median, n (N/A kept out of the scale and counted apart)."""

    questionnaire: str
    question_id: str
    title: str
    distribution: tuple[tuple[str, int, int], ...]  # (label, count, percent of n), scale order
    n: int
    not_applicable: int
    top_two: Proportion
    bottom_two: Proportion
    top_two_labels: tuple[str, str]
    bottom_two_labels: tuple[str, str]
    median_label: str | None


@dataclass(frozen=True)
class Crosstab:
    """Counts of one question by another, with row and column percents and a test."""

    row_question: str
    column_question: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # [row][column]
    row_percents: tuple[tuple[Proportion, ...], ...]  # each cell as a share of its row
    column_percents: tuple[tuple[Proportion, ...], ...]  # each cell as a share of its column
    test: str  # "chi-square" or "Fisher exact" or "none"
    statistic: float | None
    p_value: float | None
    sentence: str  # plain English: beyond chance or not, at this sample size
    n: int
    small_base: bool
    # The questions' printed wording, for headings and sentences (ids are for machines).
    row_title: str = ""
    column_title: str = ""


@dataclass(frozen=True)
class MeasureChange:
    """One ONS4 measure before and after, over participants with both (paired by code)."""

    measure: str  # life_satisfaction, worthwhile, happiness, anxiety
    label: str
    pairs: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    change_low: float | None  # 95% interval of the mean change
    change_high: float | None
    improved: Proportion | None  # anxiety improves when it goes down
    unchanged: Proportion | None
    worse: Proportion | None
    wilcoxon_statistic: float | None
    p_value: float | None
    bands_before: tuple[tuple[str, int], ...] = ()  # ONS threshold band -> count
    bands_after: tuple[tuple[str, int], ...] = ()
    small_base: bool = False


@dataclass(frozen=True)
class Ons4Outcomes:
    measures: tuple[MeasureChange, ...]
    paired_participants: int
    unpaired_before: tuple[str, ...]  # participant codes with a before and no after
    unpaired_after: tuple[str, ...]
    without_code: int  # responses with no participant code (cannot be paired)


@dataclass(frozen=True)
class AgreementShift:
    """An agree/disagree statement before and after: the distribution shift."""

    question_id: str
    title: str
    before: tuple[tuple[str, int, int], ...]  # (label, count, percent)
    after: tuple[tuple[str, int, int], ...]
    n_before: int
    n_after: int
    agree_before: Proportion
    agree_after: Proportion


@dataclass(frozen=True)
class QuoteItem:
    """A quote staff approved for publication: anonymised, with its theme and sentiment."""

    text: str
    sentiment: str  # positive or negative, as the Bromley report lays its quotes out
    theme: str = ""


@dataclass(frozen=True)
class Finding:
    """A headline sentence with its number and base, which staff may edit before publishing."""

    key: str  # stable, e.g. "patient.overall_rating.top_two"
    text: str
    base: int
    questionnaire: str
    question_id: str | None = None
    small_base: bool = False
    # What it is about (analysis.headlines.KINDS: a rating scale, a key question, a difference
    # between groups, another answer, a routing question, equality monitoring), and whether it
    # is published unless staff choose otherwise.
    kind: str = "answer"
    suggested: bool = True


@dataclass(frozen=True)
class FindingsContent:
    """Everything the findings report shows for a study."""

    study: str
    organisation: str
    findings: tuple[Finding, ...]
    tables: tuple[AppendixTable, ...]
    ratings: tuple[RatingSummary, ...] = ()
    crosstabs: tuple[Crosstab, ...] = ()
    ons4: Ons4Outcomes | None = None
    shifts: tuple[AgreementShift, ...] = ()
    responses_by_channel: tuple[tuple[str, str, int], ...] = ()  # (questionnaire, channel, n)
    quotes: tuple[QuoteItem, ...] = field(default_factory=tuple)  # approved by staff only
    # Theme tables of the written answers (analysis.themes.tables.ThemeTable), with their split
    # by sentiment; their No./% form is among ``tables``, numbered like the others.
    themes: tuple = ()
    # Keys of findings staff worded whose numbers have changed since (their wording may be
    # wrong now): shown to staff before they publish, never printed.
    stale_edits: frozenset[str] = frozenset()
    # Every headline staff can choose from, ranked, with their wording in place; ``findings``
    # are those published, in staff's order.
    headline_choices: tuple[Finding, ...] = ()
    # As worked out from the answers, before staff's choices (analysis.findings.with_choices):
    # every headline ranked in generated words, and the crosstab behind each "groups differ".
    ranked_headlines: tuple[Finding, ...] = ()
    comparisons: Mapping[str, Crosstab] = field(default_factory=dict)
