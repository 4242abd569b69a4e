"""What the findings report shows, whichever its format: the tables and lines that the HTML
report (:mod:`exports.report`) and the Word one (:mod:`exports.report_docx`) both lay out, so the
two always say the same."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.results import (
    AgreementShift,
    AppendixTable,
    Crosstab,
    Finding,
    FindingsContent,
    MeasureChange,
    Ons4Outcomes,
    Proportion,
    RatingSummary,
)
from analysis.themes.tables import ThemeTable
from exports.workbook import printed_title

NO_QUOTES = "No quote has been approved for publication yet."
QUOTE_HEADINGS = (("positive", "Positive comments"), ("negative", "Negative comments"))
SMALL_BASE = "few answers, read with care"
ROUTED_HEADER = "% of those asked"
NOTHING = "–"

NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- what both formats show ------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """A table as both formats print it: text cells; the first column heads its row, the others
    are numbers (right-aligned). ``totals`` are bold rows at the foot (Base, Total)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[tuple[str, ...], ...] = ()
    first_header_hidden: bool = False  # the Bromley tables leave it blank; screen readers get it
    text_columns: int = 1  # leading columns of text (left-aligned); the rest are numbers


def percent(value: int | None) -> str:
    return "" if value is None else f"{value}%"


def proportion(value: Proportion | None) -> str:
    """ "60% (12)": the percent and the k it rests on."""
    return NOTHING if value is None else f"{value.percent}% ({value.k})"


def p_value(value: float | None) -> str:
    if value is None:
        return NOTHING
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _mean(value: float | None) -> str:
    return NOTHING if value is None else f"{value:.1f}"


def _change(measure: MeasureChange) -> str:
    if measure.mean_change is None:
        return NOTHING
    text = f"{measure.mean_change:+.1f}"
    if measure.change_low is not None and measure.change_high is not None:
        text += f" ({measure.change_low:.1f} to {measure.change_high:.1f})"
    return text


def appendix_grid(table: AppendixTable) -> Grid:
    """An appendix table: No. and % of every respondent (the report's base, with Left blank);
    a follow-up adds the % of those it was for."""
    routed = table.routed_base is not None
    rows = tuple(
        (
            row.label,
            str(row.count) if row.count is not None else row.shown,
            percent(row.percent),
            *((percent(row.routed_percent),) if routed else ()),
        )
        for row in table.rows
    )
    return Grid(
        caption=printed_title(table),
        headers=("Answer", "No.", "%", *((ROUTED_HEADER,) if routed else ())),
        rows=rows,
        totals=(("Base", str(table.base), "", *((str(table.routed_base),) if routed else ())),),
        first_header_hidden=True,
    )


def written_items(table: AppendixTable) -> list[str]:
    """What was written on a listed option's line, as the list under its table prints it:
    ``Carer (7)``; a suppressed count shows its mark."""
    if table.written is None:
        return []
    return [
        f"{row.label} ({row.count if row.count is not None else row.shown})"
        for row in table.written.answers
    ]


def theme_grid(table: ThemeTable) -> Grid:
    """A theme table with its split by sentiment: No. and % of the base, then how many of those
    answers were positive, mixed or neutral, and negative."""
    rows = tuple(
        (
            ("– " * row.depth) + row.label,
            str(row.count),
            percent(row.percent),
            str(row.positive),
            str(row.mixed),
            str(row.negative),
        )
        for row in table.rows
    )
    return Grid(
        caption=table.title,
        headers=("Theme", "No.", "%", "Positive", "Mixed or neutral", "Negative"),
        rows=rows or (("No theme raised yet", "", "", "", "", ""),),
        totals=(("Base", str(table.base), "", "", "", ""),),
    )


def quotes_by_sentiment(content: FindingsContent) -> list[tuple[str, list]]:
    """The approved quotes under "Positive comments" and "Negative comments", as the Bromley
    report lays them out (headings without quotes are left out)."""
    grouped = []
    for sentiment, heading in QUOTE_HEADINGS:
        quotes = [q for q in content.quotes if q.sentiment == sentiment]
        if quotes:
            grouped.append((heading, quotes))
    return grouped


