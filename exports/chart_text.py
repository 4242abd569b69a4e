"""Every chart said in words: the alternative text a screen reader reads, and Word's
accessibility checker asks for, with the chart's numbers (a chart is never the only place a
figure is). The same words go with the interactive chart of the HTML report and the picture in
the Word one."""

from __future__ import annotations

from analysis.results import AppendixTable, Ons4Outcomes, RatingSummary, TableRow
from exports.workbook import printed_title

__all__ = ["chart_base", "chart_values", "choice_alt", "ons4_alt", "rating_alt"]


def chart_values(table: AppendixTable) -> list[tuple[TableRow, int | None, str]]:
    """The bars of a table's chart: each answer row with its percent and label ("44% (38)"),
    over those a follow-up was for when it is one (its headline's base); Left blank and the
    like are left out of a follow-up's chart, being mostly those it was not for."""
    routed = table.routed_base is not None
    bars = []
    for row in table.rows:
        if routed and row.kind == "blank":
            continue
        percent = row.routed_percent if routed else row.percent
        count = row.routed_count if routed else row.count
        known = percent is not None and count is not None
        bars.append((row, percent, f"{percent}% ({count})" if known else row.shown))
    return bars


def chart_base(table: AppendixTable) -> str:
    """ "Base: 86 respondents", or for a follow-up "Base: the 156 who answered 'Yes' to ..."."""
    if table.routed_base is not None:
        return f"Base: the {table.routed_base} who {table.routed_who}"
    return f"Base: {table.base} respondents"


def choice_alt(table: AppendixTable) -> str:
    """ "Bar chart of 'Did the social prescriber ...?': Yes 42% (36); No 34% (29); Not sure
    24% (21). Base: 86 respondents." """
    parts = "; ".join(f"{row.label} {label}" for row, _, label in chart_values(table))
    more = " More than one answer could be given." if table.multiple else ""
    return f"Bar chart of '{printed_title(table)}': {parts}. {chart_base(table)}.{more}"


def rating_alt(summary: RatingSummary) -> str:
    """A rating scale's chart: each point's percent, then the top and bottom two."""
    points = "; ".join(
        f"{label} {percent}% ({count})" for label, count, percent in summary.distribution
    )
    return (
        f"Bar chart of '{summary.title}': {points}. {' or '.join(summary.top_two_labels)}: "
        f"{summary.top_two.percent}%; {' or '.join(summary.bottom_two_labels)}: "
        f"{summary.bottom_two.percent}%. Base: {summary.n} who rated it."
    )


def ons4_alt(outcomes: Ons4Outcomes) -> str:
    """The ONS4 chart: each measure's mean before and after, over those who answered both."""
    measures = "; ".join(
        f"{m.label}: {_score(m.mean_before)} before, {_score(m.mean_after)} after (n={m.pairs})"
        for m in outcomes.measures
    )
    return (
        f"Bar chart of mean wellbeing scores out of 10 before and after support: {measures}. "
        "For anxiety, lower is better."
    )


def _score(value: float | None) -> str:
    return "no answers" if value is None else f"{value:.1f}"
