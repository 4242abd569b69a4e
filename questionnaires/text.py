"""One rule for every piece of text a person sends, on every form and in every import.

Text is stored in Unicode's composed form (NFC: an accent typed as a letter and a combining
mark becomes the one accented letter, so the same word is the same text in every count and
search); it arrives so from the browser (``surveyapp.web.inputs`` composes every field and
query argument). Control characters are refused, naming the box they are in: NUL cannot be
stored by PostgreSQL and the others are invisible, so they are never an answer, only debris
from copying and pasting. Tab and new lines are text where the box has several lines.
"""

from __future__ import annotations

import re
import unicodedata

#: C0 controls and DEL; tab, line feed and carriage return are allowed in multi-line boxes.
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def composed(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def control_character_problem(text: str, what: str, *, multiline: bool) -> str | None:
    """What to tell the person when ``text`` (the box called ``what``) holds a control
    character; None when it holds none."""
    found = (_CONTROL_IN_LINES if multiline else _ANY_CONTROL).search(text)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "") or {"\x00": "NULL"}.get(char, "a control character")
    return (
        f"{what} holds an invisible character (U+{ord(char):04X} {name}), perhaps from "
        "copying and pasting: delete it, or type the text again"
    )
