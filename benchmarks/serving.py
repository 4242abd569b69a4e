"""What a launch-day peak feels like: respondents completing the patient form page by page, as a
browser does, against the app served by gunicorn, beside the thin Flask app (benchmarks/
thin_app.py) served the same way in the same run. A closed loop: each simulated person starts
the next form as soon as the last is acknowledged.

    .venv/bin/python -m benchmarks.serving [--users 32] [--seconds 20] [--configs 2x4 4x2]
        [--workbook 100000 [--volunteers 4]]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \
        .venv/bin/python -m benchmarks.serving

Prints completed submissions per second, request latency p50/p95/p99, errors, the ratio to the
thin app, and then checks in the database that every acknowledged submission is stored exactly
once. With --workbook N, the study holds N responses, and the patients answer once more with
everyone else at once: volunteers keying returned paper forms (--volunteers, 4) and a staff
member asking for the study's appendix workbook, built as a job on Redis by one worker at lower
priority (as scripts/production.sh runs it); it prints the patients' latency while the workbook
was built, the volunteers' forms/s and wait from Enter to the next serial box, and how long the
workbook took. Loopback only; asserts nothing but that every acknowledged submission is stored.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import redis
from sqlalchemy import create_engine, select, text

from benchmarks import thin_app
from benchmarks.findings_at_scale import SURVEYAPP, StaffBrowser
from benchmarks.online_submission import PAGE1, PAGE2
from benchmarks.study_data import SLUG, load_study
from questionnaires import DEFINITIONS_ROOT, load_file
from surveyapp.app import create_app
from surveyapp.extensions import db
from surveyapp.migrate import upgrade
from surveyapp.models import Response
from surveyapp.paper.keystrokes import typed_boxes
from surveyapp.services.accounts import create_user
from surveyapp.services.definitions import publish_all
from surveyapp.services.demo import generate_answers
from surveyapp.services.engine import make_engine, session_factory
from surveyapp.services.paper import print_batch
from surveyapp.services.studies import create_study
from tests.helpers import PASSWORD, hidden_fields

ROOT = Path(__file__).resolve().parent.parent
# The answers of benchmarks.online_submission, page by page (the third page left blank).
PAGES = [PAGE1, PAGE2, {}]


@dataclass
class Tally:
    submitted: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    # When each request was sent (wall clock), to pick the ones made while a workbook was built.
    sent_at: list[float] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


class Browser:
    """One person's browser: a kept-alive connection and the session cookie."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, data, headers)
            reply = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.request(method, path, data, headers)
            reply = self.connection.getresponse()
        page = reply.read().decode("utf-8", "replace")
        cookie = reply.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        location = reply.getheader("Location") or ""
        return reply.status, page, urlsplit(location).path if location else ""


def _timed(tally: Tally, browser: Browser, method: str, path: str, body: dict | None = None):
    tally.sent_at.append(time.time())
    started = time.perf_counter()
    result = browser.request(method, path, body)
    tally.latencies.append(time.perf_counter() - started)
    return result


def patient_app(browser: Browser, tally: Tally) -> bool:
    """A whole patient form, page by page, then its reference page."""
    path = "/s/bench/patient"
    for answers in PAGES:
        status, page, _ = _timed(tally, browser, "GET", path)
        if status != 200:
            return False
        status, _, location = _timed(
            tally, browser, "POST", path, {**hidden_fields(page), **answers}
        )
        if status != 302:
            return False
        path = location
    status, page, _ = _timed(tally, browser, "GET", path)
    if status != 200 or "/done/" not in path:
        return False
    tally.references.append(path.rsplit("/", 1)[1])
    return True


def patient_thin(browser: Browser, tally: Tally) -> bool:
    status, page, _ = _timed(tally, browser, "GET", "/form")
    if status != 200:
        return False
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    status, _, location = _timed(
        tally,
        browser,
        "POST",
        "/form",
        {"csrf_token": token.group(1) if token else "", "answer": "Fairly easy"},
    )
    if status != 302:
        return False
    status, _, _ = _timed(tally, browser, "GET", location)
    if status != 200:
        return False
    tally.references.append(location.rsplit("/", 1)[1])
    return True


