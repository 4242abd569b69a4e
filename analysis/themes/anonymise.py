"""Anonymisation of free-text answers before quotes leave the staff review page.

`Anonymiser.anonymise(text)` finds names, phone numbers, emails, postcodes, NHS numbers and dates
of birth, and replaces each with a readable marker ("Dr [name] was lovely", "call [phone]"). The
`Anonymised` result keeps every `Redaction` with its place in the original text, so staff can see
what was taken out. Markers the data owners left ("[name redacted]", "XXX") are left alone.

It is rules, not a model: regexes behind cheap prefilters (a text with no digit skips every
number rule, one with no "@" the email rule), `phonenumbers` for phone numbers, `nhs-number` for
the NHS number check digit, and word lists for names (see `analysis.themes.anonymise_names`).
A trained spaCy pipeline with an "ner" pipe, when given or installed, adds its PERSON entities.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import nhs_number
import phonenumbers

from analysis.themes.anonymise_names import (
    HONORIFICS,
    ROLE_TITLES,
    NameFinder,
    Span,
    default_lexicon,
)

MARKERS = {
    "name": "[name]",
    "phone": "[phone]",
    "email": "[email]",
    "postcode": "[postcode]",
    "nhs_number": "[NHS number]",
    "date_of_birth": "[date of birth]",
}
# When two candidates of the same length overlap, the more specific kind wins: an NHS number is
# also a possible phone number, an email holds what looks like a name.
_SPECIFICITY = {k: n for n, k in enumerate(("email", "nhs_number", "date_of_birth", "phone"))}


@dataclass(frozen=True)
class Redaction:
    """One identifier taken out: its place in the original text, its kind and what it was."""

    start: int
    end: int
    kind: str  # a key of MARKERS
    original: str


@dataclass(frozen=True)
class Anonymised:
    """A text with each identifier replaced by its marker, and the redactions made."""

    text: str
    redactions: tuple[Redaction, ...]  # in text order, positions in the ORIGINAL text


# Markers already in the data: any short bracketed note saying "redacted" (the data owners'
# "[name redacted]", "[Time and date redacted]"), our own markers, and runs of capital X.
_EXISTING_MARKER = re.compile(
    r"\[[^\[\]\n]{0,40}redacted[^\[\]\n]{0,10}\]"
    r"|\[(?:name|phone|email|postcode|NHS number|date of birth)\]"
    r"|\bX{2,}\b",
    re.IGNORECASE,
)

_EMAIL = re.compile(r"[\w.%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

# Ten digits as 3-3-4 with the same separator (space, hyphen or none), not inside a longer number.
_NHS_NUMBER = re.compile(r"(?<![\d+])\d{3}([ -]?)\d{3}\1\d{4}(?![\d])")

# Full UK postcodes (outward code, optional space, inward code), the Royal Mail's letter rules:
# the inward code never uses C I K M O V, which keeps ordinary words out.
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
# A UK number: 0 (or +44, "+44 (0)") and nine or ten more digits, in groups split by spaces,
# hyphens or a bracketed area code; never part of a longer number.
_UK_PHONE = re.compile(
    r"(?<![\d+])(?:\+44[ \t]?(?:\(0\)[ \t]?)?|\(0|0)\d(?:[ \t-]{0,2}\)?[ \t-]{0,2}\d){8,9}(?![\d])"
)
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_ROAD = re.compile(r"[abm]\d+\b", re.IGNORECASE)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"  # 12/03/1956, 12.03.56
    rf"|{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+(?:\d{{4}}|'?\d{{2}}))?"  # 3 March 1948, 3rd of March
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?"  # March 3rd, 1948
    rf"|{_MONTH},?\s+\d{{4}}"  # March 1948
    r"|(?:19|20)\d{2})(?![\w/])"  # 1948 ("born in 1948")
)
# A date of birth is a date right after (or just before) a cue; other dates are left.
_BIRTH_CUE = r"(?:born|d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|birthday)"
_DATE_AFTER_CUE = re.compile(
    rf"\b{_BIRTH_CUE}(?![\w])[\s:,.\-–]*(?:(?:is|was|on|the|in|of|=)\s+){{0,3}}(?P<date>{_DATE})",
    re.IGNORECASE,
)
_DATE_BEFORE_CUE = re.compile(
    rf"(?<![\w/])(?P<date>{_DATE})\s*[(,-]?\s*(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth)",
    re.IGNORECASE,
)
_HAS_DIGIT = re.compile(r"\d")


def existing_markers(text: str) -> list[Span]:
    """Spans of redaction markers already in `text`; nothing overlapping them is redacted."""
    return [m.span() for m in _EXISTING_MARKER.finditer(text)]


def find_emails(text: str) -> list[Redaction]:
    """Email addresses; texts without "@" are skipped at once."""
    if "@" not in text:
        return []
    return [_redaction(text, m.span(), "email") for m in _EMAIL.finditer(text)]


def find_nhs_numbers(text: str) -> list[Redaction]:
    """Ten-digit numbers (3-3-4 with spaces or hyphens, or run together) that the nhs-number
    package accepts (mod-11 check digit, real date in a Scottish CHI number): a random ten-digit
    number passes about one time in eleven, so reference numbers mostly stay."""
    found = []
    for m in _NHS_NUMBER.finditer(text):
        if nhs_number.is_valid(re.sub(r"\D", "", m.group())):
            found.append(_redaction(text, m.span(), "nhs_number"))
    return found


def find_phone_numbers(text: str) -> list[Redaction]:
    """Phone numbers as people write them (07700 900123, (01632) 960123, +44 20 7946 0000,
    0800 123 4567): `phonenumbers` finds UK and international ones, a regex the UK-shaped ones it
    misses (a number run into the next: "ring 0113 3708653 3 times"). Only texts with 9+ digits
    are searched: the matcher is slow, and 111, 999 or times ("0830") are no numbers to redact."""
    if sum(map(text.count, "0123456789")) < 9:
        return []
    found = [_redaction(text, m.span(), "phone") for m in _UK_PHONE.finditer(text)]
    leniency = phonenumbers.Leniency.POSSIBLE
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=leniency):
        # POSSIBLE lets through Ofcom's drama ranges (07700 900xxx), which VALID rejects; a
        # possible number is kept when it is written as a UK or international number.
        shaped = match.raw_string.lstrip("(").startswith(("0", "+"))
        digits = sum(c.isdigit() for c in match.raw_string)
        if digits >= 9 and (shaped or phonenumbers.is_valid_number(match.number)):
            found.append(_redaction(text, (match.start, match.end), "phone"))
    return found


def find_postcodes(text: str) -> list[Redaction]:
    """Full UK postcodes in any case, with or without the space ("BR1 3UH", "br13uh")."""
    found = []
    for m in _POSTCODE.finditer(text):
        code, inward = m.group(), m.group()[-2:]
        # "a2 2nd", "m25 4th": a road and an ordinal, when written in lowercase.
        if inward.islower() and inward in _ORDINAL_SUFFIXES and _ROAD.match(code):
            continue
        found.append(_redaction(text, m.span(), "postcode"))
    return found


def find_dates_of_birth(text: str) -> list[Redaction]:
    """Dates right after "born", "DOB", "d.o.b", "date of birth" or "birthday" (or right before
    "(DOB)"); the marker replaces the date and keeps the cue ("DOB [date of birth]")."""
    found: list[Redaction] = []
    for pattern in (_DATE_AFTER_CUE, _DATE_BEFORE_CUE):
        found.extend(
            _redaction(text, m.span("date"), "date_of_birth") for m in pattern.finditer(text)
        )
    return found


def resolve_overlaps(candidates: Iterable[Redaction], protected: Iterable[Span]) -> list[Redaction]:
    """Non-overlapping redactions in text order: the longest candidate wins, then the most specific
    kind; candidates touching an existing marker are dropped (they are redacted already)."""
    taken: list[Span] = list(protected)
    chosen = []
    order = sorted(
        candidates, key=lambda r: (r.start - r.end, _SPECIFICITY.get(r.kind, 9), r.start)
    )
    for r in order:
        if all(r.end <= s or r.start >= e for s, e in taken):
            taken.append((r.start, r.end))
            chosen.append(r)
    return sorted(chosen, key=lambda r: r.start)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans joined: name rules that overlap ("Orion Peter" and "Peter Khan") found
    parts of one name, which is redacted whole."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def apply_redactions(text: str, redactions: Iterable[Redaction]) -> str:
    """`text` with each (non-overlapping, ordered) redaction replaced by its kind's marker."""
    parts, last = [], 0
    for r in redactions:
        parts += [text[last : r.start], MARKERS[r.kind]]
        last = r.end
    parts.append(text[last:])
    return "".join(parts)


