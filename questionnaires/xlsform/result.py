"""What reading an XLSForm gives back: the definition, or every problem by sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class XLSFormProblem:
    """One thing to fix in the workbook. ``row`` is the row as Excel numbers it (the header is
    row 1); ``row`` and ``column`` are None when the problem is the whole sheet or workbook."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"{self.sheet} sheet"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class XLSFormResult:
    """``definition`` is the dict a definition file loads into (valid by ``schema.json`` and the
    meaning checks), or None when there are ``problems``. ``notes`` say what was read in a way
    the person may not expect (a version that is not a small whole number, a name renamed)
    without stopping the import."""

    definition: dict[str, Any] | None
    problems: list[XLSFormProblem] = field(default_factory=list)
    notes: list[XLSFormProblem] = field(default_factory=list)
