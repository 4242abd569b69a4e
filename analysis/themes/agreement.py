"""How far coders agree: Cohen's kappa per theme between two people who coded the same answers
blind, and the precision and recall of the automatic codes against the human ones. These are
the figures the review page shows beside the codes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Codes = Mapping[int, Iterable[str]]  # answer id -> theme keys


@dataclass(frozen=True)
class ThemeAgreement:
    """Two coders on one theme over the answers both coded."""

    theme: str
    answers: int
    both: int  # answers both gave the theme
    first_only: int
    second_only: int
    kappa: float | None  # None when undefined (neither coder, or both, used it on every answer)


@dataclass(frozen=True)
class ThemeScore:
    """Automatic codes against human codes for one theme (``support``: human codes)."""

    theme: str
    precision: float | None
    recall: float | None
    f1: float | None
    support: int


def kappa(first: list[bool], second: list[bool]) -> float | None:
    """Cohen's kappa of two coders' yes/no decisions on the same answers (None if undefined:
    when both coders made one and the same decision on every answer, chance agreement is 1)."""
    from sklearn.metrics import cohen_kappa_score

    if not first or len(first) != len(second):
        return None
    if len(set(first) | set(second)) < 2:
        return None
    value = float(cohen_kappa_score(first, second))
    return None if value != value else value  # NaN: undefined


def theme_agreement(first: Codes, second: Codes, themes: Iterable[str]) -> list[ThemeAgreement]:
    """Per theme, the agreement of two blind coders over the answers both coded."""
    shared = sorted(set(first) & set(second))
    one = {a: set(first[a]) for a in shared}
    two = {a: set(second[a]) for a in shared}
    found = []
    for theme in themes:
        a = [theme in one[i] for i in shared]
        b = [theme in two[i] for i in shared]
        found.append(
            ThemeAgreement(
                theme=theme,
                answers=len(shared),
                both=sum(x and y for x, y in zip(a, b, strict=True)),
                first_only=sum(x and not y for x, y in zip(a, b, strict=True)),
                second_only=sum(y and not x for x, y in zip(a, b, strict=True)),
                kappa=kappa(a, b),
            )
        )
    return found


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None or precision + recall == 0:
        return None if precision is None or recall is None else 0.0
    return 2 * precision * recall / (precision + recall)


def machine_scores(machine: Codes, human: Codes, themes: Iterable[str]) -> list[ThemeScore]:
    """Per theme, precision and recall of the automatic codes over the answers people coded."""
    shared = sorted(set(machine) & set(human))
    scores = []
    for theme in themes:
        predicted = {a for a in shared if theme in set(machine[a])}
        actual = {a for a in shared if theme in set(human[a])}
        hit = len(predicted & actual)
        precision, recall = _ratio(hit, len(predicted)), _ratio(hit, len(actual))
        scores.append(ThemeScore(theme, precision, recall, _f1(precision, recall), len(actual)))
    return scores


def micro_scores(machine: Codes, human: Codes) -> ThemeScore:
    """Precision, recall and F1 over every code of every answer people coded (micro-average)."""
    shared = set(machine) & set(human)
    hit = sum(len(set(machine[a]) & set(human[a])) for a in shared)
    predicted = sum(len(set(machine[a])) for a in shared)
    actual = sum(len(set(human[a])) for a in shared)
    precision, recall = _ratio(hit, predicted), _ratio(hit, actual)
    return ThemeScore("all themes", precision, recall, _f1(precision, recall), actual)
