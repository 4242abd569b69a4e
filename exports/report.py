"""The report: one self-contained HTML file, and the same in Word (:mod:`exports.report_docx`).

:func:`findings_html` renders a :class:`~exports.publication.Publication` as one HTML file that
needs nothing else, online or off: the CSS is in the page and plotly.js is inlined once, with the
first chart. Its parts come in the order of :func:`exports.report_outline.outline` (the order
Healthwatch reports print): staff's sections, how to read it, what was done, key findings (each
linked to its appendix table), recommendations, the full findings with charts (each chart said in
words for screen readers, :mod:`exports.chart_text`), what people wrote, the appendices, and the
responses of those the report went to.

The template (``templates/report.html``) is rendered with autoescaping on: respondents' and
staff's text is always escaped; only the charts' HTML, made by plotly, is inserted as markup.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from markupsafe import Markup

from analysis.themes.tables import theme_appendix
from exports.chart_text import choice_alt, ons4_alt, rating_alt
from exports.charts import choice_bar, figure_html, ons4_before_after, rating_diverging
from exports.publication import Publication
from exports.report_docx import findings_docx
from exports.report_outline import RESPONSES_HEADING, outline, response_grid, response_lines
from exports.report_parts import (
    NO_QUOTES,
    NOT_TEXT,
    appendix_grid,
    appendix_numbers,
    appendix_of,
    channel_grid,
    charted_tables,
    crosstab_grid,
    crosstab_heading,
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
    written_items,
)
from exports.workbook import printed_title

__all__ = ["NO_QUOTES", "TEMPLATES", "findings_docx", "findings_html"]


def _finalize(value: object) -> object:
    """Every printed value: None as nothing, text without characters HTML cannot carry."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return NOT_TEXT.sub("", value)
    return value


TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("exports", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    finalize=_finalize,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_HTML = TEMPLATES.get_template("report.html")


def _chart_writer() -> Callable[[object], Markup]:
    """Renders figures in page order; plotly.js goes in with the first only."""
    count = 0

    def chart(fig) -> Markup:
        nonlocal count
        count += 1
        return Markup(figure_html(fig, include_plotlyjs=count == 1, div_id=f"chart-{count}"))

    return chart


def findings_html(publication: Publication) -> str:
    """The report as one self-contained HTML page (CSS and plotly.js inlined, so it opens
    offline and prints on A4)."""
    content = publication.content
    numbers = appendix_numbers(content.tables)
    return _HTML.render(
        p=publication,
        c=content,
        parts=outline(publication),
        charted=charted_tables(content),
        chart=_chart_writer(),
        choice=choice_bar,
        choice_alt=choice_alt,
        diverging=rating_diverging,
        rating_alt=rating_alt,
        ons4_chart=ons4_before_after,
        ons4_alt=ons4_alt,
        title=printed_title,
        appendix_of=lambda f: appendix_of(f, numbers),
        appendix_of_table=lambda t: numbers.get((t.questionnaire, t.question_id)),
        appendix=appendix_grid,
        written=written_items,
        rating=rating_grid,
        rating_lines=rating_lines,
        crosstab=crosstab_grid,
        crosstab_heading=crosstab_heading,
        crosstab_test=crosstab_test,
        ons4=ons4_grid,
        ons4_lines=ons4_lines,
        shift=shift_grid,
        shift_line=shift_line,
        channels=channel_grid,
        methodology=methodology_lines(content),
        no_quotes=NO_QUOTES,
        theme=theme_grid,
        theme_appendix=theme_appendix,
        quotes_by_sentiment=quotes_by_sentiment,
        response=response_grid,
        response_lines=response_lines,
        responses_heading=RESPONSES_HEADING,
    )