def rating_grid(summary: RatingSummary) -> Grid:
    rows = tuple((label, str(count), percent(pc)) for label, count, pc in summary.distribution)
    return Grid(
        caption=summary.title,
        headers=("Answer", "No.", "%"),
        rows=rows,
        totals=(("Base", str(summary.n), ""),),
        first_header_hidden=True,
    )


def rating_lines(summary: RatingSummary) -> list[str]:
    top, bottom = summary.top_two, summary.bottom_two
    lines = [
        f"{' or '.join(summary.top_two_labels)}: {top.percent}% ({top.k} of {top.n}; 95% "
        f"interval {top.low:.0f}% to {top.high:.0f}%).",
        f"{' or '.join(summary.bottom_two_labels)}: {bottom.percent}% ({bottom.k} of "
        f"{bottom.n}; 95% interval {bottom.low:.0f}% to {bottom.high:.0f}%).",
    ]
    if summary.median_label:
        lines.append(f"Middle answer (median): {summary.median_label}.")
    if summary.not_applicable:
        lines.append(f"{summary.not_applicable} answered not applicable; they are not in the base.")
    if top.small_base or bottom.small_base:
        lines.append(f"Base of {summary.n}: {SMALL_BASE}.")
    return lines


def crosstab_grid(crosstab: Crosstab) -> Grid:
    rows = []
    for label, counts, shares in zip(
        crosstab.row_labels, crosstab.counts, crosstab.row_percents, strict=True
    ):
        cells = [f"{count} ({share.percent}%)" for count, share in zip(counts, shares, strict=True)]
        rows.append((label, *cells, str(sum(counts))))
    column_totals = [str(sum(column)) for column in zip(*crosstab.counts, strict=True)]
    if not column_totals:
        column_totals = ["0"] * len(crosstab.column_labels)
    return Grid(
        caption=crosstab_heading(crosstab),
        headers=(crosstab.row_title or crosstab.row_question, *crosstab.column_labels, "Total"),
        rows=tuple(rows),
        totals=(("Total", *column_totals, str(crosstab.n)),),
    )


def crosstab_heading(crosstab: Crosstab) -> str:
    """ "'Overall, how do you rate your experience?' by 'Who referred you ...?'": the questions'
    wording, never their ids."""
    rows = crosstab.row_title or crosstab.row_question
    columns = crosstab.column_title or crosstab.column_question
    return f"'{columns}' by '{rows}'"


def crosstab_test(crosstab: Crosstab) -> str:
    text = f"Each cell: number (% of its row). Base: {crosstab.n}"
    if crosstab.small_base:
        text += f", {SMALL_BASE}"
    text += "."
    if crosstab.test != "none" and crosstab.p_value is not None:
        name = {"chi-square": "Chi-square test", "Fisher exact": "Fisher's exact test"}.get(
            crosstab.test, crosstab.test
        )
        statistic = "" if crosstab.statistic is None else f"statistic {crosstab.statistic:.2f}, "
        text += f" {name}: {statistic}p = {p_value(crosstab.p_value)}."
    return text


ONS4_HEADERS = (
    "Measure",
    "Pairs",
    "Mean before",
    "Mean after",
    "Change (95% interval)",
    "Improved",
    "Unchanged",
    "Worse",
    "Wilcoxon p",
)


def ons4_grid(outcomes: Ons4Outcomes) -> Grid:
    rows = tuple(
        (
            m.label + (f" ({SMALL_BASE})" if m.small_base else ""),
            str(m.pairs),
            _mean(m.mean_before),
            _mean(m.mean_after),
            _change(m),
            proportion(m.improved),
            proportion(m.unchanged),
            proportion(m.worse),
            p_value(m.p_value),
        )
        for m in outcomes.measures
    )
    return Grid(caption="ONS4 wellbeing before and after", headers=ONS4_HEADERS, rows=rows)


