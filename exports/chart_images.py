"""The report's charts as pictures (PNG) for the Word report, drawn with matplotlib in the
process: no browser and no download, so they are made on any machine the app runs on.

They show what the interactive charts of the HTML report show (:mod:`exports.charts`): an
answer's percent and count per bar, a rating scale point by point, ONS4 means before and after.
Colours are the GOV.UK blue and grey, readable in black and white; the base is printed on the
chart. Their words for screen readers are in :mod:`exports.chart_text`.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from analysis.results import AppendixTable, Ons4Outcomes, RatingSummary
from exports.chart_text import chart_base, chart_values

__all__ = [
    "BLUE",
    "GREY",
    "TEXT",
    "choice_png",
    "new_figure",
    "ons4_png",
    "png_bytes",
    "rating_png",
    "wrapped",
]

BLUE, GREY, _RED, TEXT = "#1d70b8", "#b1b4b6", "#b2182b", "#0b0c0c"
_WIDTH = 6.3  # inches: the width of an A4 page's text
_DPI = 150


def choice_png(table: AppendixTable) -> bytes:
    """A table as horizontal bars of percent, labelled "44% (38)"; a suppressed row has no
    bar and shows its mark."""
    bars = chart_values(table)
    labels = [row.label for row, _, _ in bars]
    values = [float(percent or 0) for _, percent, _ in bars]
    texts = [text for _, _, text in bars]
    return _bars(labels, values, texts, [BLUE] * len(bars), chart_base(table))


def rating_png(summary: RatingSummary) -> bytes:
    """A rating scale, highest point first: the top two boxes blue, the bottom two red, the
    middle grey."""
    labels, values, texts, colours = [], [], [], []
    for label, count, percent in summary.distribution:
        labels.append(label)
        values.append(float(percent))
        texts.append(f"{percent}% ({count})")
        if label in summary.top_two_labels:
            colours.append(BLUE)
        elif label in summary.bottom_two_labels:
            colours.append(_RED)
        else:
            colours.append(GREY)
    return _bars(labels, values, texts, colours, f"Base: {summary.n} who rated it")


def ons4_png(outcomes: Ons4Outcomes) -> bytes:
    """Each ONS4 measure's mean score out of 10, before (grey) and after (blue)."""
    figure, axes = new_figure(0.9 * len(outcomes.measures) + 1.6)
    positions = range(len(outcomes.measures))
    height = 0.38
    for offset, name, colour in ((-height / 2, "Before", GREY), (height / 2, "After", BLUE)):
        values = [
            (m.mean_before if name == "Before" else m.mean_after) or 0.0 for m in outcomes.measures
        ]
        drawn = axes.barh(
            [p + offset for p in positions], values, height=height, color=colour, label=name
        )
        axes.bar_label(drawn, labels=[f"{v:.1f}" for v in values], padding=3, fontsize=8)
    axes.set_yticks(
        list(positions), [wrapped(f"{m.label} (n={m.pairs})") for m in outcomes.measures]
    )
    axes.invert_yaxis()
    axes.set_xlim(0, 10.8)
    axes.set_xlabel("Mean score out of 10 (for anxiety, lower is better)")
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    return png_bytes(figure)


def _bars(
    labels: Sequence[str],
    values: Sequence[float],
    texts: Sequence[str],
    colours: Sequence[str],
    base: str,
) -> bytes:
    figure, axes = new_figure(0.32 * max(1, len(labels)) + 1.0)
    drawn = axes.barh(range(len(labels)), values, color=list(colours), height=0.7)
    axes.bar_label(drawn, labels=list(texts), padding=3, fontsize=8, color=TEXT)
    axes.set_yticks(range(len(labels)), [wrapped(label) for label in labels])
    axes.invert_yaxis()
    axes.set_xlim(0, 118)
    axes.xaxis.set_major_formatter(lambda value, _position: f"{value:.0f}%")
    axes.set_xlabel(wrapped(base, 90))
    return png_bytes(figure)


def new_figure(height: float):  # -> tuple[Figure, Axes], kept untyped: matplotlib loads lazily
    """An A4-text-wide figure ``height`` inches high and its axes, in the house style."""
    # The object-oriented interface, without pyplot: no window system, no global state, safe
    # in a web worker.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(_WIDTH, max(1.6, height)), dpi=_DPI, layout="constrained")
    axes = figure.add_subplot()
    axes.tick_params(labelsize=8, colors=TEXT)
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.label.set_fontsize(8)
    return figure, axes


def png_bytes(figure) -> bytes:
    """The figure as a PNG on white."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()


def wrapped(text: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text
