"""How fast ``surveyapp import responses`` takes a large file of returns: a CSV of N generated
patient v1 returns (every question, conditions followed, some blanks, written answers, the
"please specify" texts, a reference per row), imported by the real command into a fresh
database, beside reading the same file with the csv module alone, in the same run.

    .venv/bin/python -m benchmarks.import_returns --rows 100000
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m benchmarks.import_returns --rows 100000

Prints figures; asserts nothing. The PostgreSQL run empties that database's public schema.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.processes import ROOT, run_command
from benchmarks.study_data import database_url
from questionnaires import load_definition
from surveyapp.services.demo import generate_answers


def write_returns(path: Path, rows: int, seed: int = 2023) -> None:
    """``rows`` generated patient v1 returns as a CSV, one column per question."""
    definition = load_definition("patient", 1)
    columns = [q.id for q in definition.questions() if q.takes_answer and q.type != "grid"]
    others = [q.id for q in definition.questions() if q.other_option is not None]
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", *columns, *(f"{q}_other" for q in others)])
        for i in range(rows):
            cells: dict[str, list[str]] = {}
            for answer in generate_answers(definition, rng):
                value = answer.value_code or answer.text or ""
                if answer.number is not None and not answer.value_code:
                    value = f"{answer.number:g}"
                cells.setdefault(answer.question_id, []).append(value)
                if answer.other_text:
                    cells[f"{answer.question_id}_other"] = [answer.other_text]
            writer.writerow(
                [f"R{i:07d}"]
                + [";".join(cells.get(c, [])) for c in columns]
                + [";".join(cells.get(f"{q}_other", [])) for q in others]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    data = folder / "returns.csv"
    started = time.perf_counter()
    write_returns(data, args.rows)
    print(
        f"wrote {args.rows:,} returns ({data.stat().st_size / 1e6:.1f} MB) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    url = database_url(str(folder / "import.db"))
    env = {**os.environ, "DATABASE_URL": url}
    command = [str(ROOT / ".venv/bin/surveyapp")]
    for step in (["db", "upgrade"], ["questionnaires", "load"]):
        subprocess.run([*command, *step], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run(
        [*command, "study", "create", "imported", "--name", "Imported", "-i", "patient/v1"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    started = time.perf_counter()
    with data.open(newline="", encoding="utf-8") as handle:
        cells = sum(len(row) for row in csv.reader(handle))
    baseline = time.perf_counter() - started
    print(f"baseline: the csv module reads the file's {cells:,} cells in {baseline:.2f} s")
    where = url.split("@")[-1]
    steps = (("dry run", ["--dry-run"]), ("import", ["--no-coding"]), ("import again", []))
    for label, extra in steps:
        seconds, peak, last = run_command(
            [*command, "import", "responses", "imported", "patient/v1", str(data), *extra], env
        )
        print(
            f"{label:<13} {args.rows:>9,} rows on {where}: {seconds:7.1f} s "
            f"({args.rows / seconds:,.0f} rows/s, {seconds / baseline:.0f}x the csv module), "
            f"peak {peak:,.0f} MiB - {last}"
        )
    seconds, peak, last = run_command([*command, "themes", "code", "imported", "--new"], env)
    print(f"then coding the written answers: {seconds:.1f} s, peak {peak:,.0f} MiB - {last}")


if __name__ == "__main__":
    main()
