"""The findings report: one self-contained HTML file, and the same in Word.

:func:`findings_html` renders a :class:`~analysis.results.FindingsContent` as one HTML file that
needs nothing else, online or off: the CSS is in the page and plotly.js is inlined once, with the
first chart. It holds, in order: the study and organisation; the headline findings, each with its
base (and a link to its appendix table); charts of the questions behind them; rating scales
(diverging bar and table); crosstabs with their plain-English sentence; ONS4 wellbeing before and
after; agree/disagree shifts; the methodology (responses per questionnaire and channel); quotes;
then the appendix tables, "Appendix N", numbered in the order given.

:func:`findings_docx` lays out the same content in Word (A4, Arial, the conventions of
:mod:`exports.response_form`), without charts: plotly cannot make images on these machines (see
:mod:`exports.charts`), and the methodology says the charts are in the HTML report.

The template is in this module rather than a file beside it so that it always ships with the
package (package data is not declared for ``exports``). It is rendered with autoescaping on:
respondents' text (other-specify labels, quotes) is always escaped; only the charts' HTML, made by
plotly, is inserted as markup.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import jinja2
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from markupsafe import Markup

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
from exports.charts import choice_bar, figure_html, ons4_before_after, rating_diverging
from exports.response_form import (
    _clean,
    _fix_widths,
    _repeat_as_header,
    _set_font,
    _shade,
    _write,
)
from exports.workbook import printed_title

__all__ = [
    "CHARTS_ELSEWHERE",
    "NO_QUOTES",
    "findings_docx",
    "findings_html",
]

NO_QUOTES = "Quotes are added once free-text answers are themed."
CHARTS_ELSEWHERE = "Charts are in the HTML report."
SMALL_BASE = "few answers, read with care"
NOTHING = "–"

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    rows = tuple(
        (row.label, str(row.count) if row.count is not None else row.shown, percent(row.percent))
        for row in table.rows
    )
    return Grid(
        caption=printed_title(table),
        headers=("Answer", "No.", "%"),
        rows=rows,
        totals=(("Base", str(table.base), ""),),
        first_header_hidden=True,
    )


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
        caption=f"{crosstab.row_question} by {crosstab.column_question}",
        headers=(crosstab.row_question, *crosstab.column_labels, "Total"),
        rows=tuple(rows),
        totals=(("Total", *column_totals, str(crosstab.n)),),
    )


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
        "The base of a figure is the number of people who answered that question.",
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


def _appendix_numbers(tables: Iterable[AppendixTable]) -> dict[tuple[str, str], int]:
    numbers: dict[tuple[str, str], int] = {}
    for number, table in enumerate(tables, start=1):
        numbers.setdefault((table.questionnaire, table.question_id), number)
    return numbers


def _appendix_of(finding: Finding, numbers: dict[tuple[str, str], int]) -> int | None:
    if finding.question_id is None:
        return None
    return numbers.get((finding.questionnaire, finding.question_id))


def _charted_tables(content: FindingsContent) -> list[AppendixTable]:
    """The appendix tables behind the headline findings, in the findings' order, once each."""
    numbers = _appendix_numbers(content.tables)
    seen: set[int] = set()
    charted = []
    for finding in content.findings:
        number = _appendix_of(finding, numbers)
        if number is not None and number not in seen:
            seen.add(number)
            charted.append(content.tables[number - 1])
    return charted


# --- HTML ------------------------------------------------------------------------------------

