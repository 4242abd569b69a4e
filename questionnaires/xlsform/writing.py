"""Our definition -> XLSForm workbook (in progress: the names are the contract)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def write_xlsform(definition: Mapping[str, Any]) -> bytes:
    """The definition as an XLSForm workbook (.xlsx bytes)."""
    raise NotImplementedError("XLSForm writing is not ready yet")
