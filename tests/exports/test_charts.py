"""Charts (plotly figures), checked through the figures' data and layout."""

from __future__ import annotations

import re

import pytest

from analysis.results import (
    AppendixTable,
    MeasureChange,
    Ons4Outcomes,
    RatingSummary,
    TableRow,
)
from exports.charts import (
    ONS4_TITLE,
    choice_bar,
    figure_html,
    figure_text,
    ons4_before_after,
    rating_diverging,
)
from tests.exports.samples import FILLING_IN_AS, OVERALL, proportion


def _measure(measure: str, label: str, before: float, after: float, low: float, high: float):
    return MeasureChange(
        measure=measure,
        label=label,
        pairs=20,
        mean_before=before,
        mean_after=after,
        mean_change=after - before,
        change_low=low,
        change_high=high,
        improved=proportion(12, 20),
        unchanged=proportion(5, 20),
        worse=proportion(3, 20),
        wilcoxon_statistic=30.0,
        p_value=0.01,
    )


ONS4 = Ons4Outcomes(
    measures=(
        _measure("life_satisfaction", "Life satisfaction", 5.0, 6.2, 0.5, 1.9),
        _measure("anxiety", "Anxiety", 5.5, 4.0, -2.0, -1.0),
        MeasureChange(
            measure="worthwhile",
            label="Worthwhile",
            pairs=0,
            mean_before=None,
            mean_after=None,
            mean_change=None,
            change_low=None,
            change_high=None,
            improved=None,
            unchanged=None,
            worse=None,
            wilcoxon_statistic=None,
            p_value=None,
        ),
    ),
    paired_participants=20,
    unpaired_before=("P01",),
    unpaired_after=(),
    without_code=2,
)


def test_choice_bar_values_labels_and_order() -> None:
    fig = choice_bar(FILLING_IN_AS)
    (bar,) = fig.data
    assert bar.orientation == "h"
    assert tuple(bar.x) == (44, 36, 20)
    assert tuple(bar.y) == ("A patient", "A carer", "Someone else")
    assert tuple(bar.text) == ("44% (38)", "36% (31)", "20% (17)")
    assert fig.layout.yaxis.autorange == "reversed"  # first row at the top, as in the table
    assert fig.layout.xaxis.ticksuffix == "%"


def test_choice_bar_title_and_base() -> None:
    fig = choice_bar(FILLING_IN_AS)
    assert fig.layout.title.text == "1. I am filling this in as"
    assert fig.layout.title.subtitle.text == "Base: 86"


def test_choice_bar_suppressed_rows_show_their_mark_and_text_is_escaped() -> None:
    table = AppendixTable(
        questionnaire="patient",
        question_id="other",
        number=None,
        title="Anything <else>?",
        rows=(
            TableRow("Yes", 80, 93, "80"),
            TableRow("<script>alert(1)</script>", None, None, "<5", "other_text"),
        ),
        base=86,
        multiple=True,
    )
    fig = choice_bar(table)
    (bar,) = fig.data
    assert tuple(bar.x) == (93, 0)
    assert tuple(bar.text) == ("93% (80)", "&lt;5")
    assert bar.y[1] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert fig.layout.title.text == "Anything &lt;else&gt;?"
    assert "more than one answer" in fig.layout.title.subtitle.text
    assert "<script>alert" not in figure_html(fig, include_plotlyjs=False)


def test_long_titles_wrap() -> None:
    text = figure_text("word " * 40)
    assert "<br>" in text
    assert all(len(line) <= 70 for line in text.split("<br>"))


def test_rating_diverging_bottom_left_top_right_middle_split() -> None:
    fig = rating_diverging(OVERALL)
    assert fig.layout.barmode == "relative"
    values: dict[str, list[float]] = {}
    for trace in fig.data:
        assert trace.orientation == "h"
        values.setdefault(trace.name, []).append(trace.x[0])
    assert values == {
        "Neither good nor poor": [-7.5, 7.5],
        "Poor": [-10],
        "Good": [35],
        "Very poor": [-5],
        "Very good": [35],
    }
    left = sum(x for trace in fig.data for x in trace.x if x < 0)
    right = sum(x for trace in fig.data for x in trace.x if x > 0)
    assert left == -(5 + 10 + 7.5)
    assert right == 35 + 35 + 7.5


