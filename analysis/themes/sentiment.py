"""Sentiment of free-text answers in three classes (positive, mixed, negative), aware of the
question the answer replies to.

Two ways, with the same inputs and outputs:

- ``rule_sentiments``: VADER's lexicon (vaderSentiment), which already handles negation ("not
  good"), boosters ("very") and "but" clauses (what follows "but" counts more), plus rules for
  what a lexicon cannot know: the question asked. "More staff at weekends" answers "How could
  it be improved?" with a suggestion, not a complaint (mixed); "Nothing" to that question means
  nothing needs changing (positive), and to "What was good?" it means nothing was (negative).
- ``SentimentModel``: a logistic regression trained on coded answers, over TF-IDF word and
  character features (``analysis.themes.classifier.TextFeatures``), words tagged with the
  question kind, the lexicon's scores, the rule's class and the question kind.

The question kind (``question_kind``) is "improve", "good" or "general".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.themes.classifier import (
    TextFeatures,
    kind_lemmas,
    kinds_for,
    min_df_for,
    words_of,
)
from analysis.themes.rules import is_not_applicable
from analysis.themes.vocabulary import KINDS, SENTIMENTS

if TYPE_CHECKING:
    from scipy import sparse

_IMPROVE_QUESTION = re.compile(
    r"\b(?:improv\w*|better|chang\w*|differently|suggest\w*|wish)\b", re.IGNORECASE
)
_GOOD_QUESTION = re.compile(
    r"\b(?:good|great|best|went well|did well|do well|done well|enjoy\w*|valued?|"
    r"like(?:d)? (?:most|best|about))\b",
    re.IGNORECASE,
)
#: Words of the patient's condition and of care itself: "the ambulance came for my chest pain"
#: or "care at home" say nothing about how the service was.
DOMAIN_WORDS = ("care", "cared", "ill", "sick", "pain", "painful", "emergency", "urgent",
                "cancer", "injury", "injured", "heart", "attack")  # fmt: skip
#: Words about a service that VADER's general lexicon lacks, on its scale (-4..4).
SERVICE_WORDS = {
    "polite": 2.0, "professional": 1.8, "professionally": 1.8, "exceptional": 2.8,
    "impeccable": 2.8, "quick": 1.2, "quickly": 1.0, "speedy": 1.3, "prompt": 1.5,
    "promptly": 1.5, "punctual": 1.5, "thorough": 1.6, "informative": 1.5,
    "knowledgeable": 1.6, "attentive": 1.8, "understanding": 1.5,
    "late": -1.2, "lateness": -1.3, "delays": -1.3, "slow": -1.3, "waited": -0.8,
    "uncaring": -2.2, "dismissive": -1.8, "unhelpful": -1.8, "abrupt": -1.5,
    "patronising": -1.9, "condescending": -1.9, "unsympathetic": -1.9, "understaffed": -1.5,
    "disorganised": -1.5, "shambles": -2.2,
}  # fmt: skip
#: Words that ask for something in a suggestion ("better communication", "please phone"):
#: praise in a general answer, but not in an answer to "How could it be improved?".
SUGGESTION_WORDS = ("better", "improve", "improved", "improvement", "improvements", "improving",
                    "please", "wish", "like", "want", "help", "hope")  # fmt: skip
#: A not-applicable answer that says "nothing" ("No", "None", "Nothing really"), as opposed to
#: one that declines to comment ("n/a", "no comment").
_NOTHING = re.compile(r"\b(?:no|none|nope|nil|nothing|not really|can'?t think)\b", re.IGNORECASE)
_NO_COMMENT = re.compile(r"\bn\s*/?\s*a\b|applicable|comments?\b|at this time", re.IGNORECASE)
#: "Nothing, it was perfect": VADER reads "nothing" as negating "perfect" across the comma, so
#: what follows a leading "nothing" and a stop is scored on its own.
_NOTHING_THEN = re.compile(
    r"^\W*(?:nothing|none|no|not a thing|can'?t think of anything)"
    r"(?:\s+(?:at all|really|else|much|to improve|i can think of|comes to mind|"
    r"needs? (?:improving|improvement|changing)))*\s*[,.;:!\-\u2013]+\s*(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)

#: Compound scores at or past these are positive / negative (VADER's own cut-offs).
POSITIVE_AT, NEGATIVE_AT = 0.05, -0.05
#: An answer to an improve question is negative only when its words are strongly negative
#: ("staff were rude and unhelpful"), not for naming what to fix ("shorter waits").
IMPROVE_NEGATIVE_AT = -0.4
NEUTRAL = {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}  # of a not-applicable answer


def question_kind(question_text: str | None) -> str:
    """The kind of question asked: "improve" ("How could we improve?", "What could we do
    better?", "What would you change?"), "good" ("What was good?", "What went well?"), or
    "general" (anything else, and a question that asks both)."""
    text = question_text or ""
    improve, good = bool(_IMPROVE_QUESTION.search(text)), bool(_GOOD_QUESTION.search(text))
    if improve and not good:
        return "improve"
    if good and not improve:
        return "good"
    return "general"


@lru_cache(maxsize=2)
def _analyzer(kind: str) -> SentimentIntensityAnalyzer:
    """VADER with the domain words taken out of its lexicon, and for improve questions the
    suggestion words too (each analyser keeps its own copy of the lexicon)."""
    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(SERVICE_WORDS)
    removed = DOMAIN_WORDS + (SUGGESTION_WORDS if kind == "improve" else ())
    for word in removed:
        analyzer.lexicon.pop(word, None)
    return analyzer


_CURLY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_GLUED = re.compile(r"([,.;:!?)])(?=[^\W\d_])")


def tidy(text: str | None) -> str:
    """``text`` with curly quotes made straight ("can\u2019t" is "can't" to the rules) and a
    space after punctuation glued to the next word ("quick,caring": VADER splits on spaces)."""
    return _GLUED.sub(r"\1 ", (text or "").translate(_CURLY))


def lexicon_scores(text: str, kind: str = "general") -> dict[str, float]:
    """VADER's ``neg``, ``neu``, ``pos`` and ``compound`` (-1..1) for a tidied ``text``;
    after a leading "Nothing," only what follows is scored."""
    then = _NOTHING_THEN.match(text)
    if then:
        text = then.group("rest")
    return _analyzer("improve" if kind == "improve" else "general").polarity_scores(text)


#: What people write about being kept waiting or left unheard: no word of it is negative to the
#: lexicon ("It took a long time to hear back"), so it scored 0 and, under "What was good?",
#: was taken for praise. Named, it is a complaint whatever the question.
_KEPT_WAITING = re.compile(
    r"\b(?:(?:took|waited|waiting|wait)(?: for)? (?:such )?(?:a (?:very )?)?long (?:time|while)"
    r"|(?:a|such a|very) long wait|took (?:ages|weeks|months|forever)"
    r"|(?:still|kept) waiting|waited (?:weeks|months|ages|for ever|forever)"
    r"|(?:never|not|didn'?t|did not) (?:hear|heard) (?:back|anything)|heard nothing"
    r"|no[- ]?(?:one|body) (?:got back|called|rang|phoned|replied|came back)"
    r"|no (?:reply|response|call back|follow[- ]up))\b",
    re.IGNORECASE,
)
#: "I was never kept waiting", "I did not have to wait a long time": the same words, denied.
_DENIED = re.compile(
    r"\b(?:never|not|no|didn'?t|did not|wasn'?t|was not|without|hardly)\b(?:\W+\w+){0,4}\W*$",
    re.IGNORECASE,
)


def _kept_waiting(text: str) -> bool:
    """Whether ``text`` complains of being kept waiting or unheard (and does not deny it)."""
    return any(
        not _DENIED.search(text[: found.start()])
        or found.group(0).lower().startswith(("never", "not", "didn", "did not", "no"))
        for found in _KEPT_WAITING.finditer(text)
    )


def _says_nothing(text: str) -> bool:
    """Whether a not-applicable answer says "nothing" rather than declining to comment."""
    return bool(_NOTHING.search(text)) and not _NO_COMMENT.search(text)


def _judge(text: str, kind: str, compound: float | None) -> str:
    """The rule's class of a tidied answer given its compound score (None: not applicable)."""
    if compound is None:
        if _says_nothing(text) and kind == "improve":
            return "positive"
        if _says_nothing(text) and kind == "good":
            return "negative"
        return "mixed"
    if kind == "improve":
        if _NOTHING_THEN.match(text):  # "Nothing, ..." then whatever was said about it
            return "mixed" if compound <= NEGATIVE_AT else "positive"
        if compound <= IMPROVE_NEGATIVE_AT:
            return "negative"
        return "positive" if compound >= POSITIVE_AT else "mixed"
    if compound < POSITIVE_AT and _kept_waiting(text):
        return "negative"
    if kind == "good" and compound > NEGATIVE_AT:
        return "positive"  # naming something in answer to "what was good?" praises it
    if compound >= POSITIVE_AT:
        return "positive"
    return "negative" if compound <= NEGATIVE_AT else "mixed"


def _scored(text: str | None, kind: str) -> tuple[str, dict[str, float] | None, str]:
    """The tidied answer, its lexicon scores (None when not applicable) and the rule's class."""
    text = tidy(text)
    if is_not_applicable(text):
        return text, None, _judge(text, kind, None)
    scores = lexicon_scores(text, kind)
    return text, scores, _judge(text, kind, scores["compound"])


def rule_sentiment(text: str, kind: str = "general") -> str:
    """The class of one answer by the lexicon and the question-aware rules."""
    return _scored(text, kind)[2]


def rule_sentiments(texts: Sequence[str], kinds: Sequence[str] | str = "general") -> list[str]:
    """One of ``SENTIMENTS`` per answer, by the lexicon and rules; ``kinds`` is one question
    kind for all answers or one per answer."""
    return [rule_sentiment(t, k) for t, k in zip(texts, kinds_for(kinds, len(texts)), strict=True)]


def _dense_features(texts: Sequence[str], kinds: Sequence[str]) -> sparse.csr_matrix:
    """Per answer: the lexicon's four scores, the rule's class, the question kind, the
    compound score within each kind (so the model weighs the lexicon per question), and
    whether the answer is not applicable."""
    from scipy import sparse

    rows = []
    for text, kind in zip(texts, kinds, strict=True):
        _, found, rule = _scored(text, kind)
        applicable = found is not None
        scores = found if found is not None else NEUTRAL
        kind_hot = [float(kind == k) for k in KINDS]
        rows.append(
            [scores["neg"], scores["neu"], scores["pos"], scores["compound"]]
            + [float(rule == s) for s in SENTIMENTS]
            + kind_hot
            + [scores["compound"] * h for h in kind_hot]
            + [float(not applicable)]
        )
    return sparse.csr_matrix(np.asarray(rows, dtype=np.float64))


class SentimentModel:
    """A three-class sentiment classifier trained from coded answers (``fit``), predicting one
    of ``SENTIMENTS`` per answer (``predict``). Deterministic."""

    def __init__(self, C: float = 2.0, seed: int = 0) -> None:
        from sklearn.linear_model import LogisticRegression

        self.C = C
        self.seed = seed
        self.model = LogisticRegression(C=C, max_iter=2000, random_state=seed)

    def _features(self, texts: Sequence[str], kinds: Sequence[str], fit: bool) -> sparse.spmatrix:
        """One row per answer: TF-IDF of its words and characters, of its words tagged with
        the question kind, and the lexicon and rule features."""
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer

        tidied = [tidy(t) for t in texts]
        tokens = [words_of(t) for t in tidied]
        tagged = list(zip(kinds, tokens, strict=True))
        if fit:
            min_df = min_df_for(len(texts))
            self.text = TextFeatures(chars=(2, 4), min_df=min_df)
            self.kind_words = TfidfVectorizer(
                analyzer=kind_lemmas, min_df=min_df, sublinear_tf=True
            )
            text = self.text.fit_transform(tokens)
            kind_words = self.kind_words.fit_transform(tagged)
            self.kind_words.stop_words_ = None  # only for introspection; it bloats a pickle
        else:
            text, kind_words = self.text.transform(tokens), self.kind_words.transform(tagged)
        return sparse.hstack([text, kind_words, _dense_features(tidied, kinds)], format="csr")

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        kinds: Sequence[str] | str | None = None,
    ) -> SentimentModel:
        """Learn from answers and their classes (each one of ``SENTIMENTS``)."""
        unknown = set(labels) - set(SENTIMENTS)
        if unknown:
            raise ValueError(f"sentiment labels must be {SENTIMENTS}, not {sorted(unknown)}")
        texts = list(texts)
        features = self._features(texts, kinds_for(kinds, len(texts)), fit=True)
        self.model.fit(features, list(labels))
        return self

    def predict(self, texts: Sequence[str], kinds: Sequence[str] | str | None = None) -> list[str]:
        """One of ``SENTIMENTS`` per answer."""
        texts = list(texts)
        if not texts:
            return []
        features = self._features(texts, kinds_for(kinds, len(texts)), fit=False)
        return [str(label) for label in self.model.predict(features)]
