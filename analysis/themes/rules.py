"""Theming free text with a codebook's rules: spaCy PhraseMatcher (on lemmas) and Matcher
patterns, negation, and answers that say nothing ("n/a", "nothing", "no comment").

Each code keeps the words that triggered it (``Evidence``), so a person reviewing it sees why,
highlighted, and decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analysis.themes.codebook import Codebook
from analysis.themes.nlp import lemma_pipeline, lowered

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: An answer that is only one of these says nothing to code ("Is there anything else?" "No").
NOT_APPLICABLE = re.compile(
    r"^[\s\W]*(?:n\s*/?\s*a|none|nil|no|nope|nothing|not applicable|no comments?|"
    r"no further comments?|nothing (?:else|more|further|to add|to say|really|at all|"
    r"i can think of)(?: to add)?|nothing else to add|can'?t think of anything(?: else)?|"
    r"no thanks?(?: you)?|not really|no,? (?:nothing|thanks?|thank you)|none that i can think of|"
    r"not at this time|no not really|-+|\.+|\?+|x+)[\s\W]*$",
    re.IGNORECASE,
)
#: Words that turn what follows round within a clause ("did not wait", "no follow-up").
NEGATORS = frozenset(
    (
        *("no", "not", "n't", "nt", "never", "without", "nothing", "none", "nobody", "nor"),
        *("neither", "cannot", "hardly", "barely", "didnt", "dont", "doesnt", "wasnt", "werent"),
        *("isnt", "arent", "couldnt", "wouldnt", "shouldnt", "havent", "hasnt", "hadnt", "cant"),
        *("wont", "n’t"),  # "wasn’t" with a curly apostrophe, as phones type it
    )
)
CLAUSE_ENDS = frozenset(".,;:!?") | {"but", "although", "though", "however", "and"}
# "I don't need help with housing": the negator is four words before the need.
NEGATION_WINDOW = 5


@dataclass(frozen=True)
class Evidence:
    """Words that triggered a code: where they are in the answer, and whether negated."""

    theme: str  # theme key, "<axis>.<id>"
    start: int  # character offsets in the answer as given
    end: int
    text: str
    negated: bool = False


@dataclass(frozen=True)
class AnswerCoding:
    """The codes the rules give one answer, with their evidence. ``not_applicable``: the
    answer says nothing to code (and gets no code)."""

    codes: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    not_applicable: bool = False


def is_not_applicable(text: str) -> bool:
    """Whether ``text`` says nothing to code: empty, "n/a", "nothing", "no comment"..."""
    return not text.strip() or bool(NOT_APPLICABLE.match(text.strip()))


class RuleCoder:
    """A codebook's rules, compiled once, applied to many answers."""

    def __init__(self, codebook: Codebook, nlp: Language | None = None) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.codebook = codebook
        self.nlp = nlp or lemma_pipeline()
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.patterns = Matcher(self.nlp.vocab)
        self.words = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.drop_negated: set[str] = set()
        self.fallback = {t.key for t in codebook.themes() if t.fallback}
        for theme in codebook.themes():
            if theme.phrases:
                # The phrases go through the same pipeline, so they are matched on lemmas.
                self.phrases.add(theme.key, list(self.nlp.pipe(theme.phrases)))
            matched_by_words = [p for p in theme.patterns if _word_phrases(p)]
            if matched_by_words:
                # Exact-word patterns are phrases: spaCy's PhraseMatcher finds them at a
                # fraction of what each Matcher pattern costs on every answer.
                docs = [
                    self.nlp.make_doc(" ".join(w))
                    for p in matched_by_words
                    for w in _word_phrases(p)
                ]
                self.words.add(theme.key, docs)
            rest = [[dict(t) for t in p] for p in theme.patterns if not _word_phrases(p)]
            if rest:
                self.patterns.add(theme.key, rest)
            if theme.negated == "drop":
                self.drop_negated.add(theme.key)

    def code(self, text: str) -> AnswerCoding:
        """The codes for one answer."""
        return self.code_many([text])[0]

    def code_many(self, texts: Iterable[str], batch_size: int = 512) -> list[AnswerCoding]:
        """The codes for many answers, in order (spaCy's ``pipe`` batches the work)."""
        texts = list(texts)
        results: list[AnswerCoding | None] = [None] * len(texts)
        todo = []
        for i, text in enumerate(texts):
            if is_not_applicable(text or ""):
                results[i] = AnswerCoding((), (), not_applicable=True)
            else:
                todo.append(i)
        docs = self.nlp.pipe((lowered(texts[i]) for i in todo), batch_size=batch_size)
        for i, doc in zip(todo, docs, strict=True):
            results[i] = self._coding(texts[i], doc)
        return [r for r in results if r is not None]

    def _without_fallbacks(self, found: dict) -> dict:
        """A fallback theme ("Positive experience" in general) only where nothing more specific
        on its axis was found: "lovely staff" is about staff, not only praise."""
        specific = {e.theme.split(".")[0] for e in found.values() if e.theme not in self.fallback}
        return {
            k: e
            for k, e in found.items()
            if e.theme not in self.fallback or e.theme.split(".")[0] not in specific
        }

    def _coding(self, text: str, doc: Doc) -> AnswerCoding:
        found: dict[tuple[str, int, int], Evidence] = {}
        vocab = self.nlp.vocab.strings
        matches = [*self.phrases(doc), *self.words(doc)]
        if len(self.patterns):  # an empty Matcher warns on every call
            matches += self.patterns(doc)
        for match_id, start, end in matches:
            theme = vocab[match_id]
            negated = _negated(doc, start)
            if negated and theme in self.drop_negated:
                continue
            span = doc[start:end]
            key = (theme, span.start_char, span.end_char)
            found[key] = Evidence(
                theme,
                span.start_char,
                span.end_char,
                text[span.start_char : span.end_char],
                negated,
            )
        found = self._without_fallbacks(found)
        evidence = tuple(sorted(found.values(), key=lambda e: (e.start, e.theme)))
        codes = tuple(dict.fromkeys(e.theme for e in evidence))
        return AnswerCoding(codes, evidence)