def _redaction(text: str, span: Span, kind: str) -> Redaction:
    """A redaction of `text[span]`."""
    return Redaction(span[0], span[1], kind, text[span[0] : span[1]])


def _contact_candidates(text: str) -> list[Redaction]:
    """Every number-based and email candidate; a text with no digit needs only the email rule."""
    found = find_emails(text)
    if _HAS_DIGIT.search(text):
        found += find_nhs_numbers(text) + find_phone_numbers(text)
        found += find_postcodes(text) + find_dates_of_birth(text)
    return found


def _installed_pipeline() -> Any | None:
    """spaCy's small English pipeline when it is installed, else None (never downloaded)."""
    import spacy

    if importlib.util.find_spec("en_core_web_sm") is None:
        return None
    return spacy.load("en_core_web_sm", exclude=["lemmatizer", "textcat"])


def _person_spans(doc: Any) -> list[Span]:
    """Spans of the PERSON entities of a spaCy doc, a leading title cut off ("Dr Patel")."""
    spans = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, words = ent.start_char, ent.text.split()
        while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS | ROLE_TITLES:
            start = doc.text.index(words[1], start + len(words[0]))
            words = words[1:]
        spans.append((start, ent.end_char))
    return spans


class Anonymiser:
    """Replaces identifiers in free text; build once (word lists load in about 0.1 s), reuse.

    `staff_names` are the study's staff ("Jenny Smith"): full names and their parts are names in
    any case. `extra_first_names` add to the first-name lists. `nlp` is a spaCy pipeline with an
    "ner" pipe whose PERSON entities count as names; without one, spaCy's en_core_web_sm is used
    when installed, and the rules alone otherwise.
    """

    def __init__(
        self,
        *,
        staff_names: Iterable[str] = (),
        extra_first_names: Iterable[str] = (),
        nlp: Any = None,
    ) -> None:
        self._names = NameFinder(
            default_lexicon(), staff_names=staff_names, extra_first_names=extra_first_names
        )
        if nlp is not None and "ner" not in getattr(nlp, "pipe_names", ()):
            raise ValueError("nlp must be a spaCy pipeline with an 'ner' pipe")
        self._nlp = nlp if nlp is not None else _installed_pipeline()

    def anonymise(self, text: str) -> Anonymised:
        """`text` with its identifiers replaced, and the redactions made."""
        doc = self._nlp(text) if self._nlp is not None else None
        return self._anonymise(text, doc)

    def anonymise_many(self, texts: Iterable[str]) -> list[Anonymised]:
        """`anonymise` for many texts, in order; a spaCy pipeline runs batched over them."""
        texts = list(texts)
        if self._nlp is None:
            return [self._anonymise(t, None) for t in texts]
        return [self._anonymise(t, d) for t, d in zip(texts, self._nlp.pipe(texts), strict=True)]

    def _anonymise(self, text: str, doc: Any) -> Anonymised:
        """The work of `anonymise`, with the spaCy doc of `text` when there is a pipeline."""
        if not isinstance(text, str):
            raise TypeError(f"expected a str, got {type(text).__name__}")
        candidates = _contact_candidates(text)
        name_spans = self._names.find(text) + (_person_spans(doc) if doc is not None else [])
        candidates += [_redaction(text, s, "name") for s in merge_spans(name_spans)]
        if not candidates:
            return Anonymised(text, ())  # the common case: nothing to resolve or rebuild
        redactions = resolve_overlaps(candidates, existing_markers(text))
        return Anonymised(apply_redactions(text, redactions), tuple(redactions))


@lru_cache(maxsize=16)
def _cached_anonymiser(staff_names: tuple[str, ...]) -> Anonymiser:
    """An Anonymiser per staff list, kept so repeated calls do not rebuild the word lists."""
    return Anonymiser(staff_names=staff_names)


def anonymise(text: str, *, staff_names: Iterable[str] = ()) -> Anonymised:
    """`text` anonymised by a cached default `Anonymiser` (see its documentation)."""
    return _cached_anonymiser(tuple(staff_names)).anonymise(text)
