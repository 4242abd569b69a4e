"""Charts of the analysis results, as plotly figures shown in the HTML findings report.

* :func:`choice_bar` — an appendix table as horizontal bars of %, each labelled "44% (38)".
* :func:`rating_diverging` — a rating scale as one diverging stacked bar: the bottom two boxes left
  of zero, the top two right, the middle category split half and half across zero.
* :func:`ons4_before_after` — each ONS4 wellbeing measure's mean before and after.
* :func:`figure_html` — a figure as an HTML fragment, plotly.js inlined (or not) so the report is
  one self-contained file that works offline.

Everything here works offline. There are no static images (PNG, SVG, PDF): plotly makes those with
kaleido, which drives a Chrome it downloads on first use, and these machines cannot download one.
The Word report therefore has no charts and says they are in the HTML report.

Text in a figure (titles, labels) is respondents' and staff's text. Plotly reads a small set of
HTML-like tags (``<b>``, ``<br>``) and entities in it, so text is HTML-escaped before it goes in:
``"<5"`` and ``"<script>"`` show as typed and never act as markup. (Plotly also escapes ``<``,
``>`` and ``/`` in the JSON it embeds in a page, so nothing in a figure can close the script.)
"""

from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go

from analysis.results import AppendixTable, MeasureChange, Ons4Outcomes, RatingSummary
from exports.workbook import printed_title

__all__ = [
    "ONS4_TITLE",
    "choice_bar",
    "figure_html",
    "figure_text",
    "ons4_before_after",
    "rating_diverging",
]

ONS4_TITLE = "Wellbeing before and after (ONS4)"
_FONT = {"family": "Arial, Helvetica, sans-serif", "size": 13, "color": "#0b0c0c"}
_BAR = "#1d70b8"  # GOV.UK blue
_BEFORE, _AFTER = "#b1b4b6", "#1d70b8"
# ColorBrewer RdBu (colour-blind safe), extreme to mild; the middle is grey.
_LOW_COLOURS = ("#b2182b", "#ef8a62", "#fddbc7")
_HIGH_COLOURS = ("#2166ac", "#67a9cf", "#d1e5f0")
_MIDDLE_COLOUR = "#bababa"
_WRAP_AT = 70


def figure_text(text: str, *, width: int | None = _WRAP_AT) -> str:
    """``text`` as plotly should be given it: HTML-escaped, long lines broken with ``<br>``."""
    lines = textwrap.wrap(text, width) if width else [text]
    return "<br>".join(html.escape(line, quote=False) for line in lines or [""])


def _title(text: str, subtitle: str) -> dict:
    return {
        "text": figure_text(text),
        "subtitle": {"text": subtitle},
        "x": 0,
        "xanchor": "left",
    }


def _layout(fig: go.Figure, *, height: int, left: int = 10) -> None:
    fig.update_layout(
        font=_FONT,
        height=height,
        margin={"l": left, "r": 30, "t": 110, "b": 50},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )


