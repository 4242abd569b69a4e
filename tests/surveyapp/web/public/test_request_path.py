"""The patient's path stays cheap: a page of a public form takes a few statements whatever the
number of its questions, and what is built from a published version is built once per process.
(benchmarks/serving.py measures the time; these pin down what made it fast.)"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from benchmarks.online_submission import PAGE1, PAGE2
from surveyapp.extensions import db
from surveyapp.forms.pages import pages
from surveyapp.forms.questionnaire import section_form_class
from surveyapp.services.studies import open_instrument
from tests.helpers import hidden_fields

START = "/s/bromley/patient"


@pytest.fixture
def study(published):
    return published("bromley", "patient/v1")


@contextmanager
def statements(app):
    """The SQL statements sent while the block runs (an executemany counts once)."""
    sent: list[str] = []
    with app.app_context():
        engine = db.engine

    def note(_conn, _cursor, statement, _parameters, _context, _executemany):
        sent.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_each_page_of_the_patient_form_takes_a_few_statements(app, client, study):
    url = START
    for number, answers in enumerate((PAGE1, PAGE2, {}), start=1):
        with statements(app) as shown:
            page = client.get(url)
        assert page.status_code == 200
        # The study, its instrument and version in one query; the response and what it
        # holds for this page.
        assert len(shown) <= 3, shown
        form = hidden_fields(page.get_data(as_text=True))
        with statements(app) as saved:
            posted = client.post(url, data={**form, **answers})
        assert posted.status_code == 302
        inserts = [s for s in saved if s.startswith("INSERT INTO answer")]
        # Eleven answers on page 1, two on page 2: one statement each time, not one a row.
        assert len(inserts) <= (2 if number == 3 else 1), saved
        assert len(saved) <= 9, saved
        url = posted.headers["Location"]
    with statements(app) as done:
        assert client.get(url).status_code == 200
    assert len(done) <= 2, done


def test_a_version_s_form_classes_are_built_once(app, study):
    with app.app_context():
        _study, _instrument, definition = open_instrument(db.session, "bromley", "patient")
        first, second = pages(definition)[:2]
        assert section_form_class(definition, first, first=True) is section_form_class(
            definition, first, first=True
        )
        # Each page, and the first page with or without the participant code, has its own.
        assert section_form_class(definition, first, first=True) is not section_form_class(
            definition, second, first=False
        )
