"""Writing many rows at once: PostgreSQL's COPY where the database is PostgreSQL, one prepared
statement run over every row elsewhere.

Why COPY: 2.1 million answers (100,000 paper returns) took minutes through ``executemany`` on
PostgreSQL, one round trip per row under the hood; COPY streams them in one go, about ten times
faster than the fastest statement form. SQLite has no network in between, so ``executemany``
is already as fast as it gets there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session


def insert_rows_returning_ids(
    session: Session, table: Table, rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Insert ``rows`` into ``table`` (integer primary key ``id``) and return their new ids in
    the order given.

    On PostgreSQL the ids are drawn from the table's sequence first and the rows copied in with
    them: a thousand-row INSERT ... RETURNING costs the driver more to prepare than COPY takes
    to send the rows. Elsewhere SQLAlchemy's "insertmanyvalues" hands the ids back in order.
    """
    if not rows:
        return []
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.scalars(statement, list(rows)))
    sequence = session.scalar(select(func.pg_get_serial_sequence(table.name, "id")))
    ids = list(
        session.scalars(
            select(func.nextval(sequence)).select_from(
                func.generate_series(1, len(rows)).table_valued("n")
            )
        )
    )
    insert_rows(session, table, [{"id": id_, **row} for id_, row in zip(ids, rows, strict=True)])
    return ids


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` inside the session's
    transaction."""
    if not rows:
        return
    columns = list(rows[0])
    known = set(table.columns.keys())
    unknown = [name for name in columns if name not in known]
    if unknown:
        raise ValueError(f"{table.name} has no column {', '.join(unknown)}")
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), list(rows))
        return
    # COPY knows nothing of the model's Python-side defaults: every such column must be given.
    defaulted = [c.name for c in table.columns if c.default is not None and c.name not in columns]
    if defaulted:
        raise ValueError(f"give {table.name}.{', '.join(defaulted)}: COPY applies no defaults")
    driver = connection.connection.driver_connection
    if driver is None:  # pragma: no cover - a session inside a transaction has one
        raise RuntimeError("no database connection to copy rows through")
    names = ", ".join(f'"{name}"' for name in columns)
    # The table and column names come from the model, never from input.
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])


def refresh_statistics(session: Session, tables: Sequence[Table]) -> None:
    """Let PostgreSQL's planner see how many rows ``tables`` hold now (ANALYZE, committed).

    Why: after a bulk import the planner still has the statistics of the table as it was, and
    plans a study's counts as nested loops for the few rows it last saw; a 100,000-response
    workbook then took twice as long until autovacuum caught up, a minute or more later.
    ANALYZE reads a sample, a second or so however large the table. SQLite plans by its
    indexes and is left alone."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.commit()
    for table in tables:
        # The table names come from the model, never from input.
        session.execute(text(f'ANALYZE "{table.name}"'))
    session.commit()
