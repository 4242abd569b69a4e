"""The tidy frame contract is checked with a message that says what is wrong."""

import pandas as pd
import pytest

from analysis.frames import TIDY_COLUMNS, TidyFrameError, check_tidy


def test_a_tidy_frame_passes_and_a_broken_one_is_named():
    good = pd.DataFrame([dict.fromkeys(TIDY_COLUMNS)] * 2).assign(state="answered")
    assert check_tidy(good) is good
    with pytest.raises(TidyFrameError, match="lacks the column\\(s\\) state"):
        check_tidy(good.drop(columns=["state"]))
    with pytest.raises(TidyFrameError, match="Unknown answer state\\(s\\) ticked"):
        check_tidy(good.assign(state="ticked"))
