"""Reference data a service evaluation may load beside its records, read from a table: the
practices (with their PCN and registered list size), the link workers (with their capacity) and
the area's population per characteristic. Each row is read or named as a problem."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from analysis.service.reach import CHARACTERISTICS
from questionnaires.text import composed, control_character_problem
from surveyapp.importing.cells import CellError, parse_text, quoted_start
from surveyapp.importing.read import Table
from surveyapp.importing.rows import ImportProblem

__all__ = ["KINDS", "ReferencePlan", "plan_reference"]

#: Each kind of list: its columns (the first names the row), which are counts, which needed.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "practices": (("practice", "pcn", "list_size"), ("list_size",), ("practice",)),
    "link-workers": (("link_worker", "capacity"), ("capacity",), ("link_worker",)),
    "population": (
        ("characteristic", "category", "people"),
        ("people",),
        ("characteristic", "category", "people"),
    ),
}


@dataclass
class ReferencePlan:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def plan_reference(table: Table, kind: str) -> ReferencePlan:
    """The rows of a ``kind`` list (see :data:`KINDS`), or what to fix in each."""
    columns, counts, needed_columns = KINDS[kind]
    plan = ReferencePlan()
    where = {_key(name): index for index, name in enumerate(table.header)}
    for needed in needed_columns:
        if needed not in where:
            plan.problems.append(
                ImportProblem(1, "", f"No {needed} column: a {kind} list has {', '.join(columns)}")
            )
    if plan.problems:
        return plan
    seen: set[tuple[str, ...]] = set()
    for row in table.rows:
        record: dict[str, Any] = {}
        try:
            for name in columns:
                raw = row.cells[where[name]] if name in where else ""
                record[name] = _value(name, raw, name in counts, required=name in needed_columns)
            if kind == "population" and record["characteristic"] not in CHARACTERISTICS:
                raise CellError(
                    f"'{record['characteristic']}' is not one of {', '.join(CHARACTERISTICS)}"
                )
        except CellError as exc:
            plan.problems.append(ImportProblem(row.number, "", str(exc)))
            continue
        identity = tuple(str(record[c]) for c in needed_columns if c not in counts)
        if identity in seen:
            plan.problems.append(
                ImportProblem(row.number, "", f"{' / '.join(identity)} is listed twice")
            )
            continue
        seen.add(identity)
        plan.rows.append(record)
    return plan


def _value(name: str, raw: str, count: bool, *, required: bool) -> Any:
    problem = control_character_problem(raw, name, multiline=False)
    if problem:
        raise CellError(problem)
    text = composed(raw).strip()
    if not text:
        if required:
            raise CellError(f"The {name.replace('_', ' ')} is empty")
        return None
    if count:
        plain = text.replace(",", "")
        if not (plain.isascii() and plain.isdigit()):
            raise CellError(
                f"{name.replace('_', ' ')} '{quoted_start(text)}' is not a whole number"
            )
        if name != "people" and int(plain) == 0:
            raise CellError(f"A {name.replace('_', ' ')} of 0 cannot be: leave it empty if unknown")
        return int(plain)
    if name == "characteristic":
        return _key(text)
    return parse_text(text, 255)
