"""Reading human-coded comments in the format of the NHS Friends and Family Test file
(``fft_v6_dev.csv``, see ``../shared/data/fft-themes/README.md``) for the theming benchmark.

Columns used: ``FFT answer`` (the comment), ``FFT question``, ``Comment sentiment`` (1-2
positive, 3 mixed/neutral, 4-5 negative; empty where not coded), ``Trust`` (only to split by
trust), and every column after ``Comment sentiment`` as one label each (a cell ``1`` where it
applies). A label column nobody ticked in the file is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.themes.sentiment import question_kind

ANSWER, QUESTION, SENTIMENT, TRUST = "FFT answer", "FFT question", "Comment sentiment", "Trust"
#: What the export writes where the respondent wrote nothing: read as an empty answer.
PLACEHOLDERS = frozenset({"did not answer"})
SENTIMENT_CLASSES = {1: "positive", 2: "positive", 3: "mixed", 4: "negative", 5: "negative"}


@dataclass(frozen=True)
class Coded:
    """Coded comments, one entry per row in each list, and the label names in file order."""

    texts: list[str]
    kinds: list[str]
    labels: list[tuple[str, ...]]
    sentiments: list[str | None]
    trusts: list[str]
    label_names: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, rows: Sequence[int]) -> Coded:
        """The rows at ``rows``, with the same label names."""
        return Coded(
            [self.texts[i] for i in rows],
            [self.kinds[i] for i in rows],
            [self.labels[i] for i in rows],
            [self.sentiments[i] for i in rows],
            [self.trusts[i] for i in rows],
            self.label_names,
        )


def read_coded(path: str | Path) -> Coded:
    """The coded comments in the CSV file at ``path``; ValueError names a missing column."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in (ANSWER, QUESTION, SENTIMENT) if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: no column {', '.join(repr(c) for c in missing)}")
    label_columns = list(frame.columns[frame.columns.get_loc(SENTIMENT) + 1 :])
    ticks = frame[label_columns].apply(pd.to_numeric, errors="coerce").fillna(0) > 0
    names = tuple(c for c in label_columns if ticks[c].any() and not c.startswith("Unnamed:"))
    ticks = ticks[list(names)].to_numpy()
    texts = [_answer(t) for t in frame[ANSWER]]
    kinds = [question_kind(q) for q in frame[QUESTION]]
    labels = [tuple(n for n, t in zip(names, row, strict=True) if t) for row in ticks]
    sentiments = [_sentiment(s) for s in frame[SENTIMENT]]
    trusts = list(frame[TRUST]) if TRUST in frame.columns else [""] * len(frame)
    return Coded(texts, kinds, labels, sentiments, trusts, names)


def combine(first: Coded, second: Coded) -> Coded:
    """Two files' rows together, labelled with the union of their label names."""
    names = first.label_names + tuple(n for n in second.label_names if n not in first.label_names)
    return Coded(
        first.texts + second.texts,
        first.kinds + second.kinds,
        first.labels + second.labels,
        first.sentiments + second.sentiments,
        first.trusts + second.trusts,
        names,
    )


def _answer(text: str) -> str:
    text = text.strip()
    return "" if text.lower() in PLACEHOLDERS else text


def _sentiment(cell: str) -> str | None:
    try:
        return SENTIMENT_CLASSES.get(round(float(cell)))
    except ValueError:
        return None
