"""What every part of reading an XLSForm shares: the workbook's rows, the problems and notes
found so far (each by sheet, row and column), its languages, and our ids for its names; and the
types and words the parts read by."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pyxform import aliases

from questionnaires.xlsform import columns as c
from questionnaires.xlsform.expressions import QuestionInfo
from questionnaires.xlsform.result import XLSFormProblem

__all__ = [
    "CODE",
    "ID",
    "METADATA_TYPES",
    "OTHER_LABEL",
    "SIMPLE_TYPES",
    "SKIPPED_WITH_NOTE",
    "SheetReader",
    "yes_or_no",
]

ID = re.compile(r"^[a-z][a-z0-9_]*$")

CODE = re.compile(r"^[A-Za-z0-9_.+-]+$")

#: Types that record something about the filling in, not an answer: passed over.
METADATA_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "start-geopoint",
        "background-audio",
        "background-geopoint",
        "imei",
        "uri:email",
        "uri:phonenumber",
        "uri:username",
        "uri:deviceid",
        "uri:subscriberid",
        "uri:simserial",
    }
)

#: Types read into ours (besides selects and groups).
SIMPLE_TYPES = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "note",
    "range": "range",
}

SKIPPED_WITH_NOTE = frozenset({"calculate", "hidden"})

OTHER_LABEL = "Other (please specify)"


def yes_or_no(value: str | None) -> bool | None:
    if value is None:
        return None
    return aliases.yes_no.get(value.strip())


class SheetReader:
    """The state of one workbook's reading; the parts build on it (choices, questions, grids,
    then the survey sheet in ``reading``)."""

    def __init__(self, book: Mapping[str, Any], stem: str) -> None:
        self.book = book
        self.stem = stem
        self.problems: list[XLSFormProblem] = []
        self.notes: list[XLSFormProblem] = []
        self.settings: dict[str, str] = dict((book.get("settings") or [{}])[0] or {})
        headers = {
            sheet: list((book.get(f"{sheet}_header") or [{}])[0] or {})
            for sheet in ("survey", "choices")
        }
        self.survey_columns = headers["survey"]
        self.language, self.label_column, self.languages = self.languages_of(
            headers["survey"] + headers["choices"]
        )
        # Question names read so far -> (our id, what it is), for conditions.
        self.known: dict[str, tuple[str, QuestionInfo]] = {}
        self.ids: dict[str, str] = {}  # our id -> the name it came from
        self.rows: dict[str, int] = {}  # our id -> its row, to place the meaning checks' problems
        self.questions: dict[str, dict[str, Any]] = {}

    def problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(XLSFormProblem(sheet, row, column, message))

    def note(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.notes.append(XLSFormProblem(sheet, row, column, message))

    def languages_of(self, headers: list[str]) -> tuple[str | None, str, list[str]]:
        """(our ``language``, the label column of it, the other languages)."""
        found: list[str] = []
        for header in headers:
            base, _, spoken = header.partition("::")
            if base in c.TRANSLATED_SURVEY and spoken and spoken not in found:
                found.append(spoken)
        default = self.settings.get(c.DEFAULT_LANGUAGE)
        if default and default in found:
            language: str | None = default
        elif c.LABEL in headers or not found:
            language = None
        else:
            language = found[0]
        others = [f for f in found if f != language]
        return language, c.translated(c.LABEL, language), others

    def words(self, row: Mapping[str, str], column: str, key: str) -> tuple[str | None, dict]:
        """The default language's words in ``column`` and the translations of ``key``."""
        text = row.get(c.translated(column, self.language))
        if text is None and self.language is not None:
            text = row.get(column)
        translations = {
            language: {key: row[c.translated(column, language)]}
            for language in self.languages
            if row.get(c.translated(column, language))
        }
        return text, translations

    def translations(self, *parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        merged: dict[str, dict[str, str]] = {}
        for part in parts:
            for language, words in part.items():
                merged.setdefault(language, {}).update(words)
        return {language: merged[language] for language in self.languages if language in merged}

    def our_id(self, name: str, sheet: str, row: int) -> str:
        """Our id for an XLSForm name (lower case, ``_`` for other characters), noted when it
        differs."""
        ours = re.sub(r"[^a-z0-9_]", "_", name.lower())
        if not ours[:1].isalpha():
            ours = f"q_{ours}"
        if ours != name:
            self.note(sheet, row, c.NAME, f"'{name}' is read as the id '{ours}'")
        return ours