def choice_bar(table: AppendixTable) -> go.Figure:
    """``table`` as horizontal bars of the percent answering each way, in the table's order.

    Each bar is labelled "44% (38)"; a suppressed row has no bar and shows its mark ("<5"). The
    title is the printed question; the subtitle gives the base.
    """
    labels, values, texts = [], [], []
    for row in table.rows:
        labels.append(figure_text(row.label, width=40))
        values.append(row.percent if row.percent is not None else 0)
        if row.percent is not None and row.count is not None:
            text = f"{row.percent}% ({row.count})"
        elif row.count is not None:
            text = f"({row.count})"
        else:
            text = figure_text(row.shown, width=None)
        texts.append(text)
    subtitle = f"Base: {table.base}"
    if table.multiple:
        subtitle += " · more than one answer could be given, so % can add to more than 100"

    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker_color=_BAR,
            hovertext=texts,
            hoverinfo="y+text",
        )
    )
    fig.update_layout(title=_title(printed_title(table), subtitle), showlegend=False)
    fig.update_xaxes(range=[0, 115], ticksuffix="%", showgrid=True, gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", automargin=True)
    _layout(fig, height=170 + 34 * max(1, len(table.rows)))
    return fig


def _sides(summary: RatingSummary) -> tuple[list[int], list[int], list[int]]:
    """Indexes into the distribution: bottom boxes, middle, top boxes; each side ordered from the
    middle of the scale outwards (the order the stack is built from zero)."""
    labels = [label for label, _, _ in summary.distribution]
    low = [i for i, label in enumerate(labels) if label in summary.bottom_two_labels]
    high = [i for i, label in enumerate(labels) if label in summary.top_two_labels]
    middle = [i for i in range(len(labels)) if i not in low and i not in high]
    centre = (len(labels) - 1) / 2
    low.sort(key=lambda i: abs(i - centre))
    high.sort(key=lambda i: abs(i - centre))
    return low, middle, high


def rating_diverging(summary: RatingSummary) -> go.Figure:
    """``summary`` as one diverging stacked bar: the bottom two boxes left of zero, the top two
    right, any middle category split half and half across zero. Bars show % of ``n`` (N/A left
    out); the legend lists the scale in its own order."""
    low, middle, high = _sides(summary)
    y = [figure_text(f"All answers (n={summary.n})", width=None)]
    traces: list[go.Bar] = []

    def bar(index: int, value: float, colour: str, *, show: bool, text: str) -> go.Bar:
        label, count, percent = summary.distribution[index]
        return go.Bar(
            x=[value],
            y=y,
            orientation="h",
            name=figure_text(label, width=None),
            legendgroup=str(index),
            legendrank=index + 1,
            showlegend=show,
            marker_color=colour,
            text=[text],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            hovertext=[f"{figure_text(label, width=None)}: {percent}% ({count})"],
            hoverinfo="text",
        )

    # Built from zero outwards: each middle half, then the milder box, then the extreme one.
    for index in middle:
        _, _, percent = summary.distribution[index]
        traces.append(bar(index, -percent / 2, _MIDDLE_COLOUR, show=True, text=f"{percent}%"))
        traces.append(bar(index, percent / 2, _MIDDLE_COLOUR, show=False, text=""))
    for rank in range(max(len(low), len(high))):
        for side, colours, sign in ((low, _LOW_COLOURS, -1), (high, _HIGH_COLOURS, 1)):
            if rank < len(side):
                index = side[rank]
                _, _, percent = summary.distribution[index]
                colour = colours[min(len(colours) - 1, len(side) - 1 - rank)]
                traces.append(bar(index, sign * percent, colour, show=True, text=f"{percent}%"))

    parts = [
        f"Base: {summary.n}",
        f"{' + '.join(summary.top_two_labels)}: {summary.top_two.percent}%",
        f"{' + '.join(summary.bottom_two_labels)}: {summary.bottom_two.percent}%",
    ]
    if summary.not_applicable:
        parts.append(f"{summary.not_applicable} not applicable, left out")
    fig = go.Figure(traces)
    fig.update_layout(
        title=_title(summary.title, figure_text(" · ".join(parts), width=None)),
        barmode="relative",
        uniformtext={"minsize": 10, "mode": "hide"},
        legend={"orientation": "h", "traceorder": "normal", "y": -0.35, "x": 0},
    )
    ticks = [-100, -75, -50, -25, 0, 25, 50, 75, 100]
    fig.update_xaxes(
        range=[-100, 100],
        tickvals=ticks,
        ticktext=[f"{abs(t)}%" for t in ticks],
        zeroline=True,
        zerolinecolor="#0b0c0c",
        zerolinewidth=2,
        showgrid=True,
        gridcolor="#e5e5e5",
    )
    fig.update_yaxes(automargin=True)
    _layout(fig, height=300)
    return fig


def _after_interval(measure: MeasureChange) -> tuple[float, float] | None:
    """The 95% interval of the mean change, placed on the before mean: the error bar on the
    after mean, as (above, below) the after mean."""
    before, after = measure.mean_before, measure.mean_after
    change_low, change_high = measure.change_low, measure.change_high
    if before is None or after is None or change_low is None or change_high is None:
        return None
    low, high = before + change_low, before + change_high
    return max(0.0, high - after), max(0.0, after - low)


def ons4_before_after(outcomes: Ons4Outcomes) -> go.Figure:
    """Each ONS4 measure's mean score (0–10) before and after, over the participants with both
    (n in each label). The error bar on each after bar is the 95% interval of the mean change,
    measured from the before mean: where it clears the before bar, the change is beyond chance."""
    labels = [figure_text(f"{m.label} (n={m.pairs})", width=22) for m in outcomes.measures]
    before = [m.mean_before for m in outcomes.measures]
    after = [m.mean_after for m in outcomes.measures]
    intervals = [_after_interval(m) for m in outcomes.measures]

    def texts(values: list[float | None]) -> list[str]:
        return ["" if v is None else f"{v:.1f}" for v in values]

    fig = go.Figure(
        [
            go.Bar(
                name="Before",
                x=labels,
                y=before,
                text=texts(before),
                textposition="inside",
                insidetextanchor="start",
                marker_color=_BEFORE,
            ),
            go.Bar(
                name="After",
                x=labels,
                y=after,
                text=texts(after),
                textposition="inside",
                insidetextanchor="start",
                marker_color=_AFTER,
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [i[0] if i else None for i in intervals],
                    "arrayminus": [i[1] if i else None for i in intervals],
                    "color": "#0b0c0c",
                    "thickness": 1.5,
                },
            ),
        ]
    )
    subtitle = (
        f"Mean score out of 10 · {outcomes.paired_participants} participants answered before and "
        "after · error bars: 95% interval of the change · for anxiety, lower is better"
    )
    fig.update_layout(
        title=_title(ONS4_TITLE, figure_text(subtitle, width=110)),
        barmode="group",
        legend={"orientation": "h", "y": -0.2, "x": 0},
    )
    fig.update_yaxes(range=[0, 10.5], dtick=2, showgrid=True, gridcolor="#e5e5e5")
    _layout(fig, height=460)
    return fig


def figure_html(fig: go.Figure, *, include_plotlyjs: bool, div_id: str | None = None) -> str:
    """``fig`` as an HTML fragment (a ``<div>`` and its script). With ``include_plotlyjs`` the
    whole of plotly.js is inlined before it (about 4.8 MB, so the page works offline); include it
    with the first figure on a page and no other."""
    return fig.to_html(
        full_html=False,
        include_plotlyjs=bool(include_plotlyjs),
        include_mathjax=False,
        div_id=div_id,
        # A still picture: the report says each chart's numbers in words (hover adds nothing),
        # and a chart without buttons or drag layers has nothing to tab to behind the words.
        config={"staticPlot": True, "responsive": True},
    )
