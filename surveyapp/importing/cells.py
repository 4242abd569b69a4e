"""One spreadsheet cell read as the answer to one question, as a keyer would mean it.

Choice cells hold option codes or printed labels (case, spacing and ``_`` forgiven), numbers are
written as on the online form, dates as 27/03/2023 or 2023-03-27. :func:`cell_answers` raises
:class:`CellError` with a message that quotes the cell and says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata

from questionnaires.answers import STATE_LABELS, UNCLEAR_STATES, AnswerState, GivenAnswer
from questionnaires.model import Question
from surveyapp.models.evaluation import DATE_ORDERS

#: Words a keyer writes for a box that cannot be read as one answer, in any question.
STATES: dict[str, AnswerState] = {STATE_LABELS[state].lower(): state for state in UNCLEAR_STATES}
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
ISO_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
DMY_DATE = re.compile(
    r"^(\d{1,2})[/.\- ]+(\d{1,2})[/.\- ]+(\d+)(?:[T ]+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
YMD_DATE = re.compile(
    r"^(\d{4})[/.\- ]+(\d{1,2})[/.\- ]+(\d{1,2})(?:[T ]+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
#: Each of :data:`DATE_ORDERS` (how a file writes its dates: ``day-first`` 27/03/2023, as here;
#: ``month-first`` 03/27/2023, as a system set up in the USA exports; ``year-first``) in words,
#: with an example, for messages. A four-digit year first is read in every order: it cannot be
#: misread.
_DATE_WRITING = dict(
    zip(
        DATE_ORDERS,
        (
            ("day, month and year", "27/03/2023"),
            ("month, day and year", "03/27/2023"),
            ("year, month and day", "2023-03-27"),
        ),
        strict=True,
    )
)
SHOWN_CODES = 10  # options listed in a message
#: Each of :data:`DATE_ORDERS` as a form offers it to the person setting up a source.
DATE_ORDER_CHOICES = tuple(
    zip(
        DATE_ORDERS,
        (
            "Day first, like 27/03/2023",
            "Month first, like 03/27/2023",
            "Year first, like 2023-03-27 or 2023/03/27",
        ),
        strict=True,
    )
)


class CellError(ValueError):
    """A cell that cannot be read; the message quotes it and says what to write."""


def cell_answers(question: Question, item: str, text: str) -> list[GivenAnswer]:
    """The answers one cell gives to ``question`` (``item``: a grid cell's "row.column")."""
    state = STATES.get(" ".join(text.lower().split()))
    if state:
        return [GivenAnswer(question.id, item=item, state=state)]
    kind = question.type
    if kind == "multiple":
        return [GivenAnswer(question.id, value_code=c) for c in _choices(question, text)]
    if kind in ("single", "scale"):
        return [GivenAnswer(question.id, value_code=_choice(question, text))]
    if kind == "range":
        point = _range_point(question, text)
        return [GivenAnswer(question.id, value_code=str(point), number=float(point))]
    if kind in ("number", "grid"):
        return [GivenAnswer(question.id, item=item, number=_number(text, question.integer))]
    if kind == "date":
        return [GivenAnswer(question.id, date_value=parse_date(text))]
    return [GivenAnswer(question.id, text=parse_text(text, question.max_length))]


PUNCTUATION_SPACES = re.compile(r"\s*([^\w\s])\s*")
QUOTES_AND_DASHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-"})


@functools.lru_cache(maxsize=4096)
def norm(text: str) -> str:
    """Text as compared with codes and labels: case, spacing, ``_`` and quote styles forgiven."""
    text = unicodedata.normalize("NFKC", text).lower().replace("_", " ")
    text = PUNCTUATION_SPACES.sub(r"\1", text.translate(QUOTES_AND_DASHES))
    return " ".join(text.split())


_CODES: dict[int, tuple[Question, dict[str, str]]] = {}


def _option_codes(question: Question) -> dict[str, str]:
    """Compared text -> option code: codes, printed labels, and option numbers when safe.
    Kept per question object (hashing a whole question for every cell would be slow)."""
    cached = _CODES.get(id(question))
    if cached is not None and cached[0] is question:
        return cached[1]
    codes: dict[str, str] = {}
    for option in question.options:
        codes.setdefault(norm(option.code), option.code)
    for option in question.options:
        codes.setdefault(norm(option.label), option.code)
    if _numbers_are_safe(question, codes):
        for number, option in enumerate(question.options, start=1):
            codes[str(number)] = option.code
    _CODES[id(question)] = (question, codes)
    return codes


def _numbers_are_safe(question: Question, codes: dict[str, str]) -> bool:
    """Whether "3" can only mean the third box: no code or label is or starts with 1..n, and no
    scale value differs from its position (a "4" could then be read as either)."""
    count = len(question.options)
    if any(text.isdigit() for text in codes):
        return False
    for option in question.options:
        leading = re.match(r"\d+", option.label.strip())
        if leading and 1 <= int(leading.group()) <= count:
            return False
    return not any(
        o.value is not None and o.value != n for n, o in enumerate(question.options, start=1)
    )


def _unknown_option(question: Question, text: str) -> CellError:
    """The problem for a cell matching no option, listing the first codes."""
    codes = [o.code for o in question.options]
    shown = ", ".join(codes[:SHOWN_CODES]) + (", ..." if len(codes) > SHOWN_CODES else "")
    hint = ""
    numbered = str(len(codes)) in _option_codes(question)  # the boxes' numbers are accepted
    if text.isdigit() and numbered:
        hint = f" (the boxes are numbered 1 to {len(codes)})"
    elif text.isdigit():
        hint = " (an option's number is not accepted here, as it could be misread)"
    elif "," in text and question.type == "multiple":
        hint = " (separate ticked options with ;)"
    return CellError(
        f"'{quoted_start(text)}' is not an option of {who(question)}: write one of {shown}, or the "
        f"label as printed{hint}"
    )


def _choice(question: Question, text: str) -> str:
    """The one option code of a single choice or scale cell."""
    codes = _option_codes(question)
    if norm(text) in codes:
        return codes[norm(text)]  # norm is cached: the second call costs nothing
    parts = [p for p in (s.strip() for s in text.split(";")) if p]
    if len(parts) > 1:
        raise CellError(
            f"'{quoted_start(text)}' gives {len(parts)} options where one is asked: keep one, "
            "or write 'more than one ticked'"
        )
    if len(parts) == 1 and norm(parts[0]) in codes:
        return codes[norm(parts[0])]
    raise _unknown_option(question, text)


def _choices(question: Question, text: str) -> list[str]:
    """The ticked codes of a multiple choice cell (``;`` between them), in printed order."""
    codes = _option_codes(question)
    parts = [text] if norm(text) in codes else [p.strip() for p in text.split(";") if p.strip()]
    unknown = [p for p in parts if norm(p) not in codes]
    if unknown:
        raise _unknown_option(question, "; ".join(unknown))
    chosen = {codes[norm(p)] for p in parts}
    for option in question.options:
        if option.exclusive and option.code in chosen and len(chosen) > 1:
            raise CellError(
                f"'{option.label}' ({option.code}) cannot be ticked with other options: "
                f"keep it alone, or remove it from '{quoted_start(text)}'"
            )
    return [o.code for o in question.options if o.code in chosen]


def _range_point(question: Question, text: str) -> int:
    """A whole number from the range's min to max."""
    points = question.range_points()
    try:
        value = _number(text, integer=True)
    except CellError:
        value = math.nan
    if value not in points:
        raise CellError(
            f"'{quoted_start(text)}' is not a whole number from {points[0]} to {points[-1]}: "
            f"write one of {points[0]}, {points[1]}, ... {points[-1]}"
        )
    return int(value)


def _number(text: str, integer: bool) -> float:
    """A number written as on the online form: a point for decimals, commas between thousands.
    Numbers outside the question's bounds are kept (a data-quality rule flags them)."""
    raw = text.strip()
    if "," in raw:
        if not THOUSANDS.match(raw):
            raise CellError(
                f"'{quoted_start(text)}' is not a number as written: use a point for decimals, "
                "like 7.5, and commas only between thousands, like 1,234"
            )
        raw = raw.replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise CellError(f"'{quoted_start(text)}' is not a number: write the number, like 20")
    if integer and not value.is_integer():
        raise CellError(
            f"'{quoted_start(text)}' is not a whole number: this question takes whole "
            "numbers, like 20"
        )
    return value


def parse_date(text: str, order: str = "day-first") -> dt.date:
    """A date as 2023-03-27 (or 2023/03/27), or with the year last in the file's ``order``
    (:data:`DATE_ORDERS`): ``day-first`` 27/03/2023 or 27 3 2023, ``month-first`` 03/27/2023;
    ``year-first`` takes only the year first. A time after it is ignored."""
    words, example = _DATE_WRITING[order]
    stripped = text.strip()
    year_first = ISO_DATE.match(stripped) or YMD_DATE.match(stripped)
    yearless = DMY_DATE.match(stripped)
    if yearless and order == "year-first":
        raise CellError(
            f"'{quoted_start(text)}' does not start with its year, as this file's dates do: "
            f"write {words}, like {example}"
        )
    if yearless and len(yearless.group(3)) == 2:
        raise CellError(
            f"'{quoted_start(text)}' has a two-digit year: write the year in full, like {example}"
        )
    try:
        if year_first:
            return dt.date(*(int(year_first.group(n)) for n in (1, 2, 3)))
        if yearless and len(yearless.group(3)) == 4:
            first, second = int(yearless.group(1)), int(yearless.group(2))
            day, month = (first, second) if order == "day-first" else (second, first)
            return dt.date(int(yearless.group(3)), month, day)
    except ValueError:
        raise CellError(
            f"'{quoted_start(text)}' is not a real date: write {words}, like {example}"
        ) from None
    raise CellError(
        f"'{quoted_start(text)}' is not a date: write {words}, like {example}"
        + (" (or 2023-03-27)" if order != "year-first" else "")
    )


def parse_text(text: str, max_length: int | None) -> str:
    """Text as written (outer spaces removed), within ``max_length`` characters."""
    text = text.strip()
    if max_length is not None and len(text) > max_length:
        raise CellError(
            f"'{quoted_start(text)}' is {len(text)} characters long; at most {max_length} are "
            "taken here: shorten it"
        )
    return text


def quoted_start(text: str, length: int = 40) -> str:
    """The start of a long cell, to quote it in a message."""
    return text if len(text) <= length else text[: length - 3].rstrip() + "..."


def who(question: Question) -> str:
    """How a message names a question: ``question 1 (referred_by)``, or its id."""
    return f"question {question.number} ({question.id})" if question.number else question.id
