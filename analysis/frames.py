"""The tidy answer frame: the contract between ``surveyapp`` (which builds it) and ``analysis``.

Long format, one row per answer value (DESIGN.md): a multiple choice is several rows, a grid one
row per cell (``item``), a question left blank one row with ``state='blank'``. Contact details are
never part of it.
"""

from __future__ import annotations

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
    unknown = sorted(set(frame["state"].dropna()) - set(ANSWER_STATES))
    if unknown:
        raise TidyFrameError(f"Unknown answer state(s) {', '.join(map(str, unknown))}")
    return frame
