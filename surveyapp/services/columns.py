"""Reading many rows at once, as columns: a SELECT run through ADBC (Arrow Database
Connectivity), which hands SQLite's and PostgreSQL's rows over as Arrow columns without making a
Python object per value. Two million answer rows read in about 2 s instead of 8 s through the
DB-API, in a fraction of the memory; this is what keeps the findings of a 100,000-response study
within seconds.

The statement is an SQLAlchemy ``Select``, compiled with its (our own) values inline, so there is
one definition of each query. ADBC opens its own connection: it sees committed data, never the
caller's uncommitted changes. A database ADBC cannot open (SQLite in memory) is read through the
session instead, into the same Arrow table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Select, String, cast
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

if TYPE_CHECKING:
    from adbc_driver_manager.dbapi import Connection

#: How long an SQLite read waits for a writer to finish, in ms (the app's engine waits 15 s).
SQLITE_BUSY_MS = 15_000
#: The SQLite driver's option for the rows in each batch it hands over.
SQLITE_BATCH_ROWS = "adbc.sqlite.query.batch_rows"


def read_columns(session: Session, statement: Select) -> pa.Table:
    """The rows of ``statement`` as an Arrow table (one column per selected column)."""
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        statement = _sqlite_types(statement)
    sql = str(statement.compile(dialect=bind.dialect, compile_kwargs={"literal_binds": True}))
    names = [column.name for column in statement.selected_columns]
    connection = _adbc(bind.url)
    if connection is None:
        rows = session.execute(statement).all()
        return pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})
    with connection, connection.cursor() as cursor:
        if bind.dialect.name == "sqlite":
            # The driver types each column by its first batch of rows; a column that starts
            # with NULLs would be typed wrongly, so the whole result is one batch.
            cursor.adbc_statement.set_options(**{SQLITE_BATCH_ROWS: str(2**30)})
        cursor.execute(sql)
        table = cursor.fetch_arrow_table()
    return table.rename_columns(names)


def _sqlite_types(statement: Select) -> Select:
    """``statement`` with each column cast to one storage class. SQLite keeps a value's own type
    (a whole number in a REAL column is stored as an integer), while ADBC gives a column the
    type of its first values and refuses others; dates become their ISO text, as stored."""
    columns = []
    for column in statement.selected_columns:
        kind = column.type
        if isinstance(kind, Date | DateTime):
            target: TypeEngine = String()
        elif isinstance(kind, Boolean):
            target = Integer()
        elif isinstance(kind, Float | Integer | String):
            target = kind
        else:
            columns.append(column)
            continue
        columns.append(cast(column, target).label(column.name))
    return statement.with_only_columns(*columns)


def _adbc(url: URL) -> Connection | None:
    """An ADBC connection to the database at ``url``, or None where ADBC cannot reach it."""
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        import adbc_driver_sqlite.dbapi

        connection = adbc_driver_sqlite.dbapi.connect(url.database)
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        return connection
    if backend == "postgresql":
        import adbc_driver_postgresql.dbapi

        uri = url.set(drivername="postgresql").render_as_string(hide_password=False)
        return adbc_driver_postgresql.dbapi.connect(uri)
    return None
