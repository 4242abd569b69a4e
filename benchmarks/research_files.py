"""The data for researchers of a large study, through the real command, beside a plain pandas
baseline in the same run.

    .venv/bin/python -m benchmarks.research_files                       # 100,000 responses
    .venv/bin/python -m benchmarks.research_files --responses 10000
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m benchmarks.research_files

A study of N patient v1 responses is loaded (``benchmarks.study_data``: about 21 answer rows a
response, written answers included), then, each in its own process so that its peak memory is
its own:

* baseline: ``pd.read_sql`` of the study's answers (question, item, option, text, number) and
  ``pivot_table`` to one row per response and one column per question, written with
  ``to_csv``: the least any wide file must do, without labels, states or option columns;
* ``surveyapp export data bench -i patient -o FILE`` for FILE.csv, .sav and .dta.

Prints seconds, peak memory, the file's size and the ratio to the baseline; asserts nothing.
The PostgreSQL run empties that database's public schema; never point it at data you keep.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from benchmarks.processes import ROOT, run_command
from benchmarks.study_data import SLUG, database_url, load_study

SURVEYAPP = str(ROOT / ".venv/bin/surveyapp")

_BASELINE = """
import sys
import pandas as pd
from sqlalchemy import create_engine
engine = create_engine(sys.argv[1])
rows = pd.read_sql(
    "SELECT answer.response_id, answer.question_id, answer.item, answer.value_code, "
    "answer.text, answer.number FROM answer JOIN response "
    "ON response.id = answer.response_id JOIN study ON study.id = response.study_id "
    "WHERE study.slug = 'bench' AND response.status IN ('submitted', 'verified')",
    engine,
)
rows["value"] = rows["value_code"].where(rows["value_code"] != "", rows["text"])
rows["value"] = rows["value"].fillna(rows["number"])
rows["column"] = rows["question_id"] + rows["item"]
wide = rows.pivot_table(
    index="response_id", columns="column", values="value", aggfunc="first"
)
wide.to_csv(sys.argv[2])
print(f"{len(rows)} answer rows, {wide.shape[0]} x {wide.shape[1]} wide")
"""


def measure(responses: int, folder: Path) -> None:
    url = database_url(str(folder / "study.db"))
    where = url.split("@")[-1] if "@" in url else "sqlite"
    took = load_study(url, responses)
    loaded = took["template"] + took["copied"]
    print(f"\n{responses:,} responses on {where} (loaded in {loaded:.0f} s)")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    plain = folder / "baseline.csv"
    base_s, base_mb, said = run_command([sys.executable, "-c", _BASELINE, url, str(plain)], env)
    label = "baseline: read_sql + pivot_table + to_csv"
    print(f"  {label:<44} {base_s:7.1f} s  {base_mb:6.0f} MiB  {_size(plain)}  ({said})")
    for suffix in ("csv", "sav", "dta"):
        output = folder / f"patient.{suffix}"
        seconds, peak, _ = run_command(
            [SURVEYAPP, "export", "data", SLUG, "-i", "patient", "-o", str(output)], env
        )
        label = f"export data -o patient.{suffix}"
        print(
            f"  {label:<44} {seconds:7.1f} s  {peak:6.0f} MiB  {_size(output)}  "
            f"{seconds / base_s:4.1f}x baseline"
        )


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 2**20:6.1f} MiB file"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    args = parser.parse_args()
    measure(args.responses, Path(tempfile.mkdtemp()))


if __name__ == "__main__":
    main()
