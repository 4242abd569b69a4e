"""Writing many rows at once: COPY on PostgreSQL, one prepared statement on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from surveyapp.models import Organisation, QualityIssue
from surveyapp.models.base import utcnow
from surveyapp.services.bulk import insert_rows, insert_rows_returning_ids, refresh_statistics


def test_new_ids_come_back_in_the_order_given(session):
    names = [f"Organisation {i:04d}" for i in range(2500)][::-1]
    rows = [{"name": name, "created_at": utcnow()} for name in names]
    ids = insert_rows_returning_ids(session, Organisation.__table__, rows)
    stored = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    assert [stored[i] for i in ids] == names


def test_a_column_the_model_fills_in_must_be_given_on_postgresql(session, backend):
    row = {"response_id": 1, "question_id": "q", "item": "", "rule": "r", "message": "m"}
    if backend == "postgresql":
        with pytest.raises(ValueError, match="COPY applies no defaults"):
            insert_rows(session, QualityIssue.__table__, [{**row, "status": "open"}])
    with pytest.raises(ValueError, match="has no column colour"):
        insert_rows(session, Organisation.__table__, [{"name": "x", "colour": "red"}])


def test_after_a_bulk_write_the_planner_knows_how_many_rows_there_are(session, backend):
    rows = [{"name": f"Organisation {i:04d}", "created_at": utcnow()} for i in range(2500)]
    insert_rows(session, Organisation.__table__, rows)
    session.commit()
    refresh_statistics(session, [Organisation.__table__])
    if backend == "postgresql":
        estimate = session.scalar(
            text("SELECT reltuples FROM pg_class WHERE relname = 'organisation'")
        )
        assert estimate == 2500
    assert session.scalar(select(func.count(Organisation.id))) == 2500
