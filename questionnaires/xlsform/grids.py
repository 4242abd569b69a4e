"""A grid in an XLSForm: a group of number questions named ``<grid>__<row>__<column>``, read
back into one grid of ours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.xlsform import columns as c
from questionnaires.xlsform.questions import QuestionReader
from questionnaires.xlsform.sheets import SIMPLE_TYPES

__all__ = ["GridReader"]


class GridReader(QuestionReader):
    """Recognises a grid's group and reads it whole."""

    def is_grid(self, rows: list[tuple[int, Any]], position: int, row: Mapping[str, str]) -> bool:
        name = row.get(c.NAME) or ""
        following: Mapping[str, str] = next((r for _, r in rows[position:] if r), {})
        return bool(name) and (following.get(c.NAME) or "").startswith(name + c.GRID_SEPARATOR)

    def grid(
        self,
        rows: list[tuple[int, Any]],
        position: int,
        row: Mapping[str, str],
        number: int,
        stack: list[dict[str, Any]],
        sections: list[dict[str, Any]],
    ) -> int:
        """A group of cells ``<grid>__<row>__<column>``; returns the position after its end."""
        question = self.common(row, number, stack)
        name = row.get(c.NAME) or ""
        grid_rows: dict[str, str] = {}
        grid_columns: dict[str, str] = {}
        cells: set[tuple[str, str]] = set()
        kinds: set[str] = set()
        constraints: set[str] = set()
        while position < len(rows):
            index, cell = rows[position]
            position += 1
            if not cell:
                continue
            cell_type = (cell.get(c.TYPE) or "").strip().lower()
            if cell_type.startswith("end"):
                break
            parts = (cell.get(c.NAME) or "").split(c.GRID_SEPARATOR)
            if (
                len(parts) != 3
                or parts[0] != name
                or SIMPLE_TYPES.get(cell_type)
                not in (
                    "integer",
                    "decimal",
                )
            ):
                self.problem(
                    "survey",
                    index + 2,
                    c.NAME,
                    f"a grid's cells are integer or decimal questions named "
                    f"{name}__<row>__<column>",
                )
                continue
            for axis, column, key in (
                (grid_rows, c.GRID_ROW, parts[1]),
                (grid_columns, c.GRID_COLUMN, parts[2]),
            ):
                axis.setdefault(key, cell.get(column) or key)
            cells.add((parts[1], parts[2]))
            kinds.add(SIMPLE_TYPES[cell_type])
            constraints.add(cell.get(c.CONSTRAINT) or "")
        if question is None:
            return position
        if len(cells) != len(grid_rows) * len(grid_columns) or len(kinds) > 1:
            self.problem(
                "survey",
                number,
                c.NAME,
                f"grid '{name}' needs one cell for every row and column, all integer or all "
                "decimal",
            )
            return position
        question["type"] = "grid"
        question["rows"] = [{"id": k, "label": v} for k, v in grid_rows.items()]
        question["columns"] = [{"id": k, "label": v} for k, v in grid_columns.items()]
        kind = kinds.pop()
        if len(constraints) > 1:
            self.problem("survey", number, c.CONSTRAINT, "a grid's cells share one constraint")
        elif constraints and (expression := constraints.pop()):
            self.bounds(question, expression, kind, number)
        if kind == "decimal":
            question["integer"] = False
        if row.get(c.UNIT):
            question["unit"] = row[c.UNIT]
        self.add(sections[-1], question, number, ("grid", ()), row)
        return position
