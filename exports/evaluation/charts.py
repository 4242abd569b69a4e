"""A service evaluation's charts as pictures (PNG), each with its words for screen readers: the
same picture goes in the HTML report and the Word one. Drawn with matplotlib in the process in
the house style of :mod:`exports.chart_images` (GOV.UK blue and grey, readable in black and
white, the base printed on the chart)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.service.evaluation import Evaluation
from exports.chart_images import BLUE, GREY, TEXT, new_figure, ons4_png, png_bytes, wrapped
from exports.chart_text import ons4_alt

__all__ = ["Chart", "evaluation_charts"]


@dataclass(frozen=True)
class Chart:
    """A chart: its picture, its words (which include every number drawn) and the section of
    the report it belongs to."""

    section: str
    png: bytes
    alt: str


def _counted(
    labels: Sequence[str], counts: Sequence[int], base: str, *, shares: Sequence[float] = ()
) -> bytes:
    """Horizontal bars of counts, labelled "38" or, with ``shares``, "44% (38)"."""
    figure, axes = new_figure(0.32 * max(1, len(labels)) + 1.0)
    drawn = axes.barh(range(len(labels)), list(counts), color=BLUE, height=0.7)
    texts = [
        f"{round(100 * share)}% ({count:,})" if shares else f"{count:,}"
        for count, share in zip(counts, shares or [0.0] * len(counts), strict=True)
    ]
    axes.bar_label(drawn, labels=texts, padding=3, fontsize=8, color=TEXT)
    axes.set_yticks(range(len(labels)), [wrapped(label) for label in labels])
    axes.invert_yaxis()
    axes.set_xlim(0, max([*counts, 1]) * 1.25)
    axes.xaxis.get_major_locator().set_params(integer=True)  # whole people and referrals
    axes.set_xlabel(wrapped(base, 90))
    return png_bytes(figure)


def _listed(labels: Sequence[str], counts: Sequence[int]) -> str:
    return "; ".join(f"{label}: {count:,}" for label, count in zip(labels, counts, strict=True))


def _by_month(evaluation: Evaluation) -> Chart:
    months = evaluation.by_month
    labels = [str(m) for m in months.index]
    referred, declined = months["referrals"].tolist(), months["declined"].tolist()
    figure, axes = new_figure(2.8)
    short = [pd.Timestamp(f"1 {m}").strftime("%b %y") for m in labels]
    axes.bar(short, referred, color=BLUE, label="Referred")
    axes.bar(short, declined, bottom=referred, color=GREY, label="Declined")
    axes.tick_params(axis="x", labelrotation=45)
    axes.set_ylabel("Referrals", fontsize=8)
    # Room above the tallest bar for the key, and whole referrals on the axis.
    axes.set_ylim(0, max([*months["total"].tolist(), 1]) * 1.3)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="upper right", ncols=2, fontsize=8, frameon=False)
    axes.set_xlabel(f"Base: {int(months['total'].sum()):,} referrals, {evaluation.period}")
    words = "; ".join(
        f"{m}: {r:,} referred, {d:,} declined"
        for m, r, d in zip(labels, referred, declined, strict=True)
    )
    return Chart("referrals", png_bytes(figure), f"Bar chart of referrals by month: {words}.")


def _by_pcn(evaluation: Evaluation) -> Chart:
    pcns = evaluation.by_pcn
    labels, totals = [str(p) for p in pcns.index], pcns["total"].tolist()
    base = f"Base: {sum(totals):,} referrals (declined included), {evaluation.period}"
    png = _counted(labels, totals, base)
    return Chart("referrals", png, f"Bar chart of referrals by PCN: {_listed(labels, totals)}.")


def _waits(evaluation: Evaluation) -> Chart:
    labels = [band for band, _ in evaluation.wait_bands]
    counts = [count for _, count in evaluation.wait_bands]
    base = f"Base: {evaluation.waits.n:,} referrals contacted, {evaluation.period}"
    png = _counted(labels, counts, base)
    return Chart(
        "waits", png, f"Bar chart of the wait to first contact: {_listed(labels, counts)}."
    )


def _caseloads(evaluation: Evaluation) -> Chart:
    monthly = evaluation.caseload_by_month
    short = [pd.Timestamp(f"1 {m}").strftime("%b %y") for m in monthly["month"]]
    figure, axes = new_figure(2.6)
    caseload = monthly["caseload"].astype(float).round(1).tolist()
    axes.plot(short, caseload, color=BLUE, marker="o", label="Average caseload")
    capacity = monthly["capacity"].astype("Float64")
    has_capacity = bool(capacity.notna().any())
    if has_capacity:
        axes.plot(
            short,
            capacity.astype(float).tolist(),
            color=TEXT,
            linestyle="--",
            label="Average capacity",
        )
    axes.set_ylim(0, max([*caseload, *(capacity.dropna().tolist() or [0]), 1]) * 1.2)
    axes.tick_params(axis="x", labelrotation=45)
    axes.set_ylabel("People per link worker", fontsize=8)
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    workers = evaluation.table("Caseload per link worker and month")
    if workers is not None:
        count = workers.frame["link_worker"].nunique()
        axes.set_xlabel(f"Base: {count:,} link workers, {evaluation.period}")
    words = "; ".join(
        f"{m}: {c:g}" + (f" (capacity {float(k):g})" if has_capacity and pd.notna(k) else "")
        for m, c, k in zip(monthly["month"], caseload, capacity, strict=True)
    )
    return Chart(
        "caseloads",
        png_bytes(figure),
        f"Line chart of the average caseload per link worker by month: {words}.",
    )


def _support(evaluation: Evaluation) -> Chart:
    support = evaluation.support
    labels = [band for band, _ in support.bands]
    counts = [count for _, count in support.bands]
    base = f"Base: {support.n:,} referrals discharged; {support.still_open:,} still supported"
    png = _counted(labels, counts, base)
    return Chart("support", png, f"Bar chart of length of support: {_listed(labels, counts)}.")


def _needs(evaluation: Evaluation) -> Chart:
    needs = evaluation.needs.head(12)
    labels, counts = [str(n) for n in needs.index], needs["people"].tolist()
    shares = needs["share"].astype(float).tolist()
    base = f"Base: {evaluation.needs.attrs['n']:,} people referred; a person can have several"
    png = _counted(labels, counts, base, shares=shares)
    words = "; ".join(
        f"{label}: {round(100 * share)}% ({count:,})"
        for label, count, share in zip(labels, counts, shares, strict=True)
    )
    return Chart("needs", png, f"Bar chart of people's needs: {words}.")


def evaluation_charts(evaluation: Evaluation) -> list[Chart]:
    """Every chart of the report that has something to draw, in the report's order."""
    charts = []
    if int(evaluation.by_month["total"].sum()):
        charts += [_by_month(evaluation), _by_pcn(evaluation)]
    if evaluation.waits.n:
        charts.append(_waits(evaluation))
    if not evaluation.caseload_by_month.empty:
        charts.append(_caseloads(evaluation))
    if evaluation.support.n:
        charts.append(_support(evaluation))
    if not evaluation.needs.empty:
        charts.append(_needs(evaluation))
    if evaluation.outcomes is not None and evaluation.outcomes.paired_participants:
        outcomes = evaluation.outcomes
        charts.append(Chart("outcomes", ons4_png(outcomes), ons4_alt(outcomes)))
    return charts
