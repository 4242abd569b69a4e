"""What a launch-day peak feels like: respondents completing the patient form page by page, as a
browser does, against the app served by gunicorn, beside the thin Flask app (benchmarks/
thin_app.py) served the same way in the same run. A closed loop: each simulated person starts
the next form as soon as the last is acknowledged.

    .venv/bin/python -m benchmarks.serving [--users 32] [--seconds 20] [--configs 2x4 4x2]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \
        .venv/bin/python -m benchmarks.serving

Prints completed submissions per second, request latency p50/p95/p99, errors, the ratio to the
thin app, and then checks in the database that every acknowledged submission is stored exactly
once. With --workbook, a staff member asks for the appendix workbook of a study of that many
responses while the patients answer (jobs on Redis, one RQ worker), and the patients' figures are
printed again. Loopback only; asserts nothing but the count of stored submissions.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sqlalchemy import create_engine, select, text

from benchmarks.online_submission import PAGE1, PAGE2
from surveyapp.migrate import upgrade
from surveyapp.models import Response
from surveyapp.services.definitions import publish_all
from surveyapp.services.engine import make_engine, session_factory
from surveyapp.services.studies import create_study
from tests.helpers import hidden_fields

ROOT = Path(__file__).resolve().parent.parent
# The answers of benchmarks.online_submission, page by page (the third page left blank).
PAGES = [PAGE1, PAGE2, {}]


@dataclass
class Tally:
    submitted: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
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
    total = Tally()
    for t in tallies:
        total.submitted += t.submitted
        total.errors += t.errors
        total.latencies += t.latencies
        total.references += t.references
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


def load(port: int, kind: str, users: int, seconds: float, processes: int) -> tuple[Tally, float]:
    start_at = time.time() + 2  # every process connected and waiting
    stop_at = start_at + seconds
    share = [users // processes + (1 if i < users % processes else 0) for i in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        parts = pool.map(_client, [(port, kind, n, start_at, stop_at) for n in share if n])
    total = Tally()
    for part in parts:
        total.submitted += part.submitted
        total.errors += part.errors
        total.latencies += part.latencies
        total.references += part.references
    return total, seconds


def report(label: str, tally: Tally, seconds: float) -> float:
    rate = tally.submitted / seconds
    p50, p95, p99 = (_percentile(tally.latencies, share) for share in (0.5, 0.95, 0.99))
    print(
        f"  {label:<34} {rate:7.1f} submissions/s  requests p50 {p50:6.1f} ms  p95 "
        f"{p95:6.1f} ms  p99 {p99:6.1f} ms  errors {tally.errors}"
    )
    return rate


def _prepare(url: str) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
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
        _prepare(url)
        if base:
            with create_engine(thin_url).begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS thin_submission"))
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


if __name__ == "__main__":
    main()
