"""A service evaluation's report, as one self-contained HTML file and the same in Word: service
at a glance, referrals by PCN and over time, waits, caseloads against capacity, length of
support, needs, who is reached, wellbeing outcomes, the case studies approved, and every table
numbered as in the workbook. Both formats take their parts from :func:`report_parts`, so they
always say the same; charts are the pictures of :mod:`exports.evaluation.charts` in both."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import pandas as pd

from analysis.service.evaluation import Evaluation, EvaluationTable, heading
from exports.evaluation.charts import Chart, evaluation_charts
from exports.report import TEMPLATES
from exports.report_parts import Grid
from exports.word import report_document

__all__ = [
    "CaseStudyText",
    "EvaluationReport",
    "ReportPart",
    "evaluation_docx",
    "evaluation_html",
    "report_parts",
    "table_grid",
]


@dataclass(frozen=True)
class CaseStudyText:
    """A case study as published: anonymised, approved, with the person's consent."""

    title: str
    about: str
    needs: str
    support: str
    on_discharge: str
    own_words: str

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) of the parts written, in printed order."""
        named = (
            ("Needs", self.needs),
            ("What was done", self.support),
            ("On discharge", self.on_discharge),
        )
        return [(name, text) for name, text in named if text.strip()]


@dataclass(frozen=True)
class EvaluationReport:
    """What the report holds: the evaluation worked out for its period, whose it is, and the
    approved case studies."""

    title: str
    organisation: str
    evaluation: Evaluation
    case_studies: tuple[CaseStudyText, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReportPart:
    """A part of the report: its anchor and heading, what it says, its charts and the numbers
    of the tables it rests on."""

    anchor: str
    heading: str
    lines: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[EvaluationTable, ...] = ()


def _days(value: float | None) -> str:
    return "not known yet" if value is None else f"{value:g} days"


def _n(count: int, one: str, many: str) -> str:
    """ "1 person", "2 people"."""
    return f"{count:,} {one if count == 1 else many}"


def _see(tables: list[EvaluationTable]) -> str:
    numbers = [str(t.number) for t in tables]
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"The figures are in Table {numbers[0]} of the appendix."
    return f"The figures are in Tables {', '.join(numbers[:-1])} and {numbers[-1]} of the appendix."


def report_parts(report: EvaluationReport) -> list[ReportPart]:
    """The report's parts in printed order, each only when it has something to say (the case
    studies and the appendix are laid out by the formats themselves)."""
    e = report.evaluation
    charts: dict[str, list[Chart]] = {}
    for chart in evaluation_charts(e):
        charts.setdefault(chart.section, []).append(chart)

    def tables(*names: str) -> list[EvaluationTable]:
        return [t for t in e.tables if any(t.name.startswith(n) for n in names)]

    parts = [ReportPart("glance", "Service at a glance")]
    referrals = tables("Referrals by")
    total = int(e.by_month["total"].sum())
    declined = int(e.by_month["declined"].sum())
    busiest = e.by_pcn["total"].idxmax() if total else None
    parts.append(
        ReportPart(
            "referrals",
            "Referrals",
            tuple(
                line
                for line in (
                    f"{_n(total, 'referral was', 'referrals were')} made from {e.period}; "
                    f"{_n(declined, 'was', 'were')} declined by the person referred.",
                    f"Most came from {busiest} ({int(e.by_pcn.loc[busiest, 'total']):,})."
                    if busiest is not None
                    else "",
                    _see(referrals),
                )
                if line
            ),
            tuple(charts.get("referrals", ())),
            tuple(referrals),
        )
    )
    waits = e.waits
    within = "" if waits.within_share is None else f"{round(100 * waits.within_share)}%"
    parts.append(
        ReportPart(
            "waits",
            "Waiting for a first contact",
            (
                f"Of {_n(waits.n, 'referral', 'referrals')} contacted, half waited "
                f"{_days(waits.median_days)} or less; 9 in 10 waited "
                f"{_days(waits.p90_days)} or less."
                + (f" {within} were contacted within {waits.within_days} days." if within else ""),
                f"On {e.period.end:%-d %B %Y}, {_n(e.waiting.people, 'person was', 'people were')}"
                " waiting"
                + (
                    f", the longest for {e.waiting.longest_days:,} days."
                    if e.waiting.longest_days is not None
                    else "."
                ),
                _see(tables("Wait to first contact")),
            ),
            tuple(charts.get("waits", ())),
            tuple(tables("Wait to first contact")),
        )
    )
    loads = tables("Caseload")
    if not e.caseload_by_month.empty:
        over = _months_over(loads[0].frame) if loads else 0
        parts.append(
            ReportPart(
                "caseloads",
                "Caseloads against capacity",
                (
                    "A person is on a link worker's caseload in a month when their first "
                    "contact was on or before its last day and they had not been discharged "
                    "before its first day.",
                    f"{_n(over, 'link-worker month was', 'link-worker months were')} over capacity."
                    if "over" in loads[0].frame
                    else "No capacity is loaded for the link workers, so caseloads are not "
                    "compared with it.",
                    _see(loads),
                ),
                tuple(charts.get("caseloads", ())),
                tuple(loads),
            )
        )
    support = e.support
    mean = None if support.mean_days is None else float(round(support.mean_days))
    parts.append(
        ReportPart(
            "support",
            "Length of support",
            (
                f"{_n(support.n, 'referral was', 'referrals were')} discharged after support "
                f"in the period: half within {_days(support.median_days)}, "
                f"{_days(mean)} on average.",
                f"{_n(support.still_open, 'was', 'were')} still being supported at its end; "
                "they are not in these lengths.",
                _see(tables("Length of support")),
            ),
            tuple(charts.get("support", ())),
            tuple(tables("Length of support")),
        )
    )
    needs = tables("Needs", "Support offered")
    top = ", ".join(str(n) for n in e.needs.index[:4])
    parts.append(
        ReportPart(
            "needs",
            "Needs and support offered",
            tuple(
                line
                for line in (
                    f"The main needs were {top}." if top else "No needs were recorded.",
                    "A person can have several needs, so the shares add up to more than 100%.",
                    _see(needs),
                )
                if line
            ),
            tuple(charts.get("needs", ())),
            tuple(needs),
        )
    )
    reached = tables("Who is reached")
    parts.append(
        ReportPart(
            "reach",
            "Who is reached",
            (
                "The people referred, by age, gender, ethnicity and ward, beside the area's "
                "population where it is loaded. A difference is marked beyond chance when a "
                "binomial test puts it below 5%.",
                _see(reached),
            ),
            (),
            tuple(reached),
        )
    )
    wellbeing = tables("Wellbeing")
    outcomes = e.outcomes
    if outcomes is not None and outcomes.paired_participants:
        parts.append(
            ReportPart(
                "outcomes",
                "Wellbeing before and after (ONS4)",
                tuple(
                    line
                    for line in (
                        f"{_n(outcomes.paired_participants, 'person', 'people')} answered the "
                        "ONS4 questions before and after support; their answers are linked "
                        "to the records by participant code.",
                        _see(wellbeing),
                    )
                    if line
                ),
                tuple(charts.get("outcomes", ())),
                tuple(wellbeing),
            )
        )
    if report.case_studies:
        parts.append(ReportPart("case-studies", "Case studies"))
    parts.append(ReportPart("appendix", "Appendix: tables", tables=e.tables))
    return parts


def _months_over(frame: pd.DataFrame) -> int:
    return int(frame["over"].sum()) if "over" in frame else 0


def _cell(column: str, value: object) -> str:
    """A table's value as printed: counts with thousands separators, shares as percent."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else ""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and "share" in column:
        return f"{round(100 * value)}%"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def table_grid(table: EvaluationTable, period: str) -> Grid:
    """A numbered table as both formats print it, captioned with its number, period and base."""
    frame = table.frame
    # The Grid's text columns lead; a trailing note (a "small base" mark) is printed as the
    # numbers are.
    text = 0
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]):
            break
        text += 1
    columns = [str(c) for c in frame.columns]
    return Grid(
        caption=f"Table {table.number}: {table.name} ({period}; base: {table.base})",
        headers=tuple(heading(c) for c in columns),
        rows=tuple(
            tuple(_cell(c, v) for c, v in zip(columns, row, strict=True))
            for row in frame.itertuples(index=False)
        ),
        text_columns=max(1, text),
    )


