"""A consistent copy of the database while the app runs, put back into an empty database with a
proof that nothing was lost.

The copy: SQLite's online backup API (a consistent state of the file, even while patients are
saving) or ``pg_dump`` of an exported snapshot. Beside it, ``<copy>.proof.json`` holds each
table's row count and a checksum of its rows in key order, read from the same state as the copy.
Restoring refuses a database that holds anything, puts the copy back (SQLite's backup API the
other way, or ``pg_restore``) and reads the proof again from what was restored: every table must
match, row for row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from surveyapp.models import Base
from surveyapp.services import ServiceError

PROOF_SUFFIX = ".proof.json"
#: Rows read at a time while checksumming (a table of millions is streamed, not held).
_BATCH = 20_000


class BackupError(ServiceError):
    pass


@dataclass(frozen=True)
class Proof:
    """Per table: rows and the SHA-256 of its rows in primary-key order."""

    database: str
    revision: str | None
    tables: dict[str, tuple[int, str]]

    def to_json(self) -> str:
        return json.dumps(
            {
                "database": self.database,
                "revision": self.revision,
                "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "tables": {k: {"rows": r, "sha256": h} for k, (r, h) in self.tables.items()},
            },
            indent=2,
        )

    @classmethod
    def read(cls, path: Path) -> Proof:
        data = json.loads(path.read_text(encoding="utf-8"))
        tables = {k: (v["rows"], v["sha256"]) for k, v in data["tables"].items()}
        return cls(data["database"], data["revision"], tables)

    def differences(self, other: Proof) -> list[str]:
        """What ``other`` (read from a restored database) lacks or holds differently."""
        found = []
        for name, (rows, digest) in self.tables.items():
            if name not in other.tables:
                found.append(f"table {name} is missing")
            elif other.tables[name][0] != rows:
                found.append(f"table {name} has {other.tables[name][0]} rows, not {rows}")
            elif other.tables[name][1] != digest:
                found.append(f"table {name} has {rows} rows but their contents differ")
        return found


def proof_of(connection: Connection) -> Proof:
    """Row counts and checksums of the app's tables, as ``connection`` sees them."""
    tables: dict[str, tuple[int, str]] = {}
    for table in Base.metadata.sorted_tables:
        digest = hashlib.sha256()
        rows = 0
        query = select(table).order_by(*table.primary_key.columns)
        result = connection.execution_options(yield_per=_BATCH).execute(query)
        for row in result:
            # repr of the values as the driver gives them: the same for the same database kind.
            digest.update(repr(tuple(row)).encode())
            rows += 1
        tables[table.name] = (rows, digest.hexdigest())
    revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
    return Proof(connection.dialect.name, revision, tables)


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up")
    return Path(database)


def _read_only(path: Path) -> str:
    """A URI opening the SQLite file at ``path`` read-only (any characters in its name)."""
    return f"{path.resolve().as_uri()}?mode=ro"


def _libpq(url: str) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools (Debian: "
            "apt-get install postgresql-client) to back up or restore PostgreSQL"
        )
    return found


def backup(url: str, target: Path) -> Proof:
    """Copy the database at ``url`` to ``target`` (and its proof beside it), consistently while
    the app keeps running."""
    if target.exists():
        raise BackupError(f"{target} exists already: name a new file, so no backup is overwritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        source = sqlite3.connect(_read_only(_sqlite_path(url)), uri=True)
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # restarts by itself if a write lands mid-way
        finally:
            copy.close()
            source.close()
        engine = create_engine(f"sqlite:///{target}")
        with engine.connect() as connection:
            proof = proof_of(connection)
        engine.dispose()
    else:
        engine = create_engine(url)
        with engine.connect() as connection:
            # pg_dump reads the snapshot this transaction exports; the proof is read in it too.
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            # The arguments are the configured URL and a path the admin named: no shell.
            dumped = subprocess.run(  # noqa: S603
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-owner",
                    "--file",
                    str(target),
                    "--dbname",
                    _libpq(url),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if dumped.returncode != 0:
                target.unlink(missing_ok=True)
                raise BackupError(f"pg_dump failed: {dumped.stderr.strip()}")
            proof = proof_of(connection)
        engine.dispose()
    Path(f"{target}{PROOF_SUFFIX}").write_text(proof.to_json(), encoding="utf-8")
    return proof


def restore(url: str, source: Path) -> Proof:
    """Put the backup ``source`` into the empty database at ``url``; return the proof read back
    from it. Raises ``BackupError`` if the database holds anything, or if what was restored
    differs from what was backed up."""
    proof_file = Path(f"{source}{PROOF_SUFFIX}")
    if not source.is_file() or not proof_file.is_file():
        raise BackupError(
            f"{source} and {proof_file.name} beside it are needed: restore a file that "
            "'surveyapp backup' made"
        )
    expected = Proof.read(proof_file)
    engine = create_engine(url)
    try:
        if expected.database != engine.dialect.name:
            raise BackupError(
                f"{source} is a {expected.database} backup; DATABASE_URL is {engine.dialect.name}"
            )
        if inspect(engine).get_table_names():
            raise BackupError(
                "The database to restore into already holds tables: restore into a new, empty "
                "database (nothing is overwritten)"
            )
        engine.dispose()  # nothing of the empty database is held while it is filled
        if expected.database == "sqlite":
            backup_copy = sqlite3.connect(_read_only(source), uri=True)
            restored_db = sqlite3.connect(_sqlite_path(url))
            try:
                with restored_db:
                    backup_copy.backup(restored_db)
            finally:
                restored_db.close()
                backup_copy.close()
        else:
            restored = subprocess.run(  # noqa: S603 (as pg_dump's, above)
                [
                    _tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--dbname",
                    _libpq(url),
                    str(source),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if restored.returncode != 0:
                raise BackupError(f"pg_restore failed: {restored.stderr.strip()}")
        engine = create_engine(url)
        with engine.connect() as connection:
            found = proof_of(connection)
    finally:
        engine.dispose()
    differences = expected.differences(found)
    if differences:
        raise BackupError(
            "The restored database differs from the backup: " + "; ".join(differences)
        )
    return found