def test_rating_diverging_stacks_outwards_from_zero() -> None:
    names = [trace.name for trace in rating_diverging(OVERALL).data]
    # the milder box sits next to zero, the extreme one outside it
    assert names.index("Poor") < names.index("Very poor")
    assert names.index("Good") < names.index("Very good")


def test_rating_diverging_legend_in_scale_order_once_each() -> None:
    fig = rating_diverging(OVERALL)
    shown = sorted(
        (trace.legendrank, trace.name) for trace in fig.data if trace.showlegend is not False
    )
    assert [name for _, name in shown] == [label for label, _, _ in OVERALL.distribution]


def test_rating_diverging_title_and_base() -> None:
    fig = rating_diverging(OVERALL)
    assert fig.layout.title.text == "Overall, how would you rate the service?"
    subtitle = fig.layout.title.subtitle.text
    assert "Base: 40" in subtitle
    assert "Very good + Good: 70%" in subtitle
    assert "3 not applicable" in subtitle


def test_rating_diverging_four_point_scale_has_no_middle() -> None:
    summary = RatingSummary(
        questionnaire="p",
        question_id="agree",
        title="I was listened to",
        distribution=(
            ("Strongly disagree", 1, 10),
            ("Disagree", 2, 20),
            ("Agree", 3, 30),
            ("Strongly agree", 4, 40),
        ),
        n=10,
        not_applicable=0,
        top_two=proportion(7, 10),
        bottom_two=proportion(3, 10),
        top_two_labels=("Strongly agree", "Agree"),
        bottom_two_labels=("Strongly disagree", "Disagree"),
        median_label="Agree",
    )
    xs = {trace.name: trace.x[0] for trace in rating_diverging(summary).data}
    assert xs == {"Strongly disagree": -10, "Disagree": -20, "Agree": 30, "Strongly agree": 40}


def test_ons4_means_before_and_after_with_pairs() -> None:
    fig = ons4_before_after(ONS4)
    before, after = fig.data
    assert (before.name, after.name) == ("Before", "After")
    assert tuple(before.y) == (5.0, 5.5, None)
    assert tuple(after.y) == (6.2, 4.0, None)
    assert all("n=" in label for label in before.x)
    assert "(n=20)" in before.x[0].replace("<br>", " ")
    assert tuple(after.text) == ("6.2", "4.0", "")
    assert fig.layout.title.text == ONS4_TITLE
    assert fig.layout.yaxis.range == (0, 10.5)


def test_ons4_error_bars_are_the_change_interval_from_the_before_mean() -> None:
    after = ons4_before_after(ONS4).data[1]
    plus, minus = after.error_y.array, after.error_y.arrayminus
    # life satisfaction: before 5.0 + [0.5, 1.9] = [5.5, 6.9] around an after mean of 6.2
    assert plus[0] == pytest.approx(0.7)
    assert minus[0] == pytest.approx(0.7)
    # anxiety: 5.5 + [-2.0, -1.0] = [3.5, 4.5] around 4.0
    assert plus[1] == pytest.approx(0.5)
    assert minus[1] == pytest.approx(0.5)
    assert plus[2] is None and minus[2] is None


def test_figure_html_inlines_plotly_only_when_asked() -> None:
    fig = choice_bar(FILLING_IN_AS)
    with_js = figure_html(fig, include_plotlyjs=True, div_id="chart-1")
    without = figure_html(fig, include_plotlyjs=False, div_id="chart-2")
    assert with_js.count("plotly.js v") == 1
    assert "plotly.js v" not in without
    assert 'id="chart-2"' in without and "Plotly.newPlot" in without
    for fragment in (with_js, without):
        assert "<html" not in fragment
        assert re.search(r"<script[^>]*\ssrc=", fragment) is None  # nothing fetched
    assert "cdn.plot.ly" not in without
