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

from collections.abc import Callable

import jinja2
from markupsafe import Markup

from analysis.results import (
    AppendixTable,
    FindingsContent,
)
from analysis.themes.tables import theme_appendix
from exports.charts import choice_bar, figure_html, ons4_before_after, rating_diverging
from exports.report_docx import findings_docx
from exports.report_parts import (
    CHARTS_ELSEWHERE,
    NO_QUOTES,
    NOT_TEXT,
    SMALL_BASE,
    appendix_grid,
    appendix_numbers,
    appendix_of,
    channel_grid,
    charted_tables,
    crosstab_grid,
    crosstab_test,
    methodology_lines,
    ons4_grid,
    ons4_lines,
    quotes_by_sentiment,
    rating_grid,
    rating_lines,
    shift_grid,
    shift_line,
    theme_grid,
)
from exports.workbook import printed_title

__all__ = ["CHARTS_ELSEWHERE", "NO_QUOTES", "findings_docx", "findings_html"]

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
{% if c.themes %}
<section id="themes">
<h2>What people wrote</h2>
{% for t in c.themes %}
<section class="theme-table">
{% if t.rows %}{{ chart(choice(theme_appendix(t))) }}{% endif %}
{{ grid(theme(t)) }}
{% for note in t.notes %}<p class="note">{{ note }}</p>
{% endfor %}
</section>
{% endfor %}
</section>
{% endif %}
<section id="quotes">
<h2>Quotes</h2>
{% for heading, quotes in quotes_by_sentiment(c) %}
<h3>{{ heading }}</h3>
{% for q in quotes %}
<blockquote><p>“{{ q.text }}”</p>
{% if q.theme %}<p class="note">{{ q.theme }}</p>{% endif %}</blockquote>
{% endfor %}
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
        return NOT_TEXT.sub("", value)
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
    sections.append(("methodology", "Methodology"))
    if content.themes:
        sections.append(("themes", "What people wrote"))
    sections += [
        ("quotes", "Quotes"),
        ("appendix", "Appendix tables"),
    ]
    return sections


def findings_html(content: FindingsContent) -> str:
    """The findings report for ``content`` as one self-contained HTML page (CSS and plotly.js
    inlined, so it opens offline and prints on A4)."""
    numbers = appendix_numbers(content.tables)
    charted = charted_tables(content)
    return _HTML.render(
        c=content,
        sections=_sections(content, charted),
        charted=charted,
        chart=_chart_writer(),
        choice=choice_bar,
        diverging=rating_diverging,
        ons4_chart=ons4_before_after,
        title=printed_title,
        appendix_of=lambda f: appendix_of(f, numbers),
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
        theme=theme_grid,
        theme_appendix=theme_appendix,
        quotes_by_sentiment=quotes_by_sentiment,
    )