MAX_WORD_PHRASES = 500


def _word_phrases(pattern: Sequence[Mapping[str, Any]]) -> list[tuple[str, ...]]:
    """The word sequences a pattern of exact lower-case words stands for (each token
    ``{LOWER: word}`` or ``{LOWER: {IN: [...]}}``, one word each, no operator), or [] when it
    says more than that and needs the Matcher."""
    choices = []
    for token in pattern:
        if set(token) != {"LOWER"}:
            return []
        value = token["LOWER"]
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words = [str(v) for v in value["IN"]]
        else:
            return []
        if any(not w or not w.isalpha() for w in words):
            return []  # "n't", "a&e": the tokenizer may split them; the Matcher is exact
        choices.append(words)
    combos: list[tuple[str, ...]] = [()]
    for words in choices:
        combos = [(*c, w) for c in combos for w in words]
        if len(combos) > MAX_WORD_PHRASES:
            return []
    return combos


def _negated(doc: Doc, start: int) -> bool:
    """Whether a negator stands within a few words before ``start``, in the same clause."""
    for token in reversed(doc[max(0, start - NEGATION_WINDOW) : start]):
        if token.lower_ in CLAUSE_ENDS:
            return False
        if token.lower_ in NEGATORS:
            return True
    return False


def with_ancestors(codebook: Codebook, codes: Iterable[str]) -> tuple[str, ...]:
    """``codes`` and every theme above them: a "waiting" answer counts under "access" too."""
    rolled: dict[str, None] = {}
    for key in codes:
        rolled[key] = None
        theme = codebook.theme(key)
        if theme is not None:
            for parent in codebook.ancestors(theme):
                rolled[parent.key] = None
    return tuple(rolled)
