"""The app starts on a migrated database and serves its public start page; a setting that
cannot work is said at start-up, not on the first page that needs it."""

import re

import pytest

from surveyapp.app import create_app
from tests.helpers import submit_form  # noqa: F401


def test_index_lists_open_questionnaires(client, published):
    published("bromley", "patient/v1", "ons4/v1")
    page = client.get("/").get_data(as_text=True)
    assert "PATIENTS SURVEY" in page
    assert "/s/bromley/ons4" in page


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("TIME_ZONE", "Mars/Olympus_Mons", "SURVEYAPP_TIME_ZONE is 'Mars/Olympus_Mons'"),
        ("IMPORT_ROWS", "lots", "SURVEYAPP_IMPORT_ROWS is 'lots': use a whole number"),
        ("IMPORT_ROWS", "0", "SURVEYAPP_IMPORT_ROWS is '0'"),
        ("BANK_HOLIDAYS", "FR", "SURVEYAPP_BANK_HOLIDAYS is 'FR'"),
    ],
)
def test_a_setting_that_cannot_work_is_said_at_start_up(tmp_path, setting, value, said):
    with pytest.raises(ValueError, match=re.escape(said)):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", setting: value})