def _client(args: tuple[int, str, int, float, float]) -> Tally:
    """One client process: ``users`` threads, each a person doing forms until ``stop_at``."""
    port, kind, users, start_at, stop_at = args
    flow = patient_app if kind == "app" else patient_thin
    tallies = [Tally() for _ in range(users)]

    def person(tally: Tally) -> None:
        browser = Browser(port)
        while time.time() < start_at:
            time.sleep(0.01)
        while time.time() < stop_at:
            measured = Tally()
            try:
                ok = flow(browser, measured)
            except (OSError, http.client.HTTPException):  # refused, reset, timed out: an error
                ok = False
            tally.latencies += measured.latencies
            tally.sent_at += measured.sent_at
            if ok:
                tally.submitted += 1
                tally.references += measured.references
            else:
                tally.errors += 1
                browser = Browser(port)

    threads = [threading.Thread(target=person, args=(t,)) for t in tallies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return combined(tallies)


def combined(parts: list[Tally]) -> Tally:
    total = Tally()
    for part in parts:
        total.submitted += part.submitted
        total.errors += part.errors
        total.latencies += part.latencies
        total.sent_at += part.sent_at
        total.references += part.references
    return total


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(target: str, workers: int, threads: int, env: dict[str, str]) -> tuple:
    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "-k", "gthread", "-w", str(workers)),
            *("--threads", str(threads), "-b", f"127.0.0.1:{port}", "--timeout", "120", target),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Ready when every worker answers (gunicorn accepts connections before its workers have
    # imported the app): a few requests in a row, each answered.
    answered = 0
    for _ in range(1200):
        try:
            Browser(port).request("GET", "/form" if "thin" in target else "/")
            answered += 1
            if answered >= workers * 2:
                break
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
    return server, port


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def load(
    port: int, kind: str, users: int, seconds: float, processes: int, start_at: float = 0.0
) -> tuple[Tally, float]:
    start_at = start_at or time.time() + 2  # every process connected and waiting
    stop_at = start_at + seconds
    share = [users // processes + (1 if i < users % processes else 0) for i in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        parts = pool.map(_client, [(port, kind, n, start_at, stop_at) for n in share if n])
    return combined(parts), seconds


@dataclass
class Workbook:
    """What the staff member waited for: from asking to holding the file."""

    asked_at: float = 0.0
    ready_at: float = 0.0
    size: int = 0
    error: str = ""


def staff_workbook(port: int, start_at: float, outcome: Workbook) -> None:
    """A staff member signs in, asks for the appendix workbook a few seconds into the load,
    follows the progress page's status until the job is done, then downloads the file."""
    browser = StaffBrowser(f"http://127.0.0.1:{port}")
    browser.sign_in()
    while time.time() < start_at + 3:
        time.sleep(0.05)
    outcome.asked_at = time.time()
    try:
        address, body = browser.fetch(f"/staff/studies/{SLUG}/findings/appendix.xlsx")
        if not body.startswith(b"PK"):  # not ready at once: the job's progress page
            job = re.search(r"/staff/jobs/([0-9a-f]{32})", address)
            if job is None:
                raise RuntimeError(f"no file and no job page at {address}")
            while True:
                time.sleep(1)
                state = json.loads(browser.get(f"/staff/jobs/{job.group(1)}/status"))
                if state["state"] == "failed":
                    raise RuntimeError(state["message"])
                if state["state"] == "done":
                    break
            body = browser.fetch(f"/staff/jobs/{job.group(1)}/file")[1]
        outcome.size = len(body)
    except (OSError, RuntimeError) as exc:
        outcome.error = str(exc)
    outcome.ready_at = time.time()


def volunteer(port: int, email: str, serials: list[str], times: tuple[float, float]) -> Tally:
    """A volunteer keying returned patient forms one after another, as fast as the screen
    lets them: each form's boxes posted at once (the keys of benchmarks.paper_keying), then
    the page that shows what was saved with the next serial box. One latency per form."""
    start_at, stop_at = times
    tally = Tally()
    definition = load_file(DEFINITIONS_ROOT / "patient" / "v1.yaml")
    rng = random.Random(email)
    browser = StaffBrowser(f"http://127.0.0.1:{port}")
    browser.sign_in(email, PASSWORD)
    token = hidden_fields(browser.get("/entry/"))
    while time.time() < start_at:
        time.sleep(0.01)
    for serial in serials:
        if time.time() >= stop_at:
            break
        boxes = typed_boxes(definition, generate_answers(definition, rng))
        tally.sent_at.append(time.time())
        started = time.perf_counter()
        try:
            address, _ = browser.post(f"/entry/forms/{serial}", {**token, **boxes})
            keyed = "/entry/" in address
        except OSError:
            keyed = False
        tally.latencies.append(time.perf_counter() - started)
        if keyed:
            tally.submitted += 1
            tally.references.append(serial)
        else:
            tally.errors += 1
    return tally


def _prepare_keying(url: str, volunteers: int, forms: int) -> list[str]:
    """Volunteer accounts, and a printed batch of patient forms for them to key."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        for n in range(volunteers):
            create_user(db.session, f"keyer{n}@example.org", f"Keyer {n}", "volunteer", PASSWORD)
        serials = []
        while len(serials) < forms:  # in batches of as many as may be printed at once
            batch = print_batch(db.session, SLUG, "patient", 1, min(1000, forms - len(serials)))
            serials += [f.serial for f in batch.forms]
    app.extensions["surveyapp.engine"].dispose()
    return serials


def during(tally: Tally, start: float, end: float) -> Tally:
    """The requests sent between ``start`` and ``end``."""
    kept = Tally()
    kept.latencies = [
        latency
        for latency, sent in zip(tally.latencies, tally.sent_at, strict=True)
        if start <= sent <= end
    ]
    return kept


def report(label: str, tally: Tally, seconds: float) -> float:
    rate = tally.submitted / seconds
    p50, p95, p99 = (_percentile(tally.latencies, share) for share in (0.5, 0.95, 0.99))
    print(
        f"  {label:<34} {rate:7.1f} submissions/s  requests p50 {p50:6.1f} ms  p95 "
        f"{p95:6.1f} ms  p99 {p99:6.1f} ms  errors {tally.errors}"
    )
    return rate


def _prepare(url: str, responses: int) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    if responses:
        # The study the patients answer holds ``responses`` already: the workbook's study.
        engine.dispose()
        load_study(url, responses)
        return
    upgrade(engine)
    with session_factory(engine, None, None)() as session:
        publish_all(session)
        create_study(session, "bench", "Benchmark", ["patient/v1"])
    engine.dispose()


def _stored(url: str, references: list[str], kind: str) -> tuple[int, int, int]:
    """Of the acknowledged references, how many are missing from the database; how many rows
    it holds; and how many references were acknowledged. A reference stored twice fails."""
    engine = create_engine(url)
    with engine.connect() as conn:
        if kind == "app":
            stored = conn.scalars(
                select(Response.reference).where(Response.status == "submitted")
            ).all()
        else:
            stored = conn.scalars(text("SELECT reference FROM thin_submission")).all()
    engine.dispose()
    if len(set(stored)) != len(stored):
        raise SystemExit("a submission was stored twice")
    acknowledged = set(references)
    return len(acknowledged - set(stored)), len(stored), len(acknowledged)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--configs", nargs="+", default=["2x4"], help="workers x threads")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument(
        "--workbook",
        type=int,
        default=0,
        metavar="RESPONSES",
        help="the study holds this many responses, and patients answer once more while a staff "
        "member has its appendix workbook built (jobs on Redis, one worker, as "
        "scripts/production.sh runs them)",
    )
    parser.add_argument("--volunteers", type=int, default=4, help="keying, with --workbook")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL")
    folder = Path(tempfile.mkdtemp())
    print(
        f"database: {'PostgreSQL' if base else 'SQLite'}; {args.users} users; {args.seconds} s each"
    )
    for config in args.configs:
        workers, threads = (int(n) for n in config.split("x"))
        url = base or f"sqlite:///{folder / f'app-{config}.db'}"
        thin_url = base or f"sqlite:///{folder / f'thin-{config}.db'}"
        _prepare(url, args.workbook)
        thin_engine = create_engine(thin_url)
        with thin_engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS thin_submission"))
        # Made here, once: two gunicorn workers creating it at the same moment collide on
        # PostgreSQL, and the one that loses does not boot.
        thin_app.Base.metadata.create_all(thin_engine)
        thin_engine.dispose()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SURVEYAPP_SECRET_KEY": "bench",
            "THIN_DATABASE_URL": thin_url,
        }
        env.pop("SURVEYAPP_REDIS_URL", None)
        print(f"gunicorn -w {workers} --threads {threads}:")
        rates = {}
        for kind, target in (("thin", "benchmarks.thin_app:create()"), ("app", "wsgi:app")):
            server, port = _serve(target, workers, threads, env)
            try:
                tally, seconds = load(port, kind, args.users, args.seconds, args.client_processes)
            finally:
                server.terminate()
                server.wait(timeout=60)
            label = {
                "thin": "thin Flask app (form, insert, page)",
                "app": "our app (3 pages + ref.)",
            }
            rates[kind] = report(label[kind], tally, seconds)
            missing, stored, acknowledged = _stored(
                url if kind == "app" else thin_url, tally.references, kind
            )
            print(f"    acknowledged {acknowledged}; stored {stored}, each once; missing {missing}")
            if missing:
                raise SystemExit("an acknowledged submission is not in the database")
        print(f"  ratio to the thin app: {rates['app'] / rates['thin']:.2f}")
        if args.workbook:
            workbook_phase(url, env, workers, threads, args)


def workbook_phase(
    url: str, env: dict[str, str], workers: int, threads: int, args: argparse.Namespace
) -> None:
    """Everyone at once: patients answer, volunteers key paper, and a staff member has the
    workbook of the whole study built by a job worker beside the app."""
    env = {**env, "SURVEYAPP_REDIS_URL": args.redis}
    redis.Redis.from_url(args.redis).flushdb()
    serials = _prepare_keying(url, args.volunteers, 1500 * max(args.volunteers, 1))
    # As scripts/production.sh starts it: at a lower priority than the app, so that the
    # machine's cores go to the people waiting for a page first.
    worker = subprocess.Popen(
        [SURVEYAPP, "jobs", "worker"],
        cwd=ROOT,
        preexec_fn=lambda: os.nice(10),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server, port = _serve("wsgi:app", workers, threads, env)
    outcome = Workbook()
    start_at = time.time() + 4
    times = (start_at, start_at + args.seconds)
    try:
        with ThreadPoolExecutor(args.volunteers + 1) as others:
            staff = others.submit(staff_workbook, port, start_at, outcome)
            keying = [
                others.submit(
                    volunteer, port, f"keyer{n}@example.org", serials[n :: args.volunteers], times
                )
                for n in range(args.volunteers)
            ]
            tally, seconds = load(
                port, "app", args.users, args.seconds, args.client_processes, start_at
            )
            staff.result()
            keyers = [k.result() for k in keying]
    finally:
        server.terminate()
        worker.terminate()
        server.wait(timeout=60)
        worker.wait(timeout=60)
    if outcome.error:
        raise SystemExit(f"the workbook was not built: {outcome.error}")
    print(
        f"  everyone at once: {args.volunteers} volunteers keying, a staff member's workbook "
        "(a job on Redis, its worker at lower priority)"
    )
    report("patients", tally, seconds)
    ended = start_at + seconds
    window = during(tally, outcome.asked_at, min(outcome.ready_at, ended))
    p50, p95, p99 = (_percentile(window.latencies, share) for share in (0.5, 0.95, 0.99))
    print(
        f"    {len(window.latencies)} of their requests sent while the workbook was built: "
        f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms"
    )
    keyed = combined(keyers)
    p50, p95, p99 = (_percentile(keyed.latencies, share) for share in (0.5, 0.95, 0.99))
    print(
        f"  volunteers keying                  {keyed.submitted / seconds:7.1f} forms/s        "
        f"save + next p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms  "
        f"errors {keyed.errors}"
    )
    built = outcome.ready_at - outcome.asked_at
    print(
        f"  staff: the workbook of {args.workbook:,} responses ({outcome.size / 1e3:.0f} kB) was "
        f"ready {built:.1f} s after it was asked for"
        + (" (after the patients stopped)" if outcome.ready_at > ended else "")
    )
    missing, _stored_rows, acknowledged = _stored(url, tally.references, "app")
    lost = _keyed_missing(url, keyed.references)
    print(
        f"    patients acknowledged {acknowledged}, missing {missing}; "
        f"forms keyed {len(keyed.references)}, missing {lost}"
    )
    if missing or lost:
        raise SystemExit("an acknowledged submission is not in the database")


def _keyed_missing(url: str, serials: list[str]) -> int:
    """How many of the forms the volunteers saw saved are not stored as keyed paper."""
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = set(
            conn.scalars(select(Response.paper_serial).where(Response.paper_serial.is_not(None)))
        )
    engine.dispose()
    return len(set(serials) - stored)


if __name__ == "__main__":
    main()
