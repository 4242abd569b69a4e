"""What staff wait for as a study grows: the appendix workbook, the report and the Findings page,
through the database, the real commands and the real server, beside a plain pandas baseline.

    .venv/bin/python -m benchmarks.findings_at_scale                      # 1k, 10k, 100k
    .venv/bin/python -m benchmarks.findings_at_scale --sizes 1000000
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m benchmarks.findings_at_scale --sizes 100000

For each size a study of N patient v1 responses is loaded (``benchmarks.study_data``: about 21
answer rows a response) and, each in its own process so that its peak memory is its own:

* baseline: ``pd.read_sql`` of the study's (question, answer) rows and ``value_counts``, the
  least any tabulation must do;
* ``surveyapp export appendix`` (the workbook) and ``surveyapp export report`` (.html and
  .docx), with no result kept from before (cold), then the workbook again (warm);
* the Findings page from ``surveyapp serve`` over HTTP, signed in as staff: cold, then warm.

Prints seconds, peak memory and the ratio to the baseline; asserts nothing. The PostgreSQL run
empties that database's public schema; never point it at data you keep.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text

from benchmarks.processes import ROOT, run_command
from benchmarks.study_data import SLUG, STAFF, database_url, load_study

SURVEYAPP = str(ROOT / ".venv/bin/surveyapp")
PYTHON = sys.executable

_BASELINE = """
import resource, sys, time
import pandas as pd
from sqlalchemy import create_engine
started = time.perf_counter()
engine = create_engine(sys.argv[1])
rows = pd.read_sql(
    "SELECT answer.question_id, answer.value_code FROM answer JOIN response "
    "ON response.id = answer.response_id JOIN study ON study.id = response.study_id "
    "WHERE study.slug = 'bench' AND response.status IN ('submitted', 'verified')",
    engine,
)
counts = rows.value_counts()
print(f"{len(rows)} rows, {len(counts)} distinct answers")
"""


def _forget_results(url: str) -> None:
    """Drop every kept result, so the next look works everything out again (cold)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM cached_result"))
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StaffBrowser:
    """A signed-in staff member's browser: cookies kept, forms posted with their CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        return self.fetch(path)[1].decode()

    def fetch(self, path: str) -> tuple[str, bytes]:
        """The address the answer came from (after redirects) and its body."""
        with self.opener.open(self.base + path, timeout=900) as reply:
            return reply.geturl(), reply.read()

    def post(self, path: str, data: dict[str, str]) -> tuple[str, bytes]:
        """Post a form; the redirect that follows is followed, as a browser does."""
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(self.base + path, body, timeout=60) as reply:
            return reply.geturl(), reply.read()

    def sign_in(self, email: str = STAFF[0], password: str = STAFF[1]) -> None:
        page = self.get("/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        self.post(
            "/login",
            {"email": email, "password": password, "csrf_token": token.group(1) if token else ""},
        )


def _findings_page(url: str, env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds for the Findings page, cold then warm, from the real server; and its size."""
    port = _free_port()
    server = subprocess.Popen(
        [SURVEYAPP, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        browser = StaffBrowser(f"http://127.0.0.1:{port}")
        for _ in range(200):
            try:
                browser.sign_in()
                break
            except OSError:
                time.sleep(0.1)
        _forget_results(url)
        path = f"/staff/studies/{SLUG}/findings"
        started = time.perf_counter()
        page = browser.get(path)
        cold = time.perf_counter() - started
        if "Key findings" not in page:
            raise SystemExit("the Findings page did not show its key findings")
        started = time.perf_counter()
        browser.get(path)
        warm = time.perf_counter() - started
        return cold, warm, len(page)
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(size: int, folder: Path) -> None:
    url = database_url(str(folder / f"study-{size}.db"))
    where = url.split("@")[-1] if "@" in url else "sqlite"
    took = load_study(url, size)
    print(f"\n{size:,} responses on {where} (loaded in {took['template'] + took['copied']:.0f} s)")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    base_s, base_mb, said = run_command([PYTHON, "-c", _BASELINE, url], env)
    print(
        f"  {'baseline: read_sql + value_counts':<40} {base_s:7.1f} s  {base_mb:6.0f} MiB  ({said})"
    )

    def step(label: str, args: list[str], *, cold: bool = True) -> None:
        if cold:
            _forget_results(url)
        seconds, peak, _ = run_command(args, env)
        print(f"  {label:<40} {seconds:7.1f} s  {peak:6.0f} MiB  {seconds / base_s:5.1f}x baseline")

    book, html, word = folder / "appendix.xlsx", folder / "report.html", folder / "report.docx"
    step(
        "export appendix (workbook), cold", [SURVEYAPP, "export", "appendix", SLUG, "-o", str(book)]
    )
    step(
        "export appendix, warm",
        [SURVEYAPP, "export", "appendix", SLUG, "-o", str(book)],
        cold=False,
    )
    step("export report (.html), cold", [SURVEYAPP, "export", "report", SLUG, "-o", str(html)])
    step(
        "export report (.docx), warm",
        [SURVEYAPP, "export", "report", SLUG, "-o", str(word)],
        cold=False,
    )
    cold, warm, size_bytes = _findings_page(url, env)
    label = "Findings page over HTTP, cold"
    print(f"  {label:<40} {cold:7.1f} s  {'':>10}  {cold / base_s:5.1f}x baseline")
    print(
        f"  {'Findings page over HTTP, warm':<40} {warm:7.2f} s  ({size_bytes / 1000:.0f} kB page)"
    )
    megabytes = html.stat().st_size / 1e6, word.stat().st_size / 1e6
    print(f"  report sizes: {megabytes[0]:.1f} MB html, {megabytes[1]:.1f} MB docx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    for size in args.sizes:
        measure(size, folder)


if __name__ == "__main__":
    main()
