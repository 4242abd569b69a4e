"""Declarative base with a constraint naming convention, and reusable column types.

Named constraints make Alembic migrations reproducible and error messages traceable (the pattern of
pypi/warehouse and indico).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from sqlalchemy import DateTime, Integer, MetaData, String, func
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
created_at = Annotated[
    dt.datetime,
    mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now()),
]
timestamp = Annotated[dt.datetime, mapped_column(DateTime(timezone=True))]
slug = Annotated[str, mapped_column(String(64))]
sha256 = Annotated[str, mapped_column(String(64))]
short_text = Annotated[str, mapped_column(String(255))]


def in_list(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK that ``column`` is one of ``values`` (the values are our own constants)."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
