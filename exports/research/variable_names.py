"""Variable names for the files researchers open in SPSS, Stata or R, and labels cut to fit them.

A variable is named from a question id (``referred_by``), an id and an option code
(``referred_by_gp``), ``<id>_other`` for what was written beside "Other", or an id, row and
column of a grid (``splw_hours_monday_in_person``). Each format has its own rules:

- SPSS: at most 64 bytes, a letter first, then letters, digits and ``_``; names compared without
  case; not one of its keywords (``all``, ``and``, ``by``, ``eq``, ``ge``, ``gt``, ``le``,
  ``lt``, ``ne``, ``not``, ``or``, ``to``, ``with``), which its syntax cannot name.
- Stata: at most 32 characters (less the digits of the variables' count: pyreadstat names a
  variable's value labels after it and a number, within the same 32), and not one of its
  reserved words (``in``, ``if``, ``byte``, ``_n``, ``str5`` ...).
- CSV: no limit; names only made unique.

:func:`variable_names` makes every name legal and unique: characters other than ASCII letters,
digits and ``_`` become ``_``, a name not starting with a letter gets a ``v`` in front, a
reserved word gets ``_`` after it, a long name is cut, and a name already taken is cut further
to end in ``_2``, ``_3`` ... The labels say the full name of a variable whose name changed
(:func:`named_label`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "CSV_NAMES",
    "SPSS_NAMES",
    "STATA_NAMES",
    "NameRules",
    "fitted",
    "named_label",
    "variable_names",
]

_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")
#: The end of a label cut short.
CUT = "…"


@dataclass(frozen=True)
class NameRules:
    """A format's rules for names: the longest (in characters: every name made here is ASCII,
    so characters are bytes), the words it keeps for itself, and whether names differ only by
    case count as one."""

    longest: int
    reserved: frozenset[str] = frozenset()
    reserved_pattern: re.Pattern[str] | None = None
    case_blind: bool = False

    def is_reserved(self, name: str) -> bool:
        key = name.casefold() if self.case_blind else name
        return key in self.reserved or bool(
            self.reserved_pattern and self.reserved_pattern.fullmatch(name)
        )


SPSS_NAMES = NameRules(
    64,
    frozenset({"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"}),
    case_blind=True,
)
STATA_NAMES = NameRules(
    32,
    frozenset(
        [
            "_all",
            "_b",
            "byte",
            "_coef",
            "_cons",
            "double",
            "float",
            "if",
            "in",
            "int",
            "long",
            "_n",
            "_N",
            "_pi",
            "_pred",
            "_rc",
            "_skip",
            "strL",
            "using",
            "with",
        ]
    ),
    reserved_pattern=re.compile(r"str\d+"),
)
CSV_NAMES = NameRules(1_000_000)


def variable_names(wanted: Sequence[str], rules: NameRules) -> list[str]:
    """``wanted`` as names ``rules`` allow, in the same order, none twice; a name already
    legal and free is kept as it is."""
    taken: set[str] = set()
    names = []
    for want in wanted:
        base = _NOT_NAME.sub("_", want)
        if not base[:1].isalpha():
            base = f"v{base}"
        if rules.is_reserved(base):
            base = f"{base}_"
        name = base[: rules.longest]
        number = 1
        while _key(name, rules) in taken or rules.is_reserved(name):
            number += 1
            tail = f"_{number}"
            name = base[: rules.longest - len(tail)] + tail
        taken.add(_key(name, rules))
        names.append(name)
    return names


def _key(name: str, rules: NameRules) -> str:
    return name.casefold() if rules.case_blind else name


def fitted(text: str, limit: int, *, in_bytes: bool, keep: str = "") -> str:
    """``text + keep`` within ``limit`` (UTF-8 bytes when ``in_bytes``, else characters): when
    it is longer, ``text`` is cut on a character boundary and ends in "…", so that ``keep`` (a
    grid cell's row and column, an option's label) is still read in full; when even ``keep``
    is too long, the whole is cut."""

    def size(value: str) -> int:
        return len(value.encode("utf-8")) if in_bytes else len(value)

    whole = text + keep
    if size(whole) <= limit:
        return whole
    room = limit - size(CUT) - size(keep)
    if room < 0:
        return _cut(whole, limit - size(CUT), in_bytes=in_bytes) + CUT
    return _cut(text, room, in_bytes=in_bytes).rstrip() + CUT + keep


def _cut(text: str, room: int, *, in_bytes: bool) -> str:
    """The longest start of ``text`` within ``room`` (whole characters only)."""
    if room <= 0:
        return ""
    if in_bytes:  # cut the bytes, then drop a character cut in two
        return text.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return text[:room]


def named_label(label: str, wanted: str, name: str) -> str:
    """``label`` starting with the full name ``wanted`` when the file had to call it ``name``."""
    return label if name == wanted else f"{wanted}: {label}"
