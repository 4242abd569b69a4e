"""An XLSForm's column headers as the specification lets people write them, made into one
spelling before they are read: any case (``LABEL::EN``), the older single colon before a
language (``label:english``, only in a sheet with no ``::``), spaces for underscores
(``list name``), and pyxform's aliases of the columns we read (``caption`` for ``label``,
``relevance`` for ``relevant`` ...). A column we do not read is left as written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pyxform import aliases
from pyxform.parsing.sheet_headers import to_snake_case

from questionnaires.xlsform import columns as c

__all__ = ["canonical_headers"]

#: The columns each sheet is read by (after any language): their one spelling.
_KNOWN = {
    "survey": {
        c.TYPE, c.NAME, c.LABEL, c.HINT, c.REQUIRED, c.RELEVANT, c.CONSTRAINT, c.APPEARANCE,
        c.PARAMETERS, c.NUMBER, c.LAYOUT, c.UNIT, c.MIN_LABEL, c.MAX_LABEL, c.KEY_QUESTION,
        c.REPLACES, c.GRID_ROW, c.GRID_COLUMN, c.SECTION_KIND, c.RETENTION_DAYS,
        "constraint_message", "required_message", "calculation", "default", "choice_filter",
    },
    "choices": {
        c.LIST_NAME, c.NAME, c.LABEL, c.SCALE_VALUE, c.NOT_APPLICABLE, c.EXCLUSIVE, c.WRITE_IN,
        c.TABLE_LABEL,
    },
    "settings": {
        c.FORM_TITLE, c.FORM_ID, c.VERSION, c.DEFAULT_LANGUAGE, c.DESCRIPTION, c.FORM_KIND,
        c.RESPONDENTS, c.ALLOW_DUPLICATE_NUMBERS, c.PARTICIPANT_CODE, c.TIMEPOINTS, c.CHANNELS,
    },
}  # fmt: skip


def _aliases(table: Mapping[str, Any], known: set[str]) -> dict[str, str]:
    """pyxform's aliases of a sheet's columns that name one we read: a target of pyxform's
    own grouping, like ("bind", "relevant"), names its last part."""
    found = {}
    for alias, target in table.items():
        name = target if isinstance(target, str) else target[-1]
        if name in known and alias not in known:
            found[alias] = name
    return found


_ALIASES = {
    "survey": _aliases(aliases.survey_header, _KNOWN["survey"]),
    "choices": {**_aliases(aliases.list_header, _KNOWN["choices"]), "list_name": c.LIST_NAME},
    "settings": {},
}


def canonical_headers(book: Mapping[str, Any]) -> dict[str, Any]:
    """``book`` (pyxform's ``xlsx_to_dict``) with the survey, choices and settings sheets'
    headers, in their rows and ``<sheet>_header``, spelled one way."""
    out = dict(book)
    for sheet, known in _KNOWN.items():
        rows = book.get(sheet) or []
        header_rows = book.get(f"{sheet}_header") or []
        headers = _headers(header_rows, rows)
        double = any("::" in header for header in headers)
        spelled = {h: _spelled(h, double, known, _ALIASES[sheet]) for h in headers}
        out[sheet] = [{spelled.get(k, k): v for k, v in row.items()} for row in rows]
        if header_rows:
            out[f"{sheet}_header"] = [dict.fromkeys(spelled.values())]
    return out


def _headers(header_rows: list[Mapping[str, Any]], rows: Iterable[Mapping[str, Any]]) -> list:
    headers = list((header_rows[0] if header_rows else {}) or {})
    for row in rows:
        headers += [key for key in row if key not in headers]
    return headers


def _spelled(header: str, double: bool, known: set[str], alias: Mapping[str, str]) -> str:
    """One header's spelling: its column (known, or left as written) and its language."""
    column, sep, language = header.partition("::") if double else header.partition(":")
    name = to_snake_case(column)
    name = alias.get(name, alias.get(" ".join(column.lower().split()), name))
    if name not in known:
        return header
    return f"{name}::{language.strip()}" if sep and language.strip() else name