def ons4_lines(outcomes: Ons4Outcomes) -> list[str]:
    return [
        f"{outcomes.paired_participants} participants answered both before and after, matched by "
        "participant code; means are over them. Scores run from 0 to 10.",
        f"Not paired: {len(outcomes.unpaired_before)} answered before only, "
        f"{len(outcomes.unpaired_after)} after only, and {outcomes.without_code} responses had "
        "no participant code.",
        "For anxiety a lower score is better, so a fall counts as improved. Improved, unchanged "
        "and worse are % of pairs (number of pairs).",
    ]


def shift_grid(shift: AgreementShift) -> Grid:
    before = {label: (count, pc) for label, count, pc in shift.before}
    after = {label: (count, pc) for label, count, pc in shift.after}
    labels = [label for label, _, _ in shift.before]
    labels += [label for label, _, _ in shift.after if label not in before]
    rows = []
    for label in labels:
        b, a = before.get(label), after.get(label)
        rows.append(
            (
                label,
                str(b[0]) if b else NOTHING,
                percent(b[1]) if b else NOTHING,
                str(a[0]) if a else NOTHING,
                percent(a[1]) if a else NOTHING,
            )
        )
    return Grid(
        caption=shift.title,
        headers=("Answer", "Before No.", "Before %", "After No.", "After %"),
        rows=tuple(rows),
        totals=(("Base", str(shift.n_before), "", str(shift.n_after), ""),),
        first_header_hidden=True,
    )


def shift_line(shift: AgreementShift) -> str:
    b, a = shift.agree_before, shift.agree_after
    return f"Agreeing: {b.percent}% before ({b.k} of {b.n}), {a.percent}% after ({a.k} of {a.n})."


def channel_grid(counts: Iterable[tuple[str, str, int]]) -> Grid:
    rows = tuple((questionnaire, channel, str(n)) for questionnaire, channel, n in counts)
    total = sum(int(row[2]) for row in rows)
    return Grid(
        caption="Responses by questionnaire and channel",
        headers=("Questionnaire", "Channel", "Responses"),
        rows=rows,
        totals=(("Total", "", str(total)),),
        text_columns=2,
    )


def methodology_lines(content: FindingsContent) -> list[str]:
    lines = [
        "The base of a table is everyone who answered that survey; those who left a question "
        "blank are counted as “Left blank”. A follow-up question (“If Yes, …”) also gives the "
        "percentage of those it was for, and its headline and chart use that base.",
        "Percentages are whole numbers of the base, rounded half up, so they may not add up to "
        "exactly 100; where more than one answer could be given they can add up to more than 100.",
        "Counts too small to publish are shown as a range (for example “<5”) and their "
        "percentages are left out, so that no one can be identified.",
        f"Figures resting on few answers are marked “{SMALL_BASE}”.",
        "Intervals are 95% intervals (Wilson's method for percentages).",
    ]
    if content.crosstabs:
        lines.append(
            "Differences between groups were tested with a chi-square test, or Fisher's exact "
            "test when counts were small."
        )
    if content.ons4 is not None:
        lines.append(
            "Changes in ONS4 wellbeing scores were tested with the Wilcoxon signed-rank test, "
            "over participants who answered both before and after."
        )
    return lines


def appendix_numbers(tables: Iterable[AppendixTable]) -> dict[tuple[str, str], int]:
    numbers: dict[tuple[str, str], int] = {}
    for number, table in enumerate(tables, start=1):
        numbers.setdefault((table.questionnaire, table.question_id), number)
    return numbers


def appendix_of(finding: Finding, numbers: dict[tuple[str, str], int]) -> int | None:
    if finding.question_id is None:
        return None
    return numbers.get((finding.questionnaire, finding.question_id))


def charted_tables(content: FindingsContent) -> list[AppendixTable]:
    """The appendix tables behind the headline findings, in the findings' order, once each."""
    numbers = appendix_numbers(content.tables)
    seen: set[int] = set()
    charted = []
    for finding in content.findings:
        number = appendix_of(finding, numbers)
        if number is not None and number not in seen:
            seen.add(number)
            charted.append(content.tables[number - 1])
    return charted