_TEMPLATE = """\
{%- macro cells(g, row) -%}
<tr>
{%- for cell in row %}
{% if loop.first %}
<th scope="row">{{ cell }}</th>
{% elif loop.index0 < g.text_columns %}
<td>{{ cell }}</td>
{% else %}
<td class="num">{{ cell }}</td>
{% endif %}
{% endfor -%}
</tr>
{%- endmacro -%}
{%- macro grid(g) -%}
<div class="grid">
<table>
<caption>{{ g.caption }}</caption>
<thead><tr>
{% for h in g.headers %}
{% if loop.first and g.first_header_hidden %}
<th scope="col"><span class="visually-hidden">{{ h }}</span></th>
{% else %}
<th scope="col"{% if loop.index0 >= g.text_columns %} class="num"{% endif %}>{{ h }}</th>
{% endif %}
{% endfor %}
</tr></thead>
<tbody>
{% for row in g.rows %}
{{ cells(g, row) }}
{% endfor %}
</tbody>
{% if g.totals %}
<tfoot>
{% for row in g.totals %}
{{ cells(g, row) }}
{% endfor %}
</tfoot>
{% endif %}
</table>
</div>
{%- endmacro -%}
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ c.study }} – {{ c.organisation }}</title>
<style>
@page { size: A4; margin: 18mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.45;
  color: #0b0c0c; background: #fff; margin: 0 auto; padding: 1.5rem; max-width: 62rem; }
h1 { font-size: 2rem; margin: 0 0 .25rem; }
h2 { font-size: 1.5rem; margin: 2.5rem 0 1rem; padding-top: .5rem; border-top: 2px solid #b1b4b6; }
h3 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
.organisation { font-size: 1.2rem; margin: 0 0 1.5rem; color: #505a5f; }
a { color: #1d70b8; }
nav ol { columns: 2; padding-left: 1.25rem; }
.findings li { margin-bottom: .6rem; }
.base, .note { color: #505a5f; }
.note { font-style: italic; margin: .25rem 0; }
table { border-collapse: collapse; margin: .5rem 0 .75rem; min-width: 24rem; max-width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: .4rem; }
th, td { border-bottom: 1px solid #b1b4b6; padding: .3rem .75rem .3rem 0; vertical-align: top;
  text-align: left; }
thead th { border-bottom: 2px solid #0b0c0c; }
tbody th { font-weight: normal; }
tfoot th, tfoot td { font-weight: bold; border-bottom: none; }
.num { text-align: right; padding-left: .75rem; }
td.num { white-space: nowrap; }
.grid { overflow-x: auto; }
.chart { margin: 1rem 0; break-inside: avoid; }
.appendix-table { break-inside: avoid; }
blockquote { margin: 0 0 1rem; padding: .5rem 1rem; border-left: 4px solid #b1b4b6; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; margin: 0; padding: 0; }
@media print {
  body { font-size: 11pt; padding: 0; max-width: none; }
  nav, .modebar-container { display: none !important; }
  h2, h3 { break-after: avoid; }
  table, figure, .chart { break-inside: avoid; }
  .grid { overflow: visible; }
  #appendix { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
</style>
</head>
<body>
<header>
<h1>{{ c.study }}</h1>
<p class="organisation">{{ c.organisation }}</p>
</header>
<nav aria-label="Contents">
<h2 class="visually-hidden">Contents</h2>
<ol>
{% for id, heading in sections %}<li><a href="#{{ id }}">{{ heading }}</a></li>
{% endfor %}</ol>
</nav>
<main>
<section id="findings">
<h2>Headline findings</h2>
{% if c.findings %}
<ul class="findings">
{% for f in c.findings %}
{% set n = appendix_of(f) %}
<li>{{ f.text }} <span class="base">(Base: {{ f.base }}
{%- if f.small_base %}; {{ small_base }}{% endif %}
{%- if n %}; <a href="#appendix-{{ n }}">Appendix {{ n }}</a>{% endif %})</span></li>
{% endfor %}
</ul>
{% else %}
<p>No headline findings yet.</p>
{% endif %}
</section>
{% if charted %}
<section id="charts">
<h2>Charts</h2>
<p>The questions behind the headline findings.</p>
{% for t in charted %}
<figure class="chart">{{ chart(choice(t)) }}
<figcaption class="visually-hidden">
{{ title(t) }}: chart of Appendix {{ appendix_of_table(t) }}
</figcaption>
</figure>
{% endfor %}
</section>
{% endif %}
{% if c.ratings %}
<section id="ratings">
<h2>Rating scales</h2>
{% for r in c.ratings %}
<h3>{{ r.title }}</h3>
<div class="chart">{{ chart(diverging(r)) }}</div>
{{ grid(rating(r)) }}
{% for line in rating_lines(r) %}<p>{{ line }}</p>
{% endfor %}
{% endfor %}
</section>
{% endif %}
{% if c.crosstabs %}
<section id="crosstabs">
<h2>Comparing groups</h2>
{% for x in c.crosstabs %}
<h3>{{ x.row_question }} by {{ x.column_question }}</h3>
<p>{{ x.sentence }}</p>
{{ grid(crosstab(x)) }}
<p class="note">{{ crosstab_test(x) }}</p>
{% endfor %}
</section>
{% endif %}
{% if c.ons4 %}
<section id="wellbeing">
<h2>Wellbeing before and after (ONS4)</h2>
<div class="chart">{{ chart(ons4_chart(c.ons4)) }}</div>
{{ grid(ons4(c.ons4)) }}
{% for line in ons4_lines(c.ons4) %}<p>{{ line }}</p>
{% endfor %}
</section>
{% endif %}
{% if c.shifts %}
<section id="shifts">
<h2>Agreement before and after</h2>
{% for s in c.shifts %}
<h3>{{ s.title }}</h3>
{{ grid(shift(s)) }}
<p>{{ shift_line(s) }}</p>
{% endfor %}
</section>
{% endif %}
<section id="methodology">
<h2>Methodology</h2>
<h3>Responses</h3>
{% if c.responses_by_channel %}
{{ grid(channels(c.responses_by_channel)) }}
{% else %}
<p>No response counts were given.</p>
{% endif %}
<h3>How to read the figures</h3>
{% for line in methodology %}<p>{{ line }}</p>
{% endfor %}
</section>
<section id="quotes">
<h2>Quotes</h2>
{% for q in c.quotes %}
<blockquote><p>{{ q }}</p></blockquote>
{% else %}
<p>{{ no_quotes }}</p>
{% endfor %}
</section>
<section id="appendix">
<h2>Appendix tables</h2>
{% for t in c.tables %}
{% set id = "appendix-" ~ loop.index %}
<section class="appendix-table" id="{{ id }}" aria-labelledby="{{ id }}-heading">
<h3 id="{{ id }}-heading">Appendix {{ loop.index }}</h3>
{{ grid(appendix(t)) }}
{% for note in t.notes %}<p class="note">{{ note }}</p>
{% endfor %}
</section>
{% else %}
<p>No tables.</p>
{% endfor %}
</section>
</main>
</body>
</html>
"""


