"""Comparing two blind keyings of one paper form, answer by answer."""

from __future__ import annotations

from collections.abc import Iterable

from questionnaires import Questionnaire
from surveyapp.paper.values import Unit, comparable, grouped
from surveyapp.services.answers import GivenAnswer


def disagreements(
    definition: Questionnaire, first: Iterable[GivenAnswer], second: Iterable[GivenAnswer]
) -> list[tuple[Unit, list[dict], list[dict]]]:
    """Each unit (question, or grid cell) on which the two keyings differ, in printed order,
    with both values. Spacing inside typed text does not count as a difference."""
    one, two = grouped(definition, first), grouped(definition, second)
    found = []
    for unit in one.keys() | two.keys():
        a, b = one.get(unit, []), two.get(unit, [])
        if comparable(a) != comparable(b):
            found.append((unit, a, b))
    order = {unit: i for i, unit in enumerate(one)}
    return sorted(found, key=lambda d: order.get(d[0], len(order)))
