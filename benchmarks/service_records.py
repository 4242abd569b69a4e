"""A national network's year of social-prescribing referrals through the real commands: the
records file imported (``surveyapp import records``), imported again (nothing changes), and the
evaluation workbook and report written (``surveyapp export evaluation``: every measure, from the
database),
each a process of its own, with seconds and peak memory; beside reading the same file with
pandas in a process of its own (the plain baseline, in the same run).

    .venv/bin/python -m benchmarks.service_records [--records 1000000]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m benchmarks.service_records

Prints figures; asserts nothing. The records are generated: 40 PCNs of 5 practices, 200 link
workers, waits of 0-40 days, support of 1-12 months (a tenth still open), one to three needs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import tempfile
from pathlib import Path

from benchmarks.findings_at_scale import PYTHON, SURVEYAPP
from benchmarks.processes import run_command
from benchmarks.study_data import database_url
from surveyapp.app import create_app
from surveyapp.extensions import db
from surveyapp.migrate import upgrade
from surveyapp.services.definitions import publish_all
from surveyapp.services.studies import create_study

NEEDS = ("housing", "mental health", "welfare and debt", "loneliness", "physical activity",
         "employment", "carer support")  # fmt: skip
SUPPORT = ("Citizens Advice", "walking group", "housing options", "talking therapies",
           "befriending", "food bank")  # fmt: skip
HEADER = ["referral_id", "person_id", "referral_date", "referral_source", "practice", "pcn",
          "link_worker", "first_contact_date", "declined", "needs", "support_offered",
          "discharge_date", "age_band", "gender", "ward"]  # fmt: skip
START = dt.date(2021, 3, 1)


def write_records(path: Path, count: int, seed: int = 2023) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for n in range(count):
            referred = START + dt.timedelta(days=rng.randrange(396))
            pcn = rng.randrange(40)
            declined = rng.random() < 0.08
            contact = gone = None
            if not declined and rng.random() < 0.97:
                contact = referred + dt.timedelta(days=rng.randrange(41))
                if rng.random() < 0.9:
                    gone = contact + dt.timedelta(days=rng.randrange(30, 366))
            needs = rng.sample(NEEDS, rng.randint(1, 3))
            out.writerow(
                [
                    f"R{n:07d}",
                    f"P{rng.randrange(count):07d}",
                    referred.isoformat(),
                    rng.choice(("GP", "self", "mental health team", "social care")),
                    f"Practice {pcn}-{rng.randrange(5)}",
                    f"PCN {pcn}",
                    f"Link worker {rng.randrange(200)}",
                    contact.isoformat() if contact else "",
                    "yes" if declined else "no",
                    "; ".join(needs),
                    "; ".join(rng.sample(SUPPORT, rng.randint(0, 2))),
                    gone.isoformat() if gone else "",
                    rng.choice(("18-24", "25-44", "45-64", "65-74", "75+")),
                    rng.choice(("Woman", "Man", "Non-binary")),
                    f"Ward {rng.randrange(60)}",
                ]
            )


_BASELINE = """
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
print(f"read {len(frame)} rows")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database", help="a SQLite file (default: a new temporary one)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = database_url(args.database or str(folder / "records.db"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(db.engine)
        publish_all(db.session)
        create_study(db.session, "network", "A network's year", ["ons4/v1"])
    app.extensions["surveyapp.engine"].dispose()
    records = folder / "records.csv"
    write_records(records, args.records)
    env = {**os.environ, "DATABASE_URL": url, "SURVEYAPP_SECRET_KEY": "bench"}
    book = folder / "evaluation.xlsx"
    period = ["--from", "2021-03-01", "--to", "2022-03-31"]
    steps = [
        ("pandas.read_csv of the file (baseline)", [PYTHON, "-c", _BASELINE, str(records)]),
        ("surveyapp import records", [SURVEYAPP, "import", "records", "network", str(records)]),
        ("the same file again", [SURVEYAPP, "import", "records", "network", str(records)]),
        (
            "surveyapp export evaluation (measures + workbook)",
            [SURVEYAPP, "export", "evaluation", "network", *period, "-o", str(book)],
        ),
        (
            "... the report (measures + charts), HTML",
            [SURVEYAPP, "export", "evaluation", "network", *period, "-o",
             str(book.with_suffix(".html"))],
        ),
        (
            "... the report, Word",
            [SURVEYAPP, "export", "evaluation", "network", *period, "-o",
             str(book.with_suffix(".docx"))],
        ),
    ]  # fmt: skip
    size = records.stat().st_size / 2**20
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"{args.records:,} referral records ({size:,.0f} MiB CSV) on {kind}:")
    for what, command in steps:
        seconds, peak, said = run_command(command, env)
        print(f"  {what:<52} {seconds:7.1f} s  peak {peak:7.0f} MiB   {said[:90]}")


if __name__ == "__main__":
    main()
