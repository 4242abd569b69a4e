"""Two posts of the same page at the same moment (a double click without JavaScript, a proxy's
retry) store one response and both get its reference, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from questionnaires.answers import GivenAnswer
from surveyapp.models import Answer, Response
from surveyapp.services.definitions import served_definition
from surveyapp.services.responses import save_page
from surveyapp.services.studies import get_study


def _race(app, times: int, **kwargs) -> list:
    """Run ``save_page(**kwargs)`` ``times`` times at once, each in its own session."""
    maker = app.extensions["surveyapp.sessionmaker"]
    barrier = threading.Barrier(times)
    results: list = []
    errors: list = []

    def post() -> None:
        with maker() as own:
            study = get_study(own, "wb")
            instrument = study.instruments[0]
            definition = served_definition_in(app, own, instrument)
            barrier.wait()
            try:
                saved = save_page(
                    own,
                    study=study,
                    instrument=instrument,
                    definition=definition,
                    pages=[(definition.sections[0], [GivenAnswer("happiness", "", "7", number=7)])],
                    **kwargs,
                )
                results.append(saved.reference)
            except Exception as exc:
                errors.append(exc)

    threads = [threading.Thread(target=post) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def served_definition_in(app, session, instrument):
    with app.app_context():
        return served_definition(session, instrument.questionnaire_version)


def test_simultaneous_first_posts_store_one_response(app, published, session):
    published("wb", "ons4/v1")
    references = _race(app, 4, start_key="same-start-key", final=True)
    assert len(set(references)) == 1
    assert session.scalar(select(func.count(Response.id))) == 1
    happiness = session.scalars(select(Answer).filter_by(question_id="happiness")).all()
    assert [a.value_code for a in happiness] == ["7"]


def test_simultaneous_final_posts_of_a_form_in_progress_store_one(app, published, session):
    published("wb", "ons4/v1")
    first = _race(app, 1, start_key="k1", final=False)
    token = session.scalar(select(Response.resume_token))
    assert first
    references = _race(app, 4, resume_token=token, final=True)
    assert len(set(references)) == 1
    session.expire_all()
    response = session.scalar(select(Response))
    assert response.status == "submitted"
    assert sum(a.question_id == "happiness" for a in response.answers) == 1
