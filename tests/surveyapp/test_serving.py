"""Two app processes behind one address space, one RQ worker, one PostgreSQL and a real Redis,
as production runs them (gunicorn, ``surveyapp jobs worker``): any process answers any request.
A staff member starts a workbook on process A, follows it on B and downloads it; a patient
starts a form on A and finishes it on B; a worker killed in the middle of a job leaves nothing
half-written, and the job is done when tried again."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook
from redis import Redis
from sqlalchemy import func, select

from surveyapp.extensions import db
from surveyapp.models import Job, Response, StoredFile
from surveyapp.services.demo import load_demo
from surveyapp.services.paper import print_batch
from tests.conftest import _empty_tables, make_app
from tests.helpers import hidden_fields, wait_for_job

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/14"
STUDY = "/staff/studies/bromley-social-prescribing"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


class Cluster:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.apps: list[subprocess.Popen] = []
        self.urls: list[str] = []
        self.worker: subprocess.Popen | None = None

    def start_app(self) -> str:
        port = _port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "1",
                "--threads",
                "4",
                "-b",
                f"127.0.0.1:{port}",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                requests.get(f"{url}/login", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        self.apps.append(process)
        self.urls.append(url)
        return url

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "surveyapp", "jobs", "worker"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def kill_worker(self) -> None:
        """SIGKILL the worker and the work-horse it forked for the job (RQ puts the horse in a
        session of its own, so it is found among the worker's children)."""
        assert self.worker is not None
        children = Path(f"/proc/{self.worker.pid}/task/{self.worker.pid}/children")
        horses = children.read_text().split() if children.exists() else []
        for pid in horses:
            os.kill(int(pid), signal.SIGKILL)
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=30)
        self.worker = None

    def stop(self) -> None:
        if self.worker is not None:
            self.kill_worker()
        for process in self.apps:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def cluster(database_urls) -> Iterator[tuple[Cluster, object]]:
    url = database_urls.get("postgresql")
    if url is None:
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)")
    redis = Redis.from_url(REDIS)
    try:
        redis.ping()
    except OSError as exc:  # scripts/test.sh starts Debian's redis-server when none answers
        pytest.fail(f"Redis does not answer at {REDIS}: {exc}")
    redis.flushdb()
    app = make_app(url)
    _empty_tables(app)
    with app.app_context():
        load_demo(db.session, patient_responses=200, seed=5)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SURVEYAPP_SECRET_KEY": "one-key-for-every-process",
        "SURVEYAPP_REDIS_URL": REDIS,
        "SURVEYAPP_JOB_STALE_SECONDS": "6",
    }
    running = Cluster(env)
    running.start_app()
    running.start_app()
    running.start_worker()
    try:
        yield running, app
    finally:
        running.stop()
        redis.flushdb()
        _empty_tables(app)
        app.extensions["surveyapp.engine"].dispose()


def _sign_in(browser: requests.Session, base: str) -> None:
    page = browser.get(f"{base}/login").text
    signed = browser.post(
        f"{base}/login",
        data={
            "csrf_token": _token(page),
            "email": "staff@example.org",
            "password": "demo-password-2023",
        },
        allow_redirects=False,
    )
    assert signed.status_code == 302, signed.text[:300]


def _wait(browser: requests.Session, job_url: str, seconds: float = 120) -> dict:
    return wait_for_job(lambda url: browser.get(url).json(), job_url, seconds, pause=0.2)


def test_a_workbook_started_on_one_process_is_followed_and_downloaded_on_another(cluster):
    running, _app = cluster
    a, b = running.urls
    browser = requests.Session()  # cookies are per host, not per port: A's session reaches B
    _sign_in(browser, a)
    asked = browser.get(f"{a}{STUDY}/findings/appendix.xlsx", allow_redirects=False)
    assert asked.status_code == 303
    job_path = asked.headers["Location"].replace(a, "")
    assert _wait(browser, f"{b}{job_path}")["state"] == "done"
    assert "Ready" in browser.get(f"{b}{job_path}").text
    download = browser.get(f"{b}{job_path}/file")
    workbook = load_workbook(io.BytesIO(download.content))
    assert len(workbook.sheetnames) > 1


def test_a_patient_starts_a_form_on_one_process_and_finishes_it_on_another(cluster):
    running, app = cluster
    a, b = running.urls
    patient = requests.Session()
    path = "/s/bromley-social-prescribing/patient"
    page = patient.get(f"{a}{path}").text
    posted = patient.post(
        f"{a}{path}",
        data={**hidden_fields(page), "filling_in_as": "current", "referred_by": "gp"},
        allow_redirects=False,
    )
    assert posted.status_code == 302, posted.text[:300]
    where = posted.headers["Location"].replace(a, "")
    for _ in range(5):  # the remaining pages, each on the other process
        page = patient.get(f"{b}{where}").text
        posted = patient.post(f"{b}{where}", data=hidden_fields(page), allow_redirects=False)
        assert posted.status_code == 302, posted.text[:300]
        where = posted.headers["Location"].replace(b, "")
        if "/done/" in where:
            break
    assert "/done/" in where, where
    reference = where.rsplit("/", 1)[1]
    assert reference in patient.get(f"{b}{where}").text
    with app.app_context():
        stored = db.session.scalars(select(Response).where(Response.reference == reference)).all()
        assert len(stored) == 1 and stored[0].status == "submitted"
        assert stored[0].channel == "online"


def test_a_worker_killed_mid_job_leaves_nothing_half_written_and_the_job_can_be_retried(cluster):
    running, app = cluster
    a, b = running.urls
    browser = requests.Session()
    _sign_in(browser, a)
    # The PDF of 2,000 paper forms: seconds of drawing, long enough to kill its worker midway.
    with app.app_context():
        batch = print_batch(db.session, "bromley-social-prescribing", "patient", None, 2000)
    asked = browser.get(f"{a}{STUDY}/paper/batches/{batch.id}.pdf", allow_redirects=False)
    assert asked.status_code == 303
    job_path = asked.headers["Location"].replace(a, "")
    job_id = job_path.rsplit("/", 1)[1]
    deadline = time.monotonic() + 60
    while browser.get(f"{b}{job_path}/status").json()["state"] != "running":
        assert time.monotonic() < deadline, "the worker never started the job"
        time.sleep(0.05)
    running.kill_worker()
    status = _wait(browser, f"{b}{job_path}", seconds=60)
    assert status["stale"] is True and status["state"] == "running", status
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.result_key is None  # nothing half-written
        files_before = db.session.scalar(select(func.count(StoredFile.key)))
    page = browser.get(f"{b}{job_path}").text
    assert "Try again" in page
    retried = browser.post(
        f"{b}{job_path}/retry", data={"csrf_token": _token(page)}, allow_redirects=False
    )
    assert retried.status_code == 303
    running.start_worker()
    assert _wait(browser, f"{a}{job_path}")["state"] == "done"
    assert browser.get(f"{a}{job_path}/file").content[:5] == b"%PDF-"
    with app.app_context():
        assert db.session.scalar(select(func.count(StoredFile.key))) == files_before + 1
