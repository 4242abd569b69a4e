"""How long every appendix table and the workbook take for large studies, and how much memory.

    .venv/bin/python -m benchmarks.appendix_tables            # 100,000 and 1,000,000 responses
    .venv/bin/python -m benchmarks.appendix_tables --sizes 10000 100000

Each size runs in a fresh process (so the peak memory is its own): it generates a tidy answer
frame of patient v1 responses (its 16 closed questions, equality section included: 16 rows a
response), then times ``analysis.tables.appendix_tables`` and
``exports.workbook.appendix_workbook``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.frames import TIDY_COLUMNS
from analysis.tables import appendix_tables
from exports.workbook import appendix_workbook
from questionnaires import load_file
from questionnaires.load import DEFINITIONS_ROOT

CLOSED = ("single", "scale", "range", "multiple")


def generate(responses: int, seed: int = 1) -> tuple[pd.DataFrame, object]:
    """A tidy frame: each closed question answered by every response (5% left blank), stored
    with categorical columns, as a real study's would be after loading."""
    definition = load_file(DEFINITIONS_ROOT / "patient" / "v1.yaml")
    rng = np.random.default_rng(seed)
    parts = []
    ids = np.arange(1, responses + 1, dtype=np.int32)
    for question in definition.questions():
        if question.type not in CLOSED:
            continue
        codes = [o.code for o in question.options] or [str(p) for p in question.range_points()]
        picks = rng.integers(0, len(codes), size=responses)
        blank = rng.random(responses) < 0.05
        parts.append(
            pd.DataFrame(
                {
                    "response_id": ids,
                    "question_id": question.id,
                    "value_code": np.where(blank, None, np.asarray(codes, dtype=object)[picks]),
                    "state": np.where(blank, "blank", "answered"),
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    for column in ("question_id", "value_code", "state"):
        frame[column] = frame[column].astype("category")
    frame["questionnaire"] = pd.Categorical(["patient"] * len(frame))
    frame["version"] = np.int16(1)
    frame["channel"] = pd.Categorical(["online"] * len(frame))
    for column in TIDY_COLUMNS:
        if column not in frame:
            frame[column] = pd.Categorical([None] * len(frame), categories=["x"])
    return frame[list(TIDY_COLUMNS)], definition


def run(responses: int) -> None:
    started = time.perf_counter()
    frame, definition = generate(responses)
    generated = time.perf_counter()
    tables = appendix_tables(frame, definition)
    tabulated = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        appendix_workbook(
            tables, Path(folder) / "a.xlsx", title="Benchmark", organisation="Benchmark"
        )
    written = time.perf_counter()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{responses:>9,} responses, {len(frame):>11,} answer rows: generate "
        f"{generated - started:6.2f} s, {len(tables)} tables {tabulated - generated:6.2f} s, "
        f"workbook {written - tabulated:5.2f} s; peak memory {peak_mib:,.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run(args.one)
        return
    for size in args.sizes:
        subprocess.run(
            [sys.executable, "-m", "benchmarks.appendix_tables", "--one", str(size)], check=True
        )


if __name__ == "__main__":
    main()
