"""How much typing a returned paper form takes on the entry screen, and how fast keyed forms are
saved: keystrokes per form over generated returns of every paper questionnaire (the same key
convention the browser test drives), and forms saved per second through the app (Flask's test
client, no network, first keying plus data-quality rules).

    .venv/bin/python -m benchmarks.paper_keying [--forms 300] [--save 100]

Prints figures; asserts nothing. Answers are generated as the demo generates them (about 8% of
questions left blank, follow-ups answered only when their condition holds), with the written
answers of the demo phrases: real returns with long comments take more keys.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from questionnaires import DEFINITIONS_ROOT, find_definition_files, load_file
from surveyapp.app import create_app
from surveyapp.extensions import db
from surveyapp.migrate import upgrade
from surveyapp.paper.keystrokes import key_sequence, keystrokes, typed_boxes
from surveyapp.services.accounts import create_user
from surveyapp.services.definitions import publish_all
from surveyapp.services.demo import generate_answers
from surveyapp.services.paper import print_batch
from surveyapp.services.studies import create_study
from tests.helpers import PASSWORD, hidden_fields, login

SERIAL_KEYS = 7 + 1  # six digits and the check digit, then Enter
TABS = ("Tab", "Shift+Tab")


def keystroke_figures(forms: int, seed: int) -> None:
    rng = random.Random(seed)
    print(
        f"Keystrokes per form ({forms} generated returns each, serial and Enter included), "
        "with every box in Tab order (no script) and with Tab passing over a 'please specify' "
        "box whose 'Other' is not keyed (the entry screen's script):"
    )
    for path in find_definition_files(DEFINITIONS_ROOT):
        definition = load_file(path)
        if definition.kind == "shared" or "paper" not in definition.channels:
            continue
        every: list[int] = []
        skipping: list[int] = []
        tabs: dict[bool, list[int]] = {False: [], True: []}
        text_keys = []
        for _ in range(forms):
            answers = generate_answers(definition, rng)
            boxes = typed_boxes(definition, answers)
            for skip, counts in ((False, every), (True, skipping)):
                sequence = key_sequence(definition, boxes, skip_specify=skip)
                counts.append(SERIAL_KEYS + keystrokes(sequence))
                tabs[skip].append(sum(1 for kind, key in sequence if key in TABS))
            text_keys.append(sum(len(a.text or "") + len(a.other_text or "") for a in answers))
        print(
            f"  {definition.label:<22} median {statistics.median(every):>5.0f} -> "
            f"{statistics.median(skipping):>4.0f}  mean {statistics.mean(every):>6.1f} -> "
            f"{statistics.mean(skipping):>6.1f}  Tabs mean {statistics.mean(tabs[False]):>5.1f}"
            f" -> {statistics.mean(tabs[True]):>5.1f}   written text: mean "
            f"{statistics.mean(text_keys):.0f}"
        )


def saving_figures(forms: int, seed: int) -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
            "SECRET_KEY": "bench",
            "SERVER_NAME": "localhost",
        }
    )
    upgrade(app.extensions["surveyapp.engine"])
    with app.app_context():
        publish_all(db.session)
        create_study(db.session, "bench", "Benchmark", ["patient/v1"])
        create_user(db.session, "keyer@example.org", "Keyer", "volunteer", PASSWORD)
        serials = [f.serial for f in print_batch(db.session, "bench", "patient", 1, forms).forms]
    definition = load_file(DEFINITIONS_ROOT / "patient" / "v1.yaml")
    client = app.test_client()
    login(client, "keyer@example.org")
    token = hidden_fields(client.get("/entry/").get_data(as_text=True))
    rng = random.Random(seed)
    latencies = []
    started = time.perf_counter()
    for serial in serials:
        boxes = typed_boxes(definition, generate_answers(definition, rng))
        before = time.perf_counter()
        saved = client.post(f"/entry/forms/{serial}", data={**token, **boxes})
        latencies.append(time.perf_counter() - before)
        assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    elapsed = time.perf_counter() - started
    latencies.sort()
    print(
        f"Saving keyed patient v1 forms on SQLite: {forms / elapsed:.1f} forms/s; "
        f"median {1000 * statistics.median(latencies):.1f} ms, "
        f"95th percentile {1000 * latencies[int(0.95 * (len(latencies) - 1))]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=300, help="generated returns per form")
    parser.add_argument("--save", type=int, default=100, help="forms saved through the app")
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    keystroke_figures(args.forms, args.seed)
    if args.save:
        saving_figures(args.save, args.seed)


if __name__ == "__main__":
    main()
