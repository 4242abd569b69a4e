"""CSV files staff open in a spreadsheet.

Text typed by the public goes into these files; a cell that starts like a formula (``=``, ``+``,
``-``, ``@``, tab, carriage return) would be run by Excel or LibreOffice, so it is written with a
leading apostrophe, which spreadsheets show as text (OWASP's advice for CSV injection).
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def shown_not_run(value: object) -> object:
    """``value`` made safe to open in a spreadsheet (text only; numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_csv(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text, every text cell safe to open in a spreadsheet; ``frame`` unchanged."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(shown_not_run)
    return safe.to_csv(index=False)
