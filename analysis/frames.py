"""The tidy answer frame: the contract between ``surveyapp`` (which builds it) and ``analysis``.

Long format, one row per answer value (DESIGN.md): a multiple choice is several rows, a grid one
row per cell (``item``), a question left blank one row with ``state='blank'``. Contact details are
never part of it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from questionnaires.answers import ANSWER_STATES

TIDY_COLUMNS = (
    "response_id",
    "study",
    "questionnaire",
    "version",
    "question_id",
    "item",
    "value_code",
    "value_label",
    "other_text",
    "text",
    "number",
    "date",
    "state",
    "condition_met",
    "channel",
    "submitted_at",
    "participant_code",
    "timepoint",
)


class TidyFrameError(ValueError):
    """A frame that is not a tidy answer frame; the message says what is wrong with it."""


def check_tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` itself if it has every tidy column and only known states; else TidyFrameError.

    Analysis functions call this first, so a CSV loaded in a notebook fails with a clear message
    rather than deep inside a calculation.
    """
    missing = [c for c in TIDY_COLUMNS if c not in frame.columns]
    if missing:
        raise TidyFrameError(f"The answer frame lacks the column(s) {', '.join(missing)}")
    unknown = sorted(set(_present(frame["state"])) - set(ANSWER_STATES))
    if unknown:
        raise TidyFrameError(f"Unknown answer state(s) {', '.join(map(str, unknown))}")
    return frame


def _present(column: pd.Series) -> list:
    """The distinct values ``column`` holds (a categorical column's used categories), fast."""
    return [v for v in column.unique() if not pd.isna(v)]


def rows_of(frame: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """The rows of ``frame`` whose ``column`` is ``value``: ``frame`` itself, not a copy, when
    every row already is (a frame of one instrument, asked for that instrument)."""
    values = frame[column]
    if len(frame) and _present(values) == [value]:
        return frame
    return frame.loc[values == value]


class QuestionRows:
    """A tidy frame's rows split by question once, so that every table, summary and crosstab
    of a study counts on the few rows of its own questions rather than filtering all of them:
    ``rows("overall_rating")``, ``rows("referred_by", "overall_rating")``."""

    def __init__(self, frame: pd.DataFrame, *, tidy: bool = True) -> None:
        # A frame of answers already counted (``analysis.tables.COUNTED_COLUMNS``) is split the
        # same way but is not a tidy frame.
        self.frame = check_tidy(frame) if tidy else frame
        ids = frame["question_id"]
        self._positions = {
            str(key): positions
            for key, positions in frame.groupby(ids.astype(object), sort=False).indices.items()
        }

    def rows(self, *question_ids: str) -> pd.DataFrame:
        """The rows answering any of ``question_ids``, in the frame's order."""
        found = [self._positions[q] for q in question_ids if q in self._positions]
        if not found:
            return self.frame.iloc[0:0]
        positions = found[0] if len(found) == 1 else np.sort(np.concatenate(found))
        return self.frame.iloc[positions]
