"""Emerging themes: the answers no theme caught, grouped by the words they share (NMF over
TF-IDF of spaCy lemmas), each group shown with its top words and example answers, so staff can
see what the codebook misses and add a theme in one step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.themes.nlp import lemma_pipeline, lowered

MIN_ANSWERS = 6
#: Longer than any English word: a run of one key held down is not a theme's word.
LONGEST_WORD = 30


@dataclass(frozen=True)
class EmergingTheme:
    words: tuple[str, ...]  # the group's top words (lemmas), most telling first
    answer_ids: tuple[int, ...]  # the answers in the group, most typical first
    examples: tuple[str, ...]


def _lemmas(texts: Sequence[str]) -> list[str]:
    nlp = lemma_pipeline()
    stop = nlp.Defaults.stop_words
    return [
        " ".join(
            t.lemma_
            for t in doc
            if t.is_alpha and 2 < len(t) <= LONGEST_WORD and t.lemma_ not in stop
        )
        for doc in nlp.pipe(lowered(t) for t in texts)
    ]


def emerging_themes(
    texts: Sequence[str],
    answer_ids: Sequence[int],
    *,
    groups: int | None = None,
    top_words: int = 6,
    examples: int = 3,
    seed: int = 0,
) -> list[EmergingTheme]:
    """Groups of the ``texts`` (answers no theme caught), largest first. Fewer than
    ``MIN_ANSWERS`` answers, or too few shared words, give no groups."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < MIN_ANSWERS:
        return []
    lemmas = _lemmas(texts)
    try:
        vectorizer = TfidfVectorizer(min_df=2, max_df=0.8, sublinear_tf=True)
        matrix = vectorizer.fit_transform(lemmas)
    except ValueError:  # no word in two answers
        return []
    vocabulary = vectorizer.get_feature_names_out()
    k = groups or max(2, min(8, len(texts) // 10))
    k = min(k, matrix.shape[1], matrix.shape[0] - 1)
    if k < 1:
        return []
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400)
    # Answers that repeat each other word for word factorise exactly, and the model's error
    # (which we never read) comes out a rounding error below zero: sqrt of it warns, harmlessly.
    with np.errstate(invalid="ignore"):
        weights = model.fit_transform(matrix)
    owner = weights.argmax(axis=1)
    found = []
    for group in range(k):
        members = np.where((owner == group) & (weights.max(axis=1) > 0))[0]
        if len(members) < 2:
            continue
        members = members[np.argsort(-weights[members, group])]
        weights_of = model.components_[group]
        ranked = [i for i in np.argsort(-weights_of) if weights_of[i] > 1e-6][:top_words]
        words = tuple(vocabulary[i] for i in ranked)
        found.append(
            EmergingTheme(
                words=words,
                answer_ids=tuple(int(answer_ids[i]) for i in members),
                examples=tuple(texts[i] for i in members[:examples]),
            )
        )
    found.sort(key=lambda g: -len(g.answer_ids))
    return found
