"""Candidate quotes for a theme and a sentiment, ranked as representative: an answer that is
about this theme (not about five things at once), of a length a report can quote, and close in
its words to the other answers raising the theme. Staff approve each quote before it is
published; the ranking only puts the likely ones first."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.themes.tables import check_coded

BEST_WORDS = (8, 60)  # a quote a report can print whole


@dataclass(frozen=True)
class QuoteCandidate:
    answer_id: int
    text: str
    score: float


def _length_fit(words: int) -> float:
    low, high = BEST_WORDS
    if low <= words <= high:
        return 1.0
    return max(0.0, 1 - (low - words) / low) if words < low else max(0.0, high / words)


def quote_candidates(
    coded: pd.DataFrame, theme: str, sentiment: str, *, limit: int = 5
) -> list[QuoteCandidate]:
    """The best ``limit`` answers coded ``theme`` with ``sentiment``, best first."""
    check_coded(coded)
    hits = coded[
        coded["codes"].map(lambda codes: theme in (codes or ()))
        & (coded["sentiment"] == sentiment)
        & ~coded["not_applicable"].astype(bool)
    ]
    if hits.empty:
        return []
    texts = hits["text"].fillna("").astype(str).tolist()
    similarity = _centrality(texts)
    scored = []
    for (_, row), text, central in zip(hits.iterrows(), texts, similarity, strict=True):
        focus = 1 / max(1, len(row["codes"] or ()))
        staff = 0.1 if row["coded_by"] == "staff" else 0.0
        score = 0.5 * central + 0.3 * focus + 0.2 * _length_fit(len(text.split())) + staff
        scored.append(QuoteCandidate(int(row["answer_id"]), text, round(float(score), 4)))
    scored.sort(key=lambda c: (-c.score, c.answer_id))
    # The same words from several people are one quote (the first answer stands for them).
    seen: set[str] = set()
    unique = []
    for candidate in scored:
        words = " ".join(candidate.text.lower().split())
        if words not in seen:
            seen.add(words)
            unique.append(candidate)
    return unique[:limit]


def _centrality(texts: list[str]) -> np.ndarray:
    """Each text's cosine similarity to the centroid of them all (1 when there is one)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return np.ones(len(texts))
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # nothing but stop words
        return np.ones(len(texts))
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if not norm:
        return np.zeros(len(texts))
    return np.asarray(matrix @ (centroid / norm)).ravel()