def evaluation_html(report: EvaluationReport) -> str:
    """The report as one self-contained HTML page: CSS inlined and charts as embedded PNG, so
    it opens offline and prints on A4."""
    return TEMPLATES.get_template("evaluation_report.html").render(
        r=report,
        e=report.evaluation,
        parts=report_parts(report),
        grid_of=lambda t: table_grid(t, str(report.evaluation.period)),
        picture=lambda chart: "data:image/png;base64," + base64.b64encode(chart.png).decode(),
    )


def evaluation_docx(report: EvaluationReport) -> bytes:
    """The report as the bytes of a .docx file: the parts of :func:`report_parts` under
    Heading 1, charts as pictures with their words as alternative text, every table as a Word
    table with a header row."""
    e = report.evaluation
    word = report_document(
        title=report.title, subject="Service evaluation", author=report.organisation
    )
    word.heading(report.title, 0)
    word.paragraph(report.organisation)
    word.paragraph(f"Period: {e.period}")
    for part in report_parts(report):
        word.heading(part.heading, 1)
        if part.anchor == "glance":
            word.table(
                Grid(
                    caption="Service at a glance",
                    headers=("Measure", "Value"),
                    rows=tuple((what, _cell(what, value)) for what, value in e.glance),
                    text_columns=2,
                )
            )
        elif part.anchor == "case-studies":
            for case in report.case_studies:
                word.heading(case.title, 2)
                if case.about:
                    word.paragraph(case.about)
                for name, text in case.sections:
                    word.paragraph(name).runs[0].bold = True
                    word.paragraph(text)
                if case.own_words:
                    word.paragraph(f"In their own words: “{case.own_words}”", style="Quote")
        elif part.anchor == "appendix":
            for table in part.tables:
                word.table(table_grid(table, str(e.period)))
        else:
            for line in part.lines:
                word.paragraph(line)
            for chart in part.charts:
                word.picture(chart.png, chart.alt)
    return word.bytes()
