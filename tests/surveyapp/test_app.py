"""The app starts on a migrated database and serves its public start page."""

from tests.helpers import submit_form  # noqa: F401


def test_index_lists_open_questionnaires(client, published):
    published("bromley", "patient/v1", "ons4/v1")
    page = client.get("/").get_data(as_text=True)
    assert "PATIENTS SURVEY" in page
    assert "/s/bromley/ons4" in page