def _finalize(value: object) -> object:
    """Every printed value: None as nothing, text without characters HTML cannot carry."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _NOT_TEXT.sub("", value)
    return value


_ENVIRONMENT = jinja2.Environment(
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    finalize=_finalize,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_HTML = _ENVIRONMENT.from_string(_TEMPLATE)


def _chart_writer() -> Callable[[object], Markup]:
    """Renders figures in page order; plotly.js goes in with the first only."""
    count = 0

    def chart(fig) -> Markup:
        nonlocal count
        count += 1
        return Markup(figure_html(fig, include_plotlyjs=count == 1, div_id=f"chart-{count}"))

    return chart


def _sections(content: FindingsContent, charted: list[AppendixTable]) -> list[tuple[str, str]]:
    sections = [("findings", "Headline findings")]
    if charted:
        sections.append(("charts", "Charts"))
    if content.ratings:
        sections.append(("ratings", "Rating scales"))
    if content.crosstabs:
        sections.append(("crosstabs", "Comparing groups"))
    if content.ons4 is not None:
        sections.append(("wellbeing", "Wellbeing before and after (ONS4)"))
    if content.shifts:
        sections.append(("shifts", "Agreement before and after"))
    sections += [
        ("methodology", "Methodology"),
        ("quotes", "Quotes"),
        ("appendix", "Appendix tables"),
    ]
    return sections


def findings_html(content: FindingsContent) -> str:
    """The findings report for ``content`` as one self-contained HTML page (CSS and plotly.js
    inlined, so it opens offline and prints on A4)."""
    numbers = _appendix_numbers(content.tables)
    charted = _charted_tables(content)
    return _HTML.render(
        c=content,
        sections=_sections(content, charted),
        charted=charted,
        chart=_chart_writer(),
        choice=choice_bar,
        diverging=rating_diverging,
        ons4_chart=ons4_before_after,
        title=printed_title,
        appendix_of=lambda f: _appendix_of(f, numbers),
        appendix_of_table=lambda t: numbers.get((t.questionnaire, t.question_id)),
        appendix=appendix_grid,
        rating=rating_grid,
        rating_lines=rating_lines,
        crosstab=crosstab_grid,
        crosstab_test=crosstab_test,
        ons4=ons4_grid,
        ons4_lines=ons4_lines,
        shift=shift_grid,
        shift_line=shift_line,
        channels=channel_grid,
        methodology=methodology_lines(content),
        small_base=SMALL_BASE,
        no_quotes=NO_QUOTES,
    )


# --- Word ------------------------------------------------------------------------------------

_TEXT_WIDTH = 17.0  # cm: A4 less 2 cm margins
_PAGE_WIDTH, _PAGE_HEIGHT, _MARGIN = Cm(21.0), Cm(29.7), Cm(2.0)
_HEADER_SHADING = "D9D9D9"


def _set_up(document: DocumentObject, content: FindingsContent) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = _PAGE_WIDTH, _PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)

    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None:
            _set_font(run_defaults)
    normal = document.styles["Normal"]
    _set_font(normal.element)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    for name, size in (("Title", Pt(24)), ("Heading 1", Pt(16)), ("Heading 2", Pt(13))):
        style = document.styles[name]
        _set_font(style.element)
        style.font.size = size
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
    caption = document.styles["Caption"]
    _set_font(caption.element)
    caption.font.size = Pt(11)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.paragraph_format.keep_with_next = True
    for name in ("List Bullet", "Quote"):
        _set_font(document.styles[name].element)

    properties = document.core_properties
    properties.title = _clean(content.study)
    properties.subject = "Findings"
    properties.author = _clean(content.organisation)
    properties.last_modified_by = _clean(content.organisation)
    properties.comments = ""
    properties.language = "en-GB"


class _Word:
    """The document being written. Styles are set by id, looked up once: python-docx finds a
    style by name (or checks it against the default) by scanning every style, for every
    paragraph, which makes a study with thousands of tables slow."""

    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        self._ids: dict[str, str] = {}

    def _style_id(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = self.document.styles[name].style_id
        return self._ids[name]

    def paragraph(self, text: str, *, style: str | None = None, italic: bool = False):
        paragraph = self.document.add_paragraph()
        if style is not None:
            paragraph._p.style = self._style_id(style)
        run = paragraph.add_run(_clean(text))
        if italic:
            run.italic = True
        return paragraph

    def heading(self, text: str, level: int):
        paragraph = self.paragraph(text, style="Title" if level == 0 else f"Heading {level}")
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def table(self, grid: Grid) -> Table:
        self.paragraph(grid.caption, style="Caption")
        table = self.document.add_table(rows=1, cols=len(grid.headers))
        table._tbl.tblStyle_val = self._style_id("Table Grid")
        header = zip(table.rows[0].cells, grid.headers, strict=True)
        for index, (cell, heading) in enumerate(header):
            text = "" if index == 0 and grid.first_header_hidden else heading
            _write(cell, [_clean(text)], bold=True)
            _shade(cell, _HEADER_SHADING)
            if index >= grid.text_columns:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _repeat_as_header(table)
        for row, bold in [(r, False) for r in grid.rows] + [(r, True) for r in grid.totals]:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                _write(cell, [_clean(text)], bold=bold)
                if index >= grid.text_columns:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _fix_widths(table, _widths(len(grid.headers)))
        return table


def _widths(columns: int) -> tuple[Cm, ...]:
    """The first column takes what the number columns (at most 2.6 cm each) leave."""
    if columns == 1:
        return (Cm(_TEXT_WIDTH),)
    number = min(2.6, (_TEXT_WIDTH - 5.0) / (columns - 1))
    return (Cm(_TEXT_WIDTH - number * (columns - 1)), *([Cm(number)] * (columns - 1)))


def _finding_text(finding: Finding, numbers: dict[tuple[str, str], int]) -> str:
    base = f"Base: {finding.base}"
    if finding.small_base:
        base += f"; {SMALL_BASE}"
    number = _appendix_of(finding, numbers)
    if number is not None:
        base += f"; Appendix {number}"
    return f"{finding.text} ({base})"


def findings_docx(content: FindingsContent) -> bytes:
    """The findings report for ``content`` as the bytes of a .docx file: A4, Arial, headings,
    findings as bullets with their base, every table as a Word table; no charts."""
    document = Document()
    _set_up(document, content)
    word = _Word(document)
    numbers = _appendix_numbers(content.tables)

    word.heading(content.study, 0)
    word.paragraph(content.organisation)

    word.heading("Headline findings", 1)
    for finding in content.findings:
        word.paragraph(_finding_text(finding, numbers), style="List Bullet")
    if not content.findings:
        word.paragraph("No headline findings yet.")

    if content.ratings:
        word.heading("Rating scales", 1)
        for summary in content.ratings:
            word.heading(summary.title, 2)
            word.table(rating_grid(summary))
            for line in rating_lines(summary):
                word.paragraph(line)

    if content.crosstabs:
        word.heading("Comparing groups", 1)
        for crosstab in content.crosstabs:
            word.heading(f"{crosstab.row_question} by {crosstab.column_question}", 2)
            word.paragraph(crosstab.sentence)
            word.table(crosstab_grid(crosstab))
            word.paragraph(crosstab_test(crosstab), italic=True)

    if content.ons4 is not None:
        word.heading("Wellbeing before and after (ONS4)", 1)
        word.table(ons4_grid(content.ons4))
        for line in ons4_lines(content.ons4):
            word.paragraph(line)

    if content.shifts:
        word.heading("Agreement before and after", 1)
        for shift in content.shifts:
            word.heading(shift.title, 2)
            word.table(shift_grid(shift))
            word.paragraph(shift_line(shift))

    word.heading("Methodology", 1)
    word.heading("Responses", 2)
    if content.responses_by_channel:
        word.table(channel_grid(content.responses_by_channel))
    else:
        word.paragraph("No response counts were given.")
    word.heading("How to read the figures", 2)
    for line in methodology_lines(content):
        word.paragraph(line)
    word.paragraph(CHARTS_ELSEWHERE)

    word.heading("Quotes", 1)
    for quote in content.quotes:
        word.paragraph(quote, style="Quote")
    if not content.quotes:
        word.paragraph(NO_QUOTES)

    word.heading("Appendix tables", 1)
    for number, table in enumerate(content.tables, start=1):
        word.heading(f"Appendix {number}", 2)
        word.table(appendix_grid(table))
        for note in table.notes:
            word.paragraph(note, italic=True)
    if not content.tables:
        word.paragraph("No tables.")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
