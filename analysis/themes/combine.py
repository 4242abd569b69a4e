"""Automatic coding of written answers: the rules, combined with a classifier and a sentiment
model trained on people's codes when there are any. How the two combine is decided here, so a
notebook codes answers exactly as the app does:

- the rules always run: they find the themes by their words (with the evidence shown to
  reviewers), and an answer that says nothing to code ("n/a", "nothing") gets no theme at all;
- a trained classifier decides the themes it can give; the rules keep the others;
- sentiment comes from the trained model when there is one, else from the lexicon and the
  question's kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.themes.classifier import ThemeClassifier
from analysis.themes.codebook import Codebook
from analysis.themes.rules import Evidence, RuleCoder
from analysis.themes.sentiment import SentimentModel, question_kind, rule_sentiments

__all__ = ["AutoCoding", "auto_code"]


@dataclass(frozen=True)
class AutoCoding:
    """What the machine says of one answer."""

    codes: tuple[str, ...]  # theme keys
    scores: dict[str, float]  # the classifier's score per theme (none without a classifier)
    evidence: tuple[Evidence, ...]  # the words behind the rules' codes
    sentiment: str
    not_applicable: bool
    method: str  # "rules", or "combined" with a trained classifier


def auto_code(
    texts: Sequence[str],
    question: str | None,
    rules: RuleCoder,
    codebook: Codebook,
    themes: ThemeClassifier | None = None,
    sentiment: SentimentModel | None = None,
) -> list[AutoCoding]:
    """Code ``texts``, the answers to the question worded ``question``, with ``rules`` (compiled
    from ``codebook``) and the trained models when given."""
    texts = list(texts)
    kind = question_kind(question)
    kinds = [kind] * len(texts)
    codings = rules.code_many(texts)
    model_codes = themes.predict(texts, kinds) if themes else None
    model_scores = themes.scores(texts, kinds) if themes else None
    feelings = sentiment.predict(texts, kinds) if sentiment else rule_sentiments(texts, kind)
    learned = set(themes.labels) if themes else set()
    found = []
    for i, coding in enumerate(codings):
        scores = model_scores[i] if model_scores else {}
        codes = list(coding.codes)
        if model_codes is not None and not coding.not_applicable:
            # The model decides the themes it has learned; the rules keep the others.
            kept = [c for c in codes if c not in learned]
            codes = kept + [
                c for c in model_codes[i] if codebook.theme(c) is not None and c not in kept
            ]
        found.append(
            AutoCoding(
                codes=tuple(codes),
                scores={k: round(v, 4) for k, v in scores.items()},
                evidence=coding.evidence,
                sentiment=feelings[i],
                not_applicable=coding.not_applicable,
                method="combined" if themes else "rules",
            )
        )
    return found
