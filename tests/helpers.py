"""Helpers for tests that post forms the way a browser does (hidden CSRF and start-key fields)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from html import unescape

from flask.testing import FlaskClient

PASSWORD = "correct horse battery staple"


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page (csrf_token, start_key), as a browser would send them."""
    fields = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = unescape(value.group(1)) if value else ""
    return fields


def submit_form(client: FlaskClient, url: str, data: dict, follow: bool = False):
    """GET ``url``, then POST ``data`` with the page's hidden fields, like a person would."""
    page = client.get(url)
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    return client.post(
        url, data={**hidden_fields(page.get_data(as_text=True)), **data}, follow_redirects=follow
    )


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    response = submit_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]


def wait_for_job(
    read_status: Callable[[str], dict], job_url: str, seconds: float = 60, pause: float = 0.1
) -> dict:
    """Follow a job's status page (``read_status`` fetches a URL's JSON, through the test client
    or a real server) until the job is done, failed or stale; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    status: dict = {}
    while time.monotonic() < deadline:
        status = read_status(f"{job_url}/status")
        if status["state"] in ("done", "failed") or status["stale"]:
            return status
        time.sleep(pause)
    raise AssertionError(f"job {job_url} still not finished after {seconds} s: {status}")
