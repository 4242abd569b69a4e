"""People's names in free text, for the anonymiser (`analysis.themes.anonymise`).

Rules, most certain first: a title before a name ("Dr Patel", "nurse Jenny": the title is kept),
the study's staff names, a cue before a name ("thanks to Jo", "my name is ..."), then capitalised
first names from Faker's first-name lists of the communities a UK service hears from. A first name
that is also an everyday English word ("Will", "May", "Grace") needs more evidence: a surname after
it, or a capitalised use inside a sentence that no determiner or pronoun explains.

`NameFinder.find` returns the (start, end) spans of names; it never returns a title or lowercase
word except the name after a title.
"""

from __future__ import annotations

import gzip
import importlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

Span = tuple[int, int]


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`: word lists stay readable in the source."""
    return frozenset(text.split())


# Faker's first- and last-name lists (MIT) for the UK's own and its largest migrant communities;
# "en" is the US social-security list, which adds the diminutives people use ("Bev", "Liz").
FAKER_LOCALES = (
    "en_GB",
    "en_IE",
    "ga_IE",
    "en_US",
    "en_NZ",
    "en",
    "en_IN",
    "en_PK",
    "en_NG",
    "yo_NG",
    "ig_NG",
    "ha_NG",
    "tw_GH",
    "en_KE",
    "pl_PL",
    "ro_RO",
    "pt_PT",
    "lt_LT",
    "es_ES",
    "it_IT",
    "fr_FR",
    "de_DE",
)

# First names that are also everyday words: redacted only with evidence (see `_plain_name`).
AMBIGUOUS_FIRST_NAMES = _words(
    """Will May Hope Grace Mark Bill Sue Joy Faith Rose Page Dawn Carol Frank Ray Pat Amber
    Summer Sunny April June August Ivy Holly Iris Lily Daisy Jack Penny Ruby Violet Olive Hazel
    Heather Jade Crystal Pearl Robin Dean Drew Gene Max Sandy Rosemary Poppy Patience Mercy
    Charity Melody Angel Eve Autumn Winter Willow Destiny Harmony Blessing Comfort Precious Rob
    Don Kay Kit Sky Chase Hunter Grant Lance Rusty Misty Guy Sherry Dot Gay Christian Honey"""
)
# Months and seasons are capitalised in every sentence: only a surname, title or cue makes a name.
CALENDAR_NAMES = _words("May June April August Summer Autumn Winter")
# Real first names whose lowercase form spaCy's lookup vocabulary also holds ("peter out").
KEEP_FIRST_NAMES = _words(
    """Henry Colin Julia Laura Anna Martin Caroline Colleen Rowan Clint Kirk Marc Morgan Matt
    Gemma Peter Lisa Tammy Harry Spencer Derrick Hector Maria Jenny Bailey Amir Warren Phoebe Tom
    Jay Mike Stella Rick Dale Sally Jimmy Glen Dexter Felicity Joe Ken Luna Bob Bobby Billy Lee
    Tara Nick Eddy Ed Deb Victor Molly Mason Meg Teddy Dolly Vera Marina Jasmine Jasmin Savannah
    Piper Aurora Celeste Solomon Angelica Dolores Hank Chad Earl Mickey Wally Abbey Tori Bonnie
    Clement Dorian Fabian Julian Marian Pauline Shona Sabine Pilar Carmine Tod Cyprian"""
)

# Places on the first-name lists that feedback means as places ("moved to London").
PLACE_FIRST_NAMES = _words(
    """London Paris York Washington Devon Chelsea Sydney Brooklyn Dallas Denver Houston Boston
    Bristol Camden Hampton Bradford Carlisle Warwick Essex Durham Lancaster Chester Derby Kingston
    Richmond America Africa Asia Europe India China Ireland Scotland England Wales Holland"""
)
HONORIFICS = _words("dr mr mrs ms miss mx prof sir dame")
# Job titles people put before a name ("Sister Grace", "nurse practitioner Jo", "my carer Daisy").
ROLE_TITLES = _words(
    """doctor nurse sister matron professor midwife practitioner consultant surgeon physio
    physiotherapist therapist paramedic receptionist visitor worker carer counsellor pharmacist
    dentist gp"""
)
_TITLES = HONORIFICS | ROLE_TITLES
# A capitalised word before which a name is a place ("St Thomas", "Queen Elizabeth Hospital").
_PLACE_PREFIXES = _words(
    "st saint queen king prince princess duke mount port north south east west"
)
# A word after a name that makes it a place or service ("Hope Centre", "Florence ward"); the
# common surnames among them make a person when capitalised ("Nadia Hall", not "Byron House").
# After a possessive only an institution makes a place: "Guy's Hospital", but "Jenny's team".
_PLACE_SURNAMES = _words("hall green wood hill ward park")
_INSTITUTIONS = _words(
    """hospital hospitals hospice centre center house surgery practice clinic infirmary school
    college university church road street st lane avenue close court lodge castle bridge"""
)
_PLACE_WORDS = (
    _PLACE_SURNAMES
    | _INSTITUTIONS
    | _words(
        """wards unit medical health team service services building wing suite trust village way
        drive place square gardens station community memorial rehab primary nursing home group
        pharmacy chemist ambulance foundation wellbeing district"""
    )
)
# Before an everyday-word name these make it the word: "the Hope", "a Joy", "I Will", "we Hope".
_NOT_NAME_BEFORE = _words(
    """a an the this that these those my your his her our their its i we you they he she it
    will would can could may might must shall should to be"""
)
# After an everyday-word name these make it the verb or noun: "Will be", "Hope you", "Mark the".
_NOT_NAME_AFTER = _words(
    """be not have you we they i he she it that to the a an this your my our their his her its
    all me us them there"""
)
# Function words, days and months: never a name, whatever the capitalisation.
_STOPWORDS = _words(
    """a about after all also am an and any are as at be because been before being both but by
    can could did do does done during each every everyone everything few for from had has have
    he her here hers him his how i if in into is it its just me more most my no nor not now of
    off on once only or other our out over own please same she so some such than thank thanks
    that the their them then there these they this those through to too under until up upon
    very was we were what when where which while who whom why will with would yes yet you your
    again everyone everybody anyone someone guys team much without within across against along
    among around behind below beside besides between beyond despite down except inside onto
    since though throughout till toward towards unless unlike via whereas whether although
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december christmas easter north south east
    west"""
)
# Before a name these make it a place: "in London", "at Stanley", "New York".
_PLACE_BEFORE = _words("in at near outside new")
# Cues before a name: "called Jo", "named ...", "my name is ...", "thanks to Bev", "thank you Sam".
_CUES = (("called",), ("named",), ("name", "is"), ("thanks", "to"), ("thank", "you"), ("thanks",))

# A word: letters, with inner apostrophes ("O'Brien", "Guy's") and hyphens ("Smith-Jones").
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*")
_APOSTROPHE = re.compile(r"['’]")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# A capitalised word anywhere: the cheap prefilter for texts without any name candidate.
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ][^\W\d_]+")
_TITLE_SEARCH = re.compile(
    r"\b(?:" + "|".join(sorted(HONORIFICS | ROLE_TITLES)) + r")\b\.?\s+[^\W\d_]", re.IGNORECASE
)
# Between a title and its name only a full stop and spaces ("Dr. Smith"); between name parts
# one space or a line-free run of spaces.
_TITLE_GAP = re.compile(r"\.?[ \t]{1,3}")
_NAME_GAP = re.compile(r"[ \t]{1,2}")
_CUE_GAP = re.compile(r"[ \t]*[,:]?[ \t]{1,2}")


@dataclass(frozen=True)
class NameLexicon:
    """The word lists the name rules use; `default_lexicon()` builds the shipped one."""

    first_names: frozenset[str]  # capitalised forms, e.g. "Jenny"
    ambiguous: frozenset[str]  # first names that are also everyday words
    surnames: frozenset[str]  # capitalised forms, e.g. "Patel"
    everyday: frozenset[str]  # lowercase everyday English words: no first name unless curated
    vocabulary: frozenset[str]  # every lowercase English word, place and famous name known


def _faker_names(attributes: tuple[str, ...]) -> set[str]:
    """Capitalised single-word names from Faker's person providers of `FAKER_LOCALES`."""
    names: set[str] = set()
    for locale in FAKER_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in attributes:
            names.update(n for n in getattr(provider, attribute, ()) if _is_capitalised(n))
    return names


def _lookup_table(name: str) -> dict:
    """One English table of spacy-lookups-data (plain data: no spaCy model is needed)."""
    path = resources.files("spacy_lookups_data") / "data" / f"en_{name}.json.gz"
    return json.loads(gzip.decompress(path.read_bytes()))


def _english_vocabularies() -> tuple[frozenset[str], frozenset[str]]:
    """Lowercase English words: the everyday ones (inflected forms and their lemmas, WordNet's
    adjectives and adverbs), and all of them (WordNet's nouns and verbs too, which hold places and
    famous people: "london", "david"), so only the first may drop a first name."""
    lemmas, index = _lookup_table("lemma_lookup"), _lookup_table("lemma_index")
    everyday = {w.lower() for w in (*lemmas, *lemmas.values(), *index["adj"], *index["adv"])}
    nouns_verbs = {w.lower() for w in (*index["noun"], *index["verb"])}
    return frozenset(everyday | _STOPWORDS), frozenset(everyday | nouns_verbs | _STOPWORDS)


@lru_cache(maxsize=1)
def default_lexicon() -> NameLexicon:
    """The shipped lexicon: Faker's names less those that are English words (kept: the curated
    everyday-word names, as ambiguous, and real names the vocabulary happens to hold)."""
    everyday, vocabulary = _english_vocabularies()
    listed = _faker_names(("first_names", "first_names_male", "first_names_female"))
    first = {n for n in listed if n.lower() not in everyday and n.lower() not in _TITLES}
    first = (first - PLACE_FIRST_NAMES) | KEEP_FIRST_NAMES | AMBIGUOUS_FIRST_NAMES
    surnames = frozenset(_faker_names(("last_names",)))
    return NameLexicon(frozenset(first), AMBIGUOUS_FIRST_NAMES, surnames, everyday, vocabulary)


def _is_capitalised(word: str) -> bool:
    """True for "Jenny", "O'Brien", "McDonald"; false for "jenny", "PRUH", "I", "I'm"."""
    if len(word) < 2 or not word[0].isupper() or word.isupper() or " " in word:
        return False
    # In a name a capital follows the apostrophe ("D'Souza"); in "I'm" or "Don't" it does not.
    return all(part[:1].isupper() for part in _APOSTROPHE.split(word)[1:])


def _capital(word: str) -> str:
    """`word` with its first letter in capitals ("mcdonald" -> "Mcdonald", "McDonald" kept)."""
    return word[:1].upper() + word[1:]


@dataclass(frozen=True)
class _Token:
    start: int
    end: int  # end of the word without a possessive "'s"
    word: str  # without the possessive
    lower: str
    possessive: bool


def _tokens(text: str) -> list[_Token]:
    """The words of `text`, possessives cut off so that "Jenny's" gives the name "Jenny"."""
    out = []
    for m in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", m.group())
        out.append(_Token(m.start(), m.start() + len(word), word, word.lower(), word != m.group()))
    return out


def _sentence_start(text: str, position: int) -> bool:
    """True when only spaces, quotes or brackets stand between `position` and the start of the
    text or a sentence end: there every word is capitalised, so capitals prove nothing."""
    j = position - 1
    while j >= 0 and text[j] in " \t\"'“‘([*•":
        j -= 1
    return j < 0 or text[j] in ".!?\n\r:;-–"


class NameFinder:
    """Finds names in texts with a lexicon, the study's staff names and extra first names."""

    def __init__(
        self,
        lexicon: NameLexicon,
        *,
        staff_names: Iterable[str] = (),
        extra_first_names: Iterable[str] = (),
    ) -> None:
        extra = {_capital(n.strip()) for n in extra_first_names if n.strip()}
        staff = [" ".join(n.split()) for n in staff_names if n.strip()]
        # A staff name part that is also an everyday word ("Will", "Green") is treated like an
        # everyday-word first name; the other parts, and full names, match whatever their case.
        parts = {_capital(p) for n in staff for p in n.split() if len(p) > 1}
        common = {p for p in parts if p.lower() in lexicon.everyday or p in lexicon.ambiguous}
        self._lexicon = lexicon
        self._first = lexicon.first_names | extra | common
        self._ambiguous = (
            lexicon.ambiguous | common | {n for n in extra if n.lower() in lexicon.everyday}
        )
        literal = sorted({*staff, *(parts - common)}, key=len, reverse=True)
        self._staff = (
            re.compile(
                r"(?<![^\W_])(?:"
                + "|".join(r"\s+".join(map(re.escape, n.split())) for n in literal)
                + r")(?![^\W_])",
                re.IGNORECASE,
            )
            if literal
            else None
        )

    def may_contain_name(self, text: str) -> bool:
        """A cheap test: false when no rule could find a name in `text`."""
        if self._staff is not None and self._staff.search(text):
            return True
        if _TITLE_SEARCH.search(text):
            return True
        surnames = self._lexicon.surnames
        words = _CAPITALISED.findall(text)
        return any(w in self._first or w in surnames for w in words) or any(
            cue in text.lower() for cue in ("called", "named", "name is", "thank")
        )

    def find(self, text: str) -> list[Span]:
        """The spans of the names in `text` (possibly overlapping; the caller resolves them)."""
        spans = [m.span() for m in self._staff.finditer(text)] if self._staff else []
        if not self.may_contain_name(text):
            return spans
        tokens = _tokens(text)
        for i in range(len(tokens)):
            end = self._name_at(text, tokens, i)
            if end is not None:
                spans.append((tokens[i].start, tokens[end].end))
        return spans

    def _name_at(self, text: str, tokens: list[_Token], i: int) -> int | None:
        """The index of the last token of a name starting at token `i`, or None."""
        token = tokens[i]
        if token.lower in _TITLES or (token.lower in _STOPWORDS and token.word not in self._first):
            return None  # a title is kept ("Mrs O'Brien"), a stopword is never a name
        if self._title_before(text, tokens, i):
            return self._after_title(text, tokens, i)
        if not _is_capitalised(token.word):
            return None
        if self._cue_before(text, tokens, i):
            # After a cue a listed name, or a word no vocabulary knows ("thank you Adaeze"; not
            # "called London" or "thank you Everyone").
            ok = token.word in self._first or token.lower not in self._lexicon.vocabulary
            return self._extend(text, tokens, i) if ok else None
        if token.word in self._first:
            return self._plain_name(text, tokens, i)
        return self._before_surname(text, tokens, i)

    def _title_before(self, text: str, tokens: list[_Token], i: int) -> bool:
        """True when a title ("Dr", "nurse") stands directly before token `i`."""
        if i == 0:
            return False
        prev = tokens[i - 1]
        if prev.lower not in _TITLES:
            return False
        if prev.lower == "sister" and i > 1 and tokens[i - 2].lower in {"my", "her", "his"}:
            return False  # "my sister Jane" is a relative (a listed name is still caught)
        # "Dr. Smith" is an abbreviation; "my GP. Eventually" ends a sentence.
        gap = _TITLE_GAP if prev.lower in HONORIFICS else _NAME_GAP
        return gap.fullmatch(text, prev.end, tokens[i].start) is not None

    def _after_title(self, text: str, tokens: list[_Token], i: int) -> int | None:
        """The name after a title, with its surname ("Dr John Smith"): a listed name or a word
        that is no everyday word ("Nurse Mei", "Dr Okonkwo"; not "Nurse Practitioner" or
        "Dr. However"); in lowercase only a listed name ("nurse jenny", "dr patel")."""
        token, lex = tokens[i], self._lexicon
        if _is_capitalised(token.word):
            listed = token.word in self._first or self._surname(token.word)
            return (
                self._extend(text, tokens, i) if listed or token.lower not in lex.everyday else None
            )
        if token.lower in _PLACE_WORDS:
            return None
        capital = _capital(token.word)
        listed = capital in self._first and capital not in self._ambiguous
        surname = capital in lex.surnames and token.lower not in lex.vocabulary
        return i if listed or surname else None

    def _cue_before(self, text: str, tokens: list[_Token], i: int) -> bool:
        """True right after "called", "named", "name is", "thanks to", "thank you", "thanks"
        (a comma or colon may stand between: "thank you, Jo"; a full stop may not)."""
        if i == 0 or not _CUE_GAP.fullmatch(text, tokens[i - 1].end, tokens[i].start):
            return False
        for cue in _CUES:
            k = len(cue)
            if i >= k and tuple(t.lower for t in tokens[i - k : i]) == cue:
                return True
        return False

    def _plain_name(self, text: str, tokens: list[_Token], i: int) -> int | None:
        """A listed first name with no title or cue before it; None when the context makes it a
        place or, for an everyday-word name, the word."""
        token = tokens[i]
        prev = tokens[i - 1].lower if i > 0 else ""
        if prev in _PLACE_PREFIXES or (prev in _PLACE_BEFORE and not token.possessive):
            return None
        last = self._extend(text, tokens, i)
        if self._place_after(tokens, last):
            return None
        if token.word not in self._ambiguous or last > i:
            return last  # an unambiguous name, or any first name with its surname
        if token.word in CALENDAR_NAMES:
            return None
        if _sentence_start(text, token.start):
            # Capitals prove nothing there, except a name signing off: "... Thank you. Sue"
            return i if i == len(tokens) - 1 and not text[token.end :].strip(" .!\n") else None
        if prev in _NOT_NAME_BEFORE:
            return None
        if i + 1 < len(tokens) and tokens[i + 1].lower in _NOT_NAME_AFTER:
            return None
        return i

    def _before_surname(self, text: str, tokens: list[_Token], i: int) -> int | None:
        """A capitalised word that is no everyday word (or is a surname) followed by a listed
        surname: "Chioma Okafor", "Raj Smith-Jones". None otherwise."""
        token, lex = tokens[i], self._lexicon
        if token.lower in lex.everyday and token.word not in lex.surnames:
            return None
        if i > 0 and tokens[i - 1].lower in _PLACE_PREFIXES | _PLACE_BEFORE:
            return None
        last = self._extend(text, tokens, i)
        if last == i or not self._surname(tokens[last].word) or self._place_after(tokens, last):
            return None
        return last

    def _place_after(self, tokens: list[_Token], last: int) -> bool:
        """True when the word after the name ending at token `last` makes it a place."""
        if last + 1 >= len(tokens):
            return False
        after = tokens[last + 1].lower
        return after in (_INSTITUTIONS if tokens[last].possessive else _PLACE_WORDS)

    def _extend(self, text: str, tokens: list[_Token], i: int) -> int:
        """The last token of the name starting at `i`: a following capitalised surname on the same
        line is part of it ("Jenny Smith", "Nadia Hall"), as is a word that is no everyday word
        ("Chioma Adaeze"); a place word that is no surname ends it ("Hope Centre")."""
        nxt = i + 1
        if nxt >= len(tokens) or tokens[i].possessive:
            return i
        word = tokens[nxt]
        if not _is_capitalised(word.word) or word.word in CALENDAR_NAMES:
            return i
        surname = self._surname(word.word) and word.lower not in _STOPWORDS
        if word.lower in _PLACE_WORDS and word.lower not in _PLACE_SURNAMES:
            return i
        # "Anjali MacLeod": a surname may be a word of the full vocabulary, not an everyday one.
        unknown = word.lower not in self._lexicon.everyday
        if (surname or unknown) and _NAME_GAP.fullmatch(text, tokens[i].end, word.start):
            return nxt
        return i

    def _surname(self, word: str) -> bool:
        """A listed surname, or a hyphenated pair of them ("Smith-Jones")."""
        return all(part in self._lexicon.surnames for part in word.split("-"))
