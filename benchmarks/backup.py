"""How long a backup and a restore take for a study of N responses, through the real commands
(``surveyapp backup``, then ``surveyapp restore`` into a new, empty database, each a process of
its own), beside the plain copy a person might do instead in the same run: the file copied
(SQLite), or ``pg_dump`` and ``pg_restore`` alone (PostgreSQL). The difference is the proof:
every table read back and checksummed, at the backup and again after the restore.

    .venv/bin/python -m benchmarks.backup [--responses 1000000]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m benchmarks.backup

Prints figures; asserts nothing. PostgreSQL: the database named is emptied, and a database
``<name>_restored`` is made (and dropped) beside it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.findings_at_scale import SURVEYAPP
from benchmarks.processes import run_command
from benchmarks.study_data import database_url, load_study


def _tool(name: str) -> str:
    return shutil.which(name) or name


def _restored_database(url: str, folder: Path) -> str:
    """A new, empty database of the same kind as ``url``."""
    if url.startswith("sqlite"):
        return f"sqlite:///{folder / 'restored.db'}"
    base = make_url(url)
    restored = base.set(database=f"{base.database}_restored")
    _drop(restored.render_as_string(hide_password=False))
    server = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{restored.database}"'))
    server.dispose()
    return restored.render_as_string(hide_password=False)


def _plain_copy(url: str, folder: Path) -> float:
    """Seconds for the copy without a proof: the file, or pg_dump then pg_restore."""
    started = time.perf_counter()
    if url.startswith("sqlite"):
        shutil.copyfile(str(make_url(url).database), folder / "plain.db")
        return time.perf_counter() - started
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    dump = folder / "plain.dump"
    subprocess.run([_tool("pg_dump"), "--format=custom", "--file", str(dump), libpq], check=True)
    target = make_url(_restored_database(url, folder))
    subprocess.run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--dbname",
            target.set(drivername="postgresql").render_as_string(hide_password=False),
            str(dump),
        ],
        check=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = database_url(str(folder / "study.db"))
    loaded = load_study(url, args.responses)
    print(f"study of {args.responses:,} responses loaded in {sum(loaded.values()):.1f} s")
    env = {**os.environ, "DATABASE_URL": url, "SURVEYAPP_SECRET_KEY": "bench"}
    baseline = _plain_copy(url, folder)
    copy = folder / "backup.bak"
    made, made_mib, said = run_command([SURVEYAPP, "backup", str(copy)], env)
    print(f"  surveyapp backup     {made:7.1f} s  {made_mib:6.0f} MiB  {said}")
    restored_url = _restored_database(url, folder)
    put, put_mib, said = run_command(
        [SURVEYAPP, "restore", str(copy)], {**env, "DATABASE_URL": restored_url}
    )
    print(f"  surveyapp restore    {put:7.1f} s  {put_mib:6.0f} MiB  {said[:90]}")
    kind = "file copy" if url.startswith("sqlite") else "pg_dump + pg_restore"
    print(
        f"  plain {kind:<15}{baseline:6.1f} s;  backup + restore with the proof: "
        f"{(made + put) / baseline:.1f} x that"
    )
    size = copy.stat().st_size / 2**20
    print(f"  backup file {size:,.0f} MiB")
    if not url.startswith("sqlite"):
        _drop(restored_url)


def _drop(url: str) -> None:
    base = make_url(url)
    server = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{base.database}" WITH (FORCE)'))
    server.dispose()


if __name__ == "__main__":
    main()
